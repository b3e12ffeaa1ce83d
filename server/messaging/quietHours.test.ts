import { describe, expect, it } from 'vitest';
import { isWithinWindow, nextSendTime } from './quietHours.ts';

const HALIFAX = 'America/Halifax';

describe('quiet hours', () => {
  it('lets a text go at once between 08:00 and 21:00 facility time', () => {
    // 12:00 in Halifax (ADT, UTC-3).
    const noon = new Date('2026-07-10T15:00:00Z');
    expect(nextSendTime(noon, HALIFAX)).toEqual(noon);
    expect(isWithinWindow(new Date('2026-07-10T11:00:00Z'), HALIFAX)).toBe(true);
    expect(isWithinWindow(new Date('2026-07-10T23:59:59Z'), HALIFAX)).toBe(true);
  });

  it('defers a late-evening text to 08:00 the next morning', () => {
    // 21:00 exactly in Halifax: the window has just closed.
    expect(nextSendTime(new Date('2026-07-11T00:00:00Z'), HALIFAX)).toEqual(new Date('2026-07-11T11:00:00Z'));
    // 23:30 on the last day of the month rolls over to the 1st.
    expect(nextSendTime(new Date('2026-08-01T02:30:00Z'), HALIFAX)).toEqual(new Date('2026-08-01T11:00:00Z'));
  });

  it('defers an early-morning text to 08:00 the same day', () => {
    expect(nextSendTime(new Date('2026-07-10T09:15:00Z'), HALIFAX)).toEqual(new Date('2026-07-10T11:00:00Z'));
  });

  it('follows daylight saving: 08:00 is 11:00Z in summer and 12:00Z in winter', () => {
    // Halifax leaves daylight saving on 2026-11-01; a text at 22:00 on Oct 31 goes at 08:00 AST.
    expect(nextSendTime(new Date('2026-11-01T01:00:00Z'), HALIFAX)).toEqual(new Date('2026-11-01T12:00:00Z'));
    // And starts it on 2026-03-08.
    expect(nextSendTime(new Date('2026-03-08T05:00:00Z'), HALIFAX)).toEqual(new Date('2026-03-08T11:00:00Z'));
  });

  it('works on the other side of the date line too', () => {
    // 22:00 in Auckland (NZST, UTC+12) on 10 July → 08:00 on 11 July = 20:00Z on 10 July.
    expect(nextSendTime(new Date('2026-07-10T10:00:00Z'), 'Pacific/Auckland')).toEqual(
      new Date('2026-07-10T20:00:00Z'),
    );
  });
});
