import type { StaffUser } from '../../../shared/user.ts';
import { type LiveState, useLive } from '../state/live.ts';
import { roleLabel } from './roleLabel.ts';

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
});

/** Text, a glyph and a colour, so the state never rests on colour alone. */
function describeLive(state: LiveState): { glyph: string; text: string; detail?: string } {
  switch (state.kind) {
    case 'idle':
      return { glyph: '○', text: 'Not connected' };
    case 'connecting':
      return { glyph: '◌', text: 'Connecting…' };
    case 'connected':
      return { glyph: '●', text: 'Connected' };
    case 'disconnected':
      return {
        glyph: '✕',
        text: 'Disconnected — retrying',
        detail: `since ${timeFormat.format(state.since)}`,
      };
    default: {
      const unexpected: never = state;
      throw new Error(`Unknown live state ${JSON.stringify(unexpected)}`);
    }
  }
}

/** Always on screen: which server, who is signed in, and whether live updates are flowing. */
export function StatusBar({ serverUrl, user }: { serverUrl: string; user: StaffUser | null }) {
  const live = useLive((store) => store.state);
  const shown = describeLive(live);
  return (
    <footer className="statusbar">
      <h2 className="visually-hidden">Status</h2>
      <div className="statusbar-item">
        <span className="statusbar-label">Server</span>
        <span className="statusbar-value" data-testid="status-server">
          {serverUrl}
        </span>
      </div>
      <div className="statusbar-item">
        <span className="statusbar-label">Signed in</span>
        <span className="statusbar-value" data-testid="status-user">
          {user ? `${user.name} · ${roleLabel(user.role)}` : 'Not signed in'}
        </span>
      </div>
      {user && (
        <div
          className="statusbar-live"
          data-state={live.kind}
          data-testid="live-state"
          role="status"
          aria-live="polite"
        >
          <span className="statusbar-label">Live updates</span>
          <span className="live-badge">
            <span className="live-glyph" aria-hidden="true">
              {shown.glyph}
            </span>
            <span className="live-text">{shown.text}</span>
          </span>
          {shown.detail && <span className="live-detail">{shown.detail}</span>}
        </div>
      )}
    </footer>
  );
}
