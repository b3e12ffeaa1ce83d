import { describe, expect, test } from 'vitest';
import type { FacilityBoard } from '../../../../shared/bays.ts';
import { applyBayEvent, applyList, beginList, boardView, emptyBoard, isNewerEventId } from './boardState.ts';
import { actionFixture, bayFixture } from './testBays.ts';

const facility = { id: 'fac-1', slug: 'bedford', name: 'Bedford', timezone: 'America/Halifax' };
const bay1 = bayFixture();
const bay2 = bayFixture({ id: 'bay-2', number: 2, name: 'Bay 2' });
const list = (bays = [bay1, bay2]): FacilityBoard[] => [{ facility, bays }];
const running = bayFixture({ currentAction: actionFixture({ state: 'running' }) });
const succeeded = bayFixture({ lastAction: actionFixture({ state: 'succeeded' }) });

function loaded(lists = list()) {
  const started = beginList(emptyBoard);
  return applyList(started.state, started.token, lists);
}

const shownBay1 = (state: typeof emptyBoard) => boardView(state)?.[0]?.bays[0];

describe('the board merges bays.list with bays.onChange by bay id', () => {
  test('nothing to show until the list has loaded', () => {
    expect(boardView(emptyBoard)).toBeNull();
  });

  test('an event replaces its bay and leaves the others alone', () => {
    const state = applyBayEvent(loaded(), '10', running);
    expect(boardView(state)).toEqual([{ facility, bays: [running, bay2] }]);
  });

  test('the newer event wins; a replayed or older one changes nothing', () => {
    let state = applyBayEvent(loaded(), '10', running);
    state = applyBayEvent(state, '11', succeeded);
    expect(applyBayEvent(state, '11', running)).toBe(state);
    expect(applyBayEvent(state, '9', running)).toBe(state);
    expect(shownBay1(state)).toEqual(succeeded);
  });

  test('a list requested after an event shows the list (it already holds that event or newer)', () => {
    let state = applyBayEvent(loaded(), '10', running);
    const again = beginList(state);
    state = applyList(again.state, again.token, list([succeeded, bay2]));
    expect(shownBay1(state)).toEqual(succeeded);
  });

  test('an event that arrives while a list is in flight wins over that list’s answer', () => {
    const again = beginList(loaded());
    let state = applyBayEvent(again.state, '12', succeeded);
    state = applyList(state, again.token, list([running, bay2]));
    expect(shownBay1(state)).toEqual(succeeded);
  });

  test('an answer to an older list request never replaces a newer one', () => {
    const first = beginList(emptyBoard);
    const second = beginList(first.state);
    let state = applyList(second.state, second.token, list([succeeded, bay2]));
    state = applyList(state, first.token, list([running, bay2]));
    expect(shownBay1(state)).toEqual(succeeded);
  });

  test('a bay the stream tells of before the list does is shown in number order', () => {
    const bay3 = bayFixture({ id: 'bay-3', number: 3, name: 'Bay 3' });
    const state = applyBayEvent(loaded(list([bay1])), '5', bay3);
    expect(boardView(state)?.[0]?.bays.map((bay) => bay.name)).toEqual(['Bay 1', 'Bay 3']);
    const elsewhere = applyBayEvent(loaded(list([bay1])), '6', { ...bay3, facilityId: 'other' });
    expect(boardView(elsewhere)?.[0]?.bays).toHaveLength(1);
  });
});

describe('isNewerEventId', () => {
  test('compares decimal ids as numbers, not as text', () => {
    expect(isNewerEventId('10', '9')).toBe(true);
    expect(isNewerEventId('9', '10')).toBe(false);
    expect(isNewerEventId('123456789012345', '99')).toBe(true);
    expect(isNewerEventId('7', '7')).toBe(false);
  });
});
