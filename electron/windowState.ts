import type { Display, Rect } from './ports.ts';
import type { WindowState } from './settings.ts';

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 800 } as const;
export const MIN_WINDOW_SIZE = { width: 960, height: 600 } as const;

/** How much of the window (title bar included) must be on a screen for it to be grabbable. */
const MIN_VISIBLE_WIDTH = 100;
const TITLE_BAR_HEIGHT = 40;

export type WindowPlacement = {
  /** No x/y means "let Electron centre it". */
  bounds: Partial<Rect> & { width: number; height: number };
  maximized: boolean;
};

function titleBarVisibleOn(bounds: Rect, area: Rect): boolean {
  const left = Math.max(bounds.x, area.x);
  const right = Math.min(bounds.x + bounds.width, area.x + area.width);
  const titleTop = bounds.y;
  return (
    right - left >= Math.min(MIN_VISIBLE_WIDTH, bounds.width) &&
    titleTop >= area.y &&
    titleTop + TITLE_BAR_HEIGHT <= area.y + area.height
  );
}

/**
 * Where to open the window. The saved bounds are used only if the title bar is on a display that is
 * still connected (a facility PC often loses its second monitor); otherwise the window opens centred at
 * the default size. A maximised window stays maximised either way.
 */
export function placeWindow(saved: WindowState | undefined, displays: readonly Display[]): WindowPlacement {
  if (!saved) return { bounds: { ...DEFAULT_WINDOW_SIZE }, maximized: false };
  const { maximized, ...bounds } = saved;
  const display = displays.find((candidate) => titleBarVisibleOn(bounds, candidate.workArea));
  if (!display) return { bounds: { ...DEFAULT_WINDOW_SIZE }, maximized };
  return {
    bounds: {
      x: bounds.x,
      y: bounds.y,
      width: Math.max(MIN_WINDOW_SIZE.width, Math.min(bounds.width, display.workArea.width)),
      height: Math.max(MIN_WINDOW_SIZE.height, Math.min(bounds.height, display.workArea.height)),
    },
    maximized,
  };
}

/** What to save: the normal (un-maximised) bounds, so un-maximising later restores a sensible size. */
export function captureWindowState(window: { getNormalBounds(): Rect; isMaximized(): boolean }): WindowState {
  const { x, y, width, height } = window.getNormalBounds();
  return {
    x: Math.round(x),
    y: Math.round(y),
    width: Math.round(width),
    height: Math.round(height),
    maximized: window.isMaximized(),
  };
}
