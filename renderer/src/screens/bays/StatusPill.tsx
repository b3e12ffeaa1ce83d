import type { BayStatusPill } from './bayStatus.ts';

/** The bay's headline state: an icon, words and a colour together, never the colour alone. */
export function StatusPill({ status }: { status: BayStatusPill }) {
  return (
    <p className="bay-pill" data-tone={status.tone} data-testid="bay-status">
      <span className="bay-pill-icon" aria-hidden="true">
        {status.icon}
      </span>
      <span className="bay-pill-label">{status.label}</span>
    </p>
  );
}
