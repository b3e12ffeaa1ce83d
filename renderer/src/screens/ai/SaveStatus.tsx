import { type SaveState, saveStateText } from './aiSettingsWording.ts';

/** Beside a control: Saving… until the server has the change, then Saved, or why it was not. */
export function SaveStatus({ id, state }: { id?: string; state: SaveState | undefined }) {
  const shown = saveStateText(state);
  return (
    <span
      id={id}
      className="ai-save"
      data-status={state?.status ?? 'idle'}
      data-testid="ai-save-status"
      role={state?.status === 'failed' ? 'alert' : 'status'}
    >
      {shown && (
        <>
          <span aria-hidden="true">{shown.icon} </span>
          {shown.text}
        </>
      )}
    </span>
  );
}
