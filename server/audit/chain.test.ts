import { describe, expect, it } from 'vitest';
import { type ChainedContent, canonicalJson, chainHash, GENESIS_HASH } from './chain.ts';

const content: ChainedContent = {
  occurredAt: new Date('2025-03-01T12:34:56.789Z'),
  actorType: 'user',
  actorId: 'u-1',
  actorLabel: 'manager@example.com',
  action: 'user.update',
  targetType: 'user',
  targetId: 'u-2',
  facilityId: '7d3c1b36-4a3f-4b8e-9a52-0e1f3c5d6a7b',
  requestId: 'req-1',
  ip: '127.0.0.1',
  device: 'test',
  before: { role: 'frontdesk', facilities: ['a', 'b'] },
  after: { role: 'manager', facilities: ['a'] },
};

describe('canonicalJson', () => {
  it('sorts keys at every depth, whatever order they were built in', () => {
    const built = { b: 1, a: { d: [{ z: 1, y: 2 }], c: null } };
    const reordered = { a: { c: null, d: [{ y: 2, z: 1 }] }, b: 1 };
    expect(canonicalJson(built)).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson(reordered)).toBe(canonicalJson(built));
  });

  it('keeps array order, drops undefined keys, and writes dates as ISO strings', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(new Date('2025-01-02T03:04:05.006Z'))).toBe('"2025-01-02T03:04:05.006Z"');
  });

  it('is stable across calls and escapes strings as JSON does', () => {
    const value = { quote: 'say "hi"\n', emoji: '⛳', n: 1.5 };
    expect(canonicalJson(value)).toBe(canonicalJson(structuredClone(value)));
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });
});

describe('chainHash', () => {
  const base = chainHash(GENESIS_HASH, content);

  it('is a sha256 hex digest that does not depend on key order', () => {
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    const reversed = Object.fromEntries(Object.entries(content).reverse()) as ChainedContent;
    expect(chainHash(GENESIS_HASH, reversed)).toBe(base);
  });

  it('changes with the previous hash', () => {
    expect(chainHash('1'.repeat(64), content)).not.toBe(base);
  });

  const changes: Record<keyof ChainedContent, unknown> = {
    occurredAt: new Date(content.occurredAt.getTime() + 1),
    actorType: 'ai',
    actorId: 'u-9',
    actorLabel: 'someone@example.com',
    action: 'user.delete',
    targetType: 'facility',
    targetId: 'u-3',
    facilityId: null,
    requestId: 'req-2',
    ip: '10.0.0.1',
    device: 'kiosk',
    before: { role: 'frontdesk', facilities: ['b', 'a'] },
    after: { role: 'admin', facilities: ['a'] },
  };

  it.each(Object.entries(changes))('changes when %s changes', (field, changed) => {
    expect(chainHash(GENESIS_HASH, { ...content, [field]: changed })).not.toBe(base);
  });
});
