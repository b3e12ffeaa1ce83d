import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_SIZE, placeWindow } from './windowState.ts';

const laptop = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
const secondMonitorRight = { workArea: { x: 1920, y: 0, width: 2560, height: 1400 } };

describe('placeWindow', () => {
  it('uses the default size, centred, the first time', () => {
    expect(placeWindow(undefined, [laptop])).toEqual({
      bounds: { ...DEFAULT_WINDOW_SIZE },
      maximized: false,
    });
  });

  it('restores saved bounds on a connected display', () => {
    const saved = { x: 2000, y: 100, width: 1600, height: 1000, maximized: false };
    expect(placeWindow(saved, [laptop, secondMonitorRight])).toEqual({
      bounds: { x: 2000, y: 100, width: 1600, height: 1000 },
      maximized: false,
    });
  });

  it('ignores bounds on a monitor that is no longer connected, keeping maximised', () => {
    const saved = { x: 2000, y: 100, width: 1600, height: 1000, maximized: true };
    expect(placeWindow(saved, [laptop])).toEqual({ bounds: { ...DEFAULT_WINDOW_SIZE }, maximized: true });
  });

  it('ignores bounds whose title bar is off screen', () => {
    expect(
      placeWindow({ x: 100, y: -500, width: 1200, height: 800, maximized: false }, [laptop]).bounds,
    ).toEqual(DEFAULT_WINDOW_SIZE);
    expect(
      placeWindow({ x: 1880, y: 100, width: 1200, height: 800, maximized: false }, [laptop]).bounds,
    ).toEqual(DEFAULT_WINDOW_SIZE);
  });

  it('shrinks a window larger than its display', () => {
    const saved = { x: 0, y: 0, width: 3000, height: 2000, maximized: false };
    expect(placeWindow(saved, [laptop]).bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
  });
});
