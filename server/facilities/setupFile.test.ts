import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { bedfordSetupFile } from '../test/fixtures.ts';
import { isIanaTimeZone, parseSetupFile } from './setupFile.ts';

function problem(file: unknown): string {
  const text = typeof file === 'string' ? file : JSON.stringify(file);
  try {
    parseSetupFile(text);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid_input');
    return (error as DomainError).message;
  }
  throw new Error('expected the setup file to be rejected');
}

describe('setup file', () => {
  it('accepts the documented format exactly', () => {
    expect(parseSetupFile(JSON.stringify(bedfordSetupFile()))).toEqual(bedfordSetupFile());
  });

  it('accepts optional actions and settings objects and a byte-order mark', () => {
    const file = bedfordSetupFile();
    const facility = {
      ...file.facilities[0],
      actions: { reset: { script: 'x' } },
      settings: { openHour: 6 },
    };
    const parsed = parseSetupFile(`\uFEFF${JSON.stringify({ facilities: [facility] })}`);
    expect(parsed.facilities[0]?.actions).toEqual({ reset: { script: 'x' } });
    expect(parsed.facilities[0]?.settings).toEqual({ openHour: 6 });
  });

  it('checks the facts the SOPs quote, naming a misspelt or malformed one', () => {
    const file = bedfordSetupFile();
    const facility = { ...file.facilities[0], settings: { facts: { prices: { standard_hour: '$45' } } } };
    expect(parseSetupFile(JSON.stringify({ facilities: [facility] })).facilities[0]?.settings).toEqual({
      facts: { prices: { standard_hour: '$45' } },
    });
    const typo = { ...facility, settings: { facts: { prices: { standard_hr: '$45' } } } };
    expect(problem({ facilities: [typo] })).toContain('facilities[0].settings.facts.prices');
    const bad = { ...facility, settings: { facts: { email: 'not an email' } } };
    expect(problem({ facilities: [bad] })).toContain('facilities[0].settings.facts.email');
  });

  it('names the bad field path', () => {
    const file = bedfordSetupFile();
    (file.facilities[0]?.bays[1] as { ninjaDeviceId: unknown }).ninjaDeviceId = 'abc';
    expect(problem(file)).toBe(
      'Invalid setup file: facilities[0].bays[1].ninjaDeviceId: expected a positive integer',
    );
  });

  it.each([
    ['slug', 'Bedford Main', 'facilities[0].slug: expected lower-case letters'],
    ['timezone', 'Mars/Olympus', 'facilities[0].timezone: expected an IANA time zone'],
    ['timezone', '+02:00', 'facilities[0].timezone: expected an IANA time zone'],
    ['phoneNumber', '902-555-0100', 'facilities[0].phoneNumber: expected an E.164 phone number'],
    ['name', '', 'facilities[0].name: expected a non-empty string'],
  ])('rejects a bad %s (%j)', (field, value, message) => {
    const file = bedfordSetupFile();
    Object.assign(file.facilities[0] ?? {}, { [field]: value });
    expect(problem(file)).toContain(message);
  });

  it('rejects non-positive and fractional bay numbers and device ids', () => {
    for (const bad of [0, -1, 1.5]) {
      const file = bedfordSetupFile();
      Object.assign(file.facilities[0]?.bays[0] ?? {}, { number: bad });
      expect(problem(file)).toContain('facilities[0].bays[0].number: expected a positive integer');
    }
  });

  it('says which required field is missing', () => {
    const file = bedfordSetupFile();
    delete (file.facilities[0] as { phoneNumber?: string }).phoneNumber;
    expect(problem(file)).toBe('Invalid setup file: facilities[0].phoneNumber: is required');
  });

  it('names unknown fields instead of ignoring them', () => {
    const file = { ...bedfordSetupFile(), version: 2 };
    Object.assign(file.facilities[0]?.bays[0] ?? {}, { colour: 'red' });
    const message = problem(file);
    expect(message).toContain('version: unknown field');
    expect(message).toContain('facilities[0].bays[0].colour: unknown field');
  });

  it('rejects duplicate bay numbers, slugs and phone numbers', () => {
    const file = bedfordSetupFile();
    Object.assign(file.facilities[0]?.bays[1] ?? {}, { number: 1 });
    expect(problem(file)).toContain(
      'facilities[0].bays[1].number: bay number 1 is already used by facilities[0].bays[0]',
    );

    const twice = bedfordSetupFile();
    twice.facilities.push({ ...structuredClone(twice.facilities[0]), name: 'Again' } as never);
    const message = problem(twice);
    expect(message).toContain('facilities[1].slug: "bedford" is already used by facilities[0]');
    expect(message).toContain('facilities[1].phoneNumber: +19025550100 is already used by facilities[0]');
  });

  it('needs at least one facility', () => {
    expect(problem({ facilities: [] })).toContain('facilities: expected at least one facility');
    expect(problem({})).toContain('facilities: is required');
    expect(problem([])).toContain('(top level)');
  });

  it('says where invalid JSON breaks', () => {
    expect(problem('{"facilities": [\n  {"slug": "bedford",}\n]}')).toMatch(
      /^The setup file is not valid JSON: .*line 2 column/,
    );
  });

  it('knows IANA zones from offsets and nonsense', () => {
    expect(isIanaTimeZone('America/Halifax')).toBe(true);
    expect(isIanaTimeZone('UTC')).toBe(true);
    expect(isIanaTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isIanaTimeZone('Nowhere/Special')).toBe(false);
    expect(isIanaTimeZone('-05:00')).toBe(false);
  });
});
