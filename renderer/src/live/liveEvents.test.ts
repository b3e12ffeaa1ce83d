import { describe, expect, test, vi } from 'vitest';
import type { LiveEvent } from '../../../shared/events.ts';
import { deliverLiveEvent, onLiveEvent } from './liveEvents.ts';

const event = (type: string): LiveEvent => ({
  id: '7',
  type,
  facilityId: null,
  payload: null,
  createdAt: '2026-12-06T10:00:00.000Z',
});

describe('live event listeners', () => {
  test('every listener gets each event until it stops listening', () => {
    const first: string[] = [];
    const second: string[] = [];
    const stopFirst = onLiveEvent((received) => first.push(received.type));
    const stopSecond = onLiveEvent((received) => second.push(received.type));
    deliverLiveEvent(event('proposal.changed'));
    stopFirst();
    deliverLiveEvent(event('sop.version_created'));
    stopSecond();
    deliverLiveEvent(event('bay.changed'));
    expect(first).toEqual(['proposal.changed']);
    expect(second).toEqual(['proposal.changed', 'sop.version_created']);
  });

  test('a listener that throws does not keep the event from the others', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const received: string[] = [];
    const stopBroken = onLiveEvent(() => {
      throw new Error('broken');
    });
    const stopWorking = onLiveEvent((live) => received.push(live.type));
    deliverLiveEvent(event('proposal.changed'));
    stopBroken();
    stopWorking();
    expect(received).toEqual(['proposal.changed']);
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });
});
