import { useId } from 'react';
import type { SaveState } from './aiSettingsWording.ts';
import { SaveStatus } from './SaveStatus.tsx';

/**
 * A kill switch as the server has it, in words and shape as well as colour. Turning it on asks
 * first (the caller's dialog); turning it off does not. While the server works on a change, the
 * switch keeps showing what is true now and says "Saving…" beside it.
 */
export function KillSwitch({
  label,
  on,
  overriddenBy,
  save,
  onToggle,
}: {
  /** "Kill switch for Bedford", "Global kill switch". */
  label: string;
  on: boolean;
  /** Why the AI is off here anyway (the global switch), when it is. */
  overriddenBy: string | null;
  save: SaveState | undefined;
  onToggle(next: boolean): void;
}) {
  const id = useId();
  const saving = save?.status === 'saving';
  return (
    <div className="ai-kill" data-on={on || undefined} data-testid="ai-kill-switch">
      <div className="ai-kill-text">
        <p id={`${id}-label`} className="ai-kill-label">
          {label}
        </p>
        <p id={`${id}-state`} className="ai-kill-state" data-testid="ai-kill-state">
          {on ? (
            <>
              <span aria-hidden="true">■ </span>
              <strong>On:</strong> the AI answers no one here. Every customer text goes to a person.
            </>
          ) : overriddenBy ? (
            <>
              <span aria-hidden="true">■ </span>
              <strong>Off,</strong> but {overriddenBy}
            </>
          ) : (
            <>
              <span aria-hidden="true">● </span>
              <strong>Off:</strong> the AI answers as set below.
            </>
          )}
        </p>
      </div>
      <div className="ai-kill-control">
        <button
          type="button"
          role="switch"
          className="ai-switch"
          aria-checked={on}
          aria-labelledby={`${id}-label`}
          aria-describedby={`${id}-state`}
          aria-disabled={saving || undefined}
          onClick={() => {
            if (!saving) onToggle(!on);
          }}
        >
          <span className="ai-switch-track" aria-hidden="true">
            <span className="ai-switch-thumb" />
          </span>
          <span className="ai-switch-word">{on ? 'On' : 'Off'}</span>
        </button>
        <SaveStatus state={save} />
      </div>
    </div>
  );
}
