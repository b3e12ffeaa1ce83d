import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { agentLabels } from '../../../../../shared/agents.ts';
import type { AiRunView } from '../../../../../shared/ai.ts';
import { formatClock } from '../../bays/bayFormat.ts';
import { segmentLabel } from '../segmentLabel.ts';
import { optOutNotice, sendBlocker } from '../sendRequest.ts';
import type { ActionState } from '../useThreadActions.ts';
import { AnswerProvenance } from './AnswerProvenance.tsx';
import { runStateLabels } from './aiWording.ts';

type Clock = { now: number; timeZone: string | undefined };

/**
 * One answer waiting on staff: which agent wrote it, to what, the text, why it waits, and Send,
 * Edit then send, Discard. While the server works on a press the card says so; a refusal is shown
 * on the card with the server's reason. Editing shows the segment count like the send box.
 */
export function AiDraftCard({
  run,
  customer,
  optedOut,
  clock,
  action,
  onSend,
  onDiscard,
  onDismiss,
}: {
  run: AiRunView;
  customer: string;
  optedOut: boolean;
  clock: Clock;
  action: ActionState | undefined;
  /** Resolves true once the server has sent it. */
  onSend(body?: string): Promise<boolean>;
  onDiscard(): void;
  onDismiss(): void;
}) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(run.body ?? '');
  const [refusal, setRefusal] = useState<string | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (editing) textRef.current?.focus();
    else if (wasEditing.current) editButtonRef.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const running = action?.status === 'running' ? action.label : null;
  const busy = running !== null;
  const state = runStateLabels[run.state];
  const body = run.body ?? '';
  const segments = segmentLabel(text);
  const editBlocker = sendBlocker(text, { sending: busy, tooLong: segments.tooLong });
  const sendBlocked = busy
    ? 'Sending…'
    : body.trim() === ''
      ? 'There is no text to send: edit it first.'
      : null;
  const describedBy = `${id}-reason`;

  async function sendEdited() {
    if (editBlocker) {
      if (!busy) setRefusal(editBlocker);
      return;
    }
    setRefusal(null);
    if (await onSend(text)) setEditing(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      if (!busy) setEditing(false);
      return;
    }
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void sendEdited();
  }

  return (
    <li
      className="ai-draft"
      data-testid="ai-draft"
      data-run-id={run.id}
      data-state={run.state}
      aria-labelledby={`${id}-title`}
    >
      <p id={`${id}-title`} className="ai-draft-meta">
        <span className="ai-agent" data-testid="ai-draft-agent">
          {agentLabels[run.agent]}
        </span>
        <span className="ai-state" data-state={run.state}>
          <span aria-hidden="true">{state.icon} </span>
          {state.label}
        </span>
        <time dateTime={run.createdAt}>{formatClock(run.createdAt, clock.timeZone, clock.now)}</time>
      </p>
      <p className="ai-draft-query">
        <span className="ai-draft-label">Answering:</span> {run.query}
      </p>
      {editing ? (
        <form
          className="ai-draft-edit"
          aria-label="Edit the AI answer"
          onSubmit={(event) => {
            event.preventDefault();
            void sendEdited();
          }}
        >
          <div className="composer-top">
            <label htmlFor={`${id}-text`} className="ai-draft-label">
              Text to {customer}
            </label>
            <p
              id={`${id}-counter`}
              className="composer-counter"
              data-multiple={segments.multiple || undefined}
              data-too-long={segments.tooLong || undefined}
              data-testid="ai-draft-counter"
            >
              {segments.text}
            </p>
          </div>
          <textarea
            id={`${id}-text`}
            ref={textRef}
            className="input composer-text"
            rows={3}
            value={text}
            aria-describedby={[`${id}-counter`, `${id}-hint`, refusal ? `${id}-refusal` : undefined]
              .filter(Boolean)
              .join(' ')}
            data-testid="ai-draft-text"
            onChange={(event) => {
              setText(event.target.value);
              setRefusal(null);
            }}
            onKeyDown={onKeyDown}
          />
          <p id={`${id}-hint`} className="composer-hint">
            Enter to send · Shift+Enter for a new line · Escape to stop editing
          </p>
          {refusal && (
            <p id={`${id}-refusal`} className="ai-error" role="alert">
              <span aria-hidden="true">✕ </span>
              {refusal}
            </p>
          )}
          <div className="actions">
            <button
              type="submit"
              className="button composer-small"
              aria-disabled={editBlocker !== null || undefined}
            >
              {running ? `${running}…` : 'Send edited text'}
            </button>
            <button
              type="button"
              className="button button-secondary composer-small"
              onClick={() => {
                if (!busy) setEditing(false);
              }}
            >
              Cancel editing
            </button>
          </div>
        </form>
      ) : (
        <p className="ai-draft-body" data-testid="ai-draft-body">
          {body === '' ? <em>The AI wrote no text.</em> : body}
        </p>
      )}
      {run.reason && (
        <p id={describedBy} className="ai-draft-reason" data-testid="ai-draft-reason">
          <span className="ai-draft-label">Reason:</span> {run.reason}
        </p>
      )}
      {optedOut && (
        <p className="composer-hint composer-blocked">
          <span aria-hidden="true">⊘ </span>
          {optOutNotice(customer)}
        </p>
      )}
      <AnswerProvenance run={run} />
      {!editing && (
        <div className="actions ai-draft-actions">
          <button
            type="button"
            className="button composer-small"
            aria-disabled={sendBlocked !== null || undefined}
            onClick={() => {
              if (!sendBlocked) void onSend();
            }}
          >
            {running === 'Send' ? 'Sending…' : 'Send'}
            <span className="visually-hidden"> the AI answer</span>
          </button>
          <button
            ref={editButtonRef}
            type="button"
            className="button button-secondary composer-small"
            aria-disabled={busy || undefined}
            onClick={() => {
              if (busy) return;
              setText(run.body ?? '');
              setRefusal(null);
              setEditing(true);
            }}
          >
            Edit then send
          </button>
          <button
            type="button"
            className="button button-secondary composer-small ai-discard"
            aria-disabled={busy || undefined}
            onClick={() => {
              if (!busy) onDiscard();
            }}
          >
            {running === 'Discard' ? 'Discarding…' : 'Discard'}
            <span className="visually-hidden"> the AI answer</span>
          </button>
        </div>
      )}
      {running && (
        <p className="ai-progress" role="status">
          {running}: waiting for the server…
        </p>
      )}
      {action?.status === 'failed' && (
        <div className="ai-error ai-draft-error" role="alert" data-testid="ai-draft-error">
          <p>
            <span aria-hidden="true">✕ </span>
            {action.label} did not happen: {action.message}
          </p>
          <button type="button" className="button button-secondary composer-small" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      )}
    </li>
  );
}
