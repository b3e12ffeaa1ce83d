import { describe, expect, it } from 'vitest';
import { EgressRefusedError, egressScan, Redactor, redactPii } from './redaction.ts';

const known = { names: ['Zoë Ćavić', 'Will Baxter', 'Mary Smith'], phones: ['+19025550177'] };

function expectGone(text: string, values: string[]) {
  const { text: redacted } = redactPii(text, known);
  for (const value of values) expect(redacted).not.toContain(value);
  expect(egressScan(redacted, known)).toEqual({ ok: true });
  return redacted;
}

describe('redactPii', () => {
  it('replaces phone numbers in every common format, the same number with the same placeholder', () => {
    const phones = ['+1 902 555 0142', '(902) 555-0142', '902.555.0142', '9025550142', '902-555-0142'];
    const result = redactPii(`call ${phones.join(' or ')} or +44 20 7946 0958`, known);
    expect(result.text).toBe(
      'call [PHONE_1] or [PHONE_1] or [PHONE_1] or [PHONE_1] or [PHONE_1] or [PHONE_2]',
    );
    expect(result.found.every((found) => found.kind === 'phone')).toBe(true);
  });

  it("finds a contact's own number however it is split", () => {
    expect(redactPii('my number is 902 5550 177', known).text).toBe('my number is [PHONE_1]');
  });

  it('replaces emails and card numbers written with spaces, dashes or nothing', () => {
    expectGone(
      'mail Dana.X+golf@Example.com, card 4111 1111 1111 1111, 4111-1111-1111-1111, 378282246310005',
      ['Dana.X+golf@Example.com', '4111', '3782822'],
    );
  });

  it('replaces door codes and PINs however they are asked for', () => {
    const text =
      'code is 4821, PIN: 0042, door code A7K2, #1234, passcode 98765, the access code is 312, just 5530';
    const redacted = expectGone(text, ['4821', '0042', 'A7K2', '1234', '98765', '312', '5530']);
    expect(redacted).toContain('code is [CODE_1], PIN: [CODE_2]');
  });

  it('replaces contact names in full, by first or last name, in any case and without accents', () => {
    const redacted = expectGone('zoe cavic here; ZOË said hi; Mary Smith and mary and SMITH', [
      'zoe',
      'ZOË',
      'cavic',
      'Mary',
      'mary',
      'SMITH',
    ]);
    expect(redacted).toBe('[NAME_1] here; [NAME_2] said hi; [NAME_3] and [NAME_4] and [NAME_5]');
  });

  it('leaves a contact called Will out of "will", but not out of "Will"', () => {
    expect(redactPii('Baxter will come, Will said', known).text).toBe('[NAME_1] will come, [NAME_2] said');
  });

  it('catches names people give themselves', () => {
    expect(redactPii("my name is Dana Lee. I'm locked out. Thanks, Robin", known).text).toBe(
      "my name is [NAME_1]. I'm locked out. Thanks, [NAME_2]",
    );
  });

  it('keeps bay numbers, times, prices and years', () => {
    const text = 'bay 3 at 7pm or 19:30, $45 an hour in 2026, till 10PM, bays 1 2 3';
    expect(redactPii(text, known).text).toBe(text);
  });

  it('numbers placeholders across a batch when the texts share a Redactor', () => {
    const redactor = new Redactor(known);
    expect(redactor.redact('text 902-555-0142').text).toBe('text [PHONE_1]');
    expect(redactor.redact('or 902-555-0199, or (902) 555 0142').text).toBe('or [PHONE_2], or [PHONE_1]');
  });

  it('leaves placeholders alone when redacting again', () => {
    const once = redactPii('call 902-555-0142, code 4821, Mary', known).text;
    expect(redactPii(once, known).text).toBe(once);
  });
});

describe('egressScan', () => {
  const leftovers: Array<[string, string]> = [
    ['phone', '+1 (902) 555-0123'],
    ['email', 'pat@example.org'],
    ['card', '5500-0000-0000-0004'],
    ['code', 'PIN 7719'],
    ['name', 'Zoe'],
  ];

  it.each(leftovers)(
    'refuses a prompt with a leftover %s, naming its position and not its value',
    (kind, value) => {
      const prompt = `[NAME_1] wrote: please help, ${value}, bay 3 at 7pm`;
      const scan = egressScan(prompt, known);
      expect(scan.ok).toBe(false);
      if (scan.ok) return;
      expect(scan.problems).toEqual([
        `${kind} at character ${prompt.indexOf(value) + (kind === 'code' ? 4 : 0)}`,
      ]);
      const error = new EgressRefusedError(scan.problems);
      for (const text of [...scan.problems, error.message]) expect(text).not.toContain(value.slice(-4));
    },
  );

  it('accepts placeholders, SOP fact placeholders and harmless numbers', () => {
    const prompt = 'Call [PHONE_12] or {{facts.phone.staff}}; [CODE_1234] opens bay 3 from 7pm, $45.';
    expect(egressScan(prompt, known)).toEqual({ ok: true });
  });
});
