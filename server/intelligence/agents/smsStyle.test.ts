import { describe, expect, it } from 'vitest';
import { toSmsText } from './smsStyle.ts';

describe('toSmsText', () => {
  it('removes markdown a phone would show as symbols', () => {
    const reply =
      '## Door code\n**Your PIN** is in the _confirmation_ email.\n- Tap `#` after it\n1. Then pull';
    expect(toSmsText(reply).text).toBe(
      'Door code\nYour PIN is in the confirmation email.\nTap # after it\nThen pull',
    );
  });

  it('keeps a link target readable instead of dropping it', () => {
    expect(toSmsText('Book at [our site](https://book.example.com).').text).toBe(
      'Book at our site (https://book.example.com).',
    );
  });

  it('leaves plain text and snake_case alone', () => {
    expect(toSmsText('Bay 3 is back. Use left_handed mode in settings.').text).toBe(
      'Bay 3 is back. Use left_handed mode in settings.',
    );
  });

  it('reports a reply over 320 characters instead of cutting it', () => {
    const long = 'a'.repeat(321);
    expect(toSmsText(long)).toEqual({ text: long, tooLong: true });
    expect(toSmsText('a'.repeat(320)).tooLong).toBe(false);
  });
});
