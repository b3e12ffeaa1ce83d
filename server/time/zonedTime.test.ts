import { describe, expect, it } from 'vitest';
import { localDay } from './zonedTime.ts';

describe('localDay', () => {
  it('names the facility’s own date, which can differ from UTC’s', () => {
    expect(localDay(new Date('2026-11-27T02:30:00Z'), 'America/Halifax')).toEqual({
      day: '2026-11-26',
      start: new Date('2026-11-26T04:00:00Z'),
    });
  });

  it('starts the day at local midnight on a daylight-saving day, not 24 wall-clock hours back', () => {
    // Clocks in Halifax went forward at 02:00 on 8 March 2026: midnight was still UTC-4.
    expect(localDay(new Date('2026-03-08T15:00:00Z'), 'America/Halifax')).toEqual({
      day: '2026-03-08',
      start: new Date('2026-03-08T04:00:00Z'),
    });
  });
});
