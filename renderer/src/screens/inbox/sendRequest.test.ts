import { describe, expect, test } from 'vitest';
import { keyForSend, sendBlocker } from './sendRequest.ts';

describe('one idempotency key per send', () => {
  const fresh = () => 'new-key';

  test('a new press gets a new key', () => {
    expect(keyForSend(undefined, 'hi', fresh)).toBe('new-key');
    expect(keyForSend({ status: 'sending', key: 'k1', body: 'hi' }, 'hi', fresh)).toBe('new-key');
  });

  test('the same text again after the server could not be reached reuses the key, so it is sent once', () => {
    const failed = {
      status: 'failed',
      key: 'k1',
      body: 'hi',
      message: 'Cannot reach',
      retryable: true,
    } as const;
    expect(keyForSend(failed, 'hi', fresh)).toBe('k1');
    // Edited since: another text, another key.
    expect(keyForSend(failed, 'hi there', fresh)).toBe('new-key');
    // Refused by the server (it answered): nothing was queued, so a new key.
    expect(keyForSend({ ...failed, retryable: false }, 'hi', fresh)).toBe('new-key');
  });
});

describe('sendBlocker', () => {
  const ok = { sending: false, tooLong: false };
  test('says why the box cannot send', () => {
    expect(sendBlocker('hi', ok)).toBeNull();
    expect(sendBlocker('  ', ok)).toBe('Write a message first.');
    expect(sendBlocker('hi', { ...ok, tooLong: true })).toBe('Too long for one text: shorten it.');
    expect(sendBlocker('hi', { ...ok, sending: true })).toBe('Sending…');
  });
});
