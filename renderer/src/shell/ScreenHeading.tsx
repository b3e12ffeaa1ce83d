import type { ReactNode } from 'react';

export const SCREEN_HEADING_ID = 'screen-heading';

/** Each screen's h1. Focusable so that after navigating, focus lands on the new screen's title. */
export function ScreenHeading({ children }: { children: ReactNode }) {
  return (
    <h1 id={SCREEN_HEADING_ID} className="screen-heading" tabIndex={-1}>
      {children}
    </h1>
  );
}
