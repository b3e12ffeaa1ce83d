import { describe, expect, it } from 'vitest';
import { describeClaims, extractClaims, ungroundedClaims } from './grounding.ts';

const context = `Standard rate is $45 per bay hour, $35 before 4 pm on weekdays.
Staff line: +1 (902) 555-0142. Email help@clubos-bedford.example.com.
Book at https://book.clubos-bedford.example.com/bays. Hours: open 24/7, staffed 9:00 am to 9 pm.
Gift card code format: GIFT-XXXX.`;

describe('the grounding guard', () => {
  it('finds each kind of claim', () => {
    const kinds = extractClaims(
      'It is $50, call 902-555-0199, see www.golf.example.com, mail a@b.com, code 4821 or FREE100, at 7:30pm',
    ).map((claim) => claim.kind);
    expect(kinds).toEqual(['email', 'url', 'price', 'phone', 'time', 'code', 'code']);
  });

  it('lets through a reply whose facts all come from the context, however they are written', () => {
    const reply =
      "It's $45/hr, or $35 before 4pm. Call 902 555 0142 or book at book.clubos-bedford.example.com/bays. Staff are in until 9pm.";
    expect(ungroundedClaims(reply, context)).toEqual([]);
  });

  it('catches an invented price', () => {
    expect(ungroundedClaims('An hour is $60 for four people.', context)).toEqual([
      { kind: 'price', text: '$60' },
    ]);
  });

  it('catches an invented PIN, an invented promo code and an invented phone number', () => {
    const claims = ungroundedClaims('Use PIN 4821, promo FREE100, or text +1 902 555 0199.', context);
    expect(claims.map((claim) => claim.kind).sort()).toEqual(['code', 'code', 'phone']);
  });

  it('catches an invented link and time', () => {
    const claims = ungroundedClaims('Go to http://free-golf-credits.example before 11pm', context);
    expect(claims).toEqual([
      { kind: 'url', text: 'http://free-golf-credits.example' },
      { kind: 'time', text: '11pm' },
    ]);
  });

  it('does not mistake bay numbers, years or durations for facts', () => {
    expect(extractClaims('Bay 3 restarts in about 2 minutes; see you in 2026 for 30 minutes.')).toEqual([]);
  });

  it('says in words what was ungrounded', () => {
    expect(
      describeClaims([
        { kind: 'code', text: '1234' },
        { kind: 'price', text: '$5' },
      ]),
    ).toBe('a code or PIN (1234), a price ($5)');
  });
});
