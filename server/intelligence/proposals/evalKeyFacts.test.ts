import { describe, expect, it } from 'vitest';
import { contentWordsOf, judgeAgainstReference, keyFactsOf } from './evalKeyFacts.ts';

describe('key facts of an answer', () => {
  it('finds prices, times, links, emails, phones, codes and numbers, normalised', () => {
    const facts = keyFactsOf(
      'An hour is $45.00 before 4 PM. Book at https://Book.Example.com/bays/ or write hello@club.example.com, call +1 (902) 555-0142, code A7K2, bay 3, [CODE_1] and {{facts.prices.peak_hour}}.',
    );
    expect(facts).toEqual(
      expect.arrayContaining([
        { kind: 'price', value: '$45' },
        { kind: 'time', value: '4pm' },
        { kind: 'url', value: 'book.example.com/bays' },
        { kind: 'email', value: 'hello@club.example.com' },
        { kind: 'phone', value: '9025550142' },
        { kind: 'code', value: 'A7K2' },
        { kind: 'code', value: '[CODE_1]' },
        { kind: 'code', value: '{{facts.prices.peak_hour}}' },
        { kind: 'number', value: '3' },
      ]),
    );
    // The email's domain is not read again as a link, nor the price's digits as a number.
    expect(facts.filter((fact) => fact.kind === 'url')).toHaveLength(1);
    expect(facts.some((fact) => fact.kind === 'number' && fact.value === '45')).toBe(false);
  });

  it('reads "e.g." and "a.m." as words, not links', () => {
    expect(keyFactsOf('Bring a ball, e.g. a Titleist, by 9 a.m.')).toEqual([{ kind: 'time', value: '9am' }]);
  });
});

describe('judging an answer against the one that was right', () => {
  const expected = 'Cancel up to 24 hours before your booking for a full refund at https://book.example.com.';

  it('passes an answer with every key fact and most of the words, however it is phrased', () => {
    const verdict = judgeAgainstReference(
      expected,
      'You get a full refund if you cancel your booking 24 hours ahead: https://book.example.com/',
    );
    expect(verdict).toMatchObject({ pass: true, reasons: [] });
    expect(verdict.recall).toBeGreaterThanOrEqual(0.7);
  });

  it('fails an answer that changes a number or drops the link, naming each', () => {
    const verdict = judgeAgainstReference(
      expected,
      'Cancel up to 12 hours before your booking for a full refund.',
    );
    expect(verdict.pass).toBe(false);
    expect(verdict.reasons).toEqual(['does not say the url book.example.com', 'does not say the number 24']);
  });

  it('fails an answer on another topic even when it has no facts to miss', () => {
    const verdict = judgeAgainstReference(
      'Press the projector button on the control panel and wait a minute for it to warm up.',
      'The Trackman needs the ball on the tee in the hitting area.',
    );
    expect(verdict.pass).toBe(false);
    expect(verdict.reasons[0]).toMatch(/^shares \d+% of the expected answer's words \(needs 70%\)$/);
  });

  it('fails an empty answer and an unset fact; the threshold can be set', () => {
    expect(judgeAgainstReference('Open 24/7.', '').reasons).toContain('no answer');
    expect(judgeAgainstReference('We are open.', 'We are open [not set: facts.hours].').reasons).toEqual([
      'quotes a fact that is not set',
    ]);
    expect(judgeAgainstReference('alpha beta gamma delta', 'alpha beta').pass).toBe(false);
    expect(judgeAgainstReference('alpha beta gamma delta', 'alpha beta', { recall: 0.5 }).pass).toBe(true);
  });

  it('counts the words of a link or an email as the fact they are, not as vocabulary', () => {
    const verdict = judgeAgainstReference(
      'Gift cards: https://clubbedford.example.com/gift-cards',
      'Gift cards are sold at https://clubbedford.example.com/gift-cards',
    );
    expect(verdict).toMatchObject({ pass: true, recall: 1 });
  });

  it('stems content words and drops small words', () => {
    expect([...contentWordsOf('The bookings are booked for you')]).toEqual(['booking', 'book']);
  });
});
