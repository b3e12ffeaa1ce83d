import { describe, expect, it } from 'vitest';
import {
  exampleFacts,
  facilityFactsSchema,
  isKnownPlaceholder,
  listPlaceholders,
  placeholderKeys,
  readFacts,
  renderSop,
  unsetPlaceholders,
} from './facts.ts';

const bedford = { name: 'Club Bedford', timezone: 'America/Halifax', phoneNumber: '+19025550100' };

describe('facility facts', () => {
  it('accepts the example facts as they are', () => {
    expect(facilityFactsSchema.parse(exampleFacts)).toEqual(exampleFacts);
  });

  it('keeps the example on fictional numbers and example.com links', () => {
    const all = JSON.stringify(exampleFacts);
    for (const number of all.match(/\+1 902 555 \d{4}/g) ?? []) expect(number).toMatch(/555 01\d\d$/);
    for (const url of all.match(/https?:\/\/[^"]+/g) ?? [])
      expect(new URL(url).hostname).toMatch(/example\.com$/);
  });

  it('names the field that is wrong', () => {
    const result = facilityFactsSchema.safeParse({
      prices: { standard_hour: 'forty-five' },
      urls: { booking: 'ftp://x' },
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['prices.standard_hour', 'urls.booking']));
  });

  it('refuses keys outside the vocabulary, so a typo is not silently ignored', () => {
    expect(facilityFactsSchema.safeParse({ prices: { standard_hr: '$45' } }).success).toBe(false);
  });

  it('derives the vocabulary from the schema, leaves only', () => {
    expect(placeholderKeys).toEqual(
      expect.arrayContaining([
        'facility.name',
        'facility.phone',
        'facility.timezone',
        'facts.hours',
        'facts.phone.staff',
        'facts.prices.standard_hour',
        'facts.urls.gift_cards',
        'facts.late_grace_minutes',
      ]),
    );
    expect(isKnownPlaceholder('facts.prices')).toBe(false);
    expect(isKnownPlaceholder('facts.prices.caviar')).toBe(false);
  });
});

describe('rendering an SOP', () => {
  it('fills facility columns and facts, numbers included', () => {
    const sop =
      'Text {{facility.name}} at {{ facility.phone }}. A bay is {{facts.prices.standard_hour}}/hour; ' +
      'we hold it {{facts.late_grace_minutes}} minutes.';
    expect(renderSop(sop, exampleFacts, bedford)).toBe(
      'Text Club Bedford at +19025550100. A bay is $45/hour; we hold it 10 minutes.',
    );
  });

  it('marks a missing value instead of dropping it, and the marker can be found again', () => {
    const rendered = renderSop('Call {{facts.phone.staff}} or email {{facts.email}}.', {}, bedford);
    expect(rendered).toBe('Call [not set: facts.phone.staff] or email [not set: facts.email].');
    expect(unsetPlaceholders(rendered)).toEqual(['facts.phone.staff', 'facts.email']);
  });

  it('marks an unknown key, a non-leaf key and a malformed one the same way', () => {
    const rendered = renderSop(
      '{{facts.prices.caviar}} {{facts.prices}} {{ Staff Phone }}',
      exampleFacts,
      bedford,
    );
    expect(rendered).toBe('[not set: facts.prices.caviar] [not set: facts.prices] [not set: Staff Phone]');
  });

  it('does not expand braces that arrive inside a value', () => {
    const facts = { parking: 'Lot B {{facts.email}}' };
    expect(renderSop('{{facts.parking}}', facts, bedford)).toBe('Lot B {{facts.email}}');
  });

  it('treats a zero as a value and an empty facility column as not set', () => {
    expect(renderSop('{{facts.late_grace_minutes}}', { late_grace_minutes: 0 }, bedford)).toBe('0');
    expect(renderSop('{{facility.name}}', {}, { ...bedford, name: ' ' })).toBe('[not set: facility.name]');
  });

  it('does not reach into the object prototype', () => {
    expect(renderSop('{{facts.constructor}} {{facility.constructor}}', {}, bedford)).toBe(
      '[not set: facts.constructor] [not set: facility.constructor]',
    );
  });

  it('lists the keys a document uses, once each, in order', () => {
    expect(listPlaceholders('{{facts.hours}} and {{ facility.name }} then {{facts.hours}} and {{}}')).toEqual(
      ['facts.hours', 'facility.name', ''],
    );
    expect(listPlaceholders('No placeholders, not even { single } braces.')).toEqual([]);
  });
});

describe('reading settings.facts', () => {
  it('passes good facts through', () => {
    expect(readFacts({ facts: exampleFacts })).toEqual({ facts: exampleFacts, problems: [] });
    expect(readFacts({})).toEqual({ facts: {}, problems: [] });
  });

  it('drops only the bad entries and says which', () => {
    const { facts, problems } = readFacts({
      facts: {
        hours: 'Open 24/7',
        prices: { standard_hour: '$45', peak_hour: 'lots', nope: '$1' },
        extra: 1,
      },
    });
    expect(facts).toEqual({ hours: 'Open 24/7', prices: { standard_hour: '$45' } });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/facts\.prices\.peak_hour/);
    expect(problems.join('\n')).toMatch(/unknown nope/);
    expect(problems.join('\n')).toMatch(/unknown extra/);
  });

  it('survives facts that are not an object', () => {
    expect(readFacts({ facts: 'open late' }).facts).toEqual({});
    expect(readFacts({ facts: ['x'] }).facts).toEqual({});
  });
});
