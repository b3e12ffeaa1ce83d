import { describe, expect, test } from 'vitest';
import { diffLineKind } from './sopWording.ts';

describe('diffLineKind', () => {
  test('tells file headers and hunks from added and removed lines', () => {
    expect(['--- a', '+++ b', '@@ -1 +1 @@', '+new', '-old', ' same'].map(diffLineKind)).toEqual([
      'header',
      'header',
      'hunk',
      'added',
      'removed',
      'same',
    ]);
  });
});
