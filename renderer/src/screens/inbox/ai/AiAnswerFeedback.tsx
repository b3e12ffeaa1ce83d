import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { AiRunView } from '../../../../../shared/ai.ts';
import { AnswerProvenance } from './AnswerProvenance.tsx';
import type { ThreadRunsFeed } from './threadRunsFeed.ts';
import { useFlagAnswer } from './useAiRunActions.ts';

const MAX_REASON = 1_000;
const MAX_CORRECTION = 1_600;

/**
 * Under an answer the AI sent (or staff sent from a draft): why it said that, and a way to mark it
 * unhelpful with what was wrong and, if staff know it, a better answer. The flag feeds the export
 * managers download; the fixed emergency reply cannot be flagged.
 */
export function AiAnswerFeedback({
  run,
  messageId,
  runs,
  serverUrl,
}: {
  /** The run this message was sent for; none for texts the AI did not write. */
  run: AiRunView | undefined;
  messageId: string;
  runs: ThreadRunsFeed;
  serverUrl: string;
}) {
  if (!run) return null;
  return (
    <div className="ai-answer" data-testid="ai-answer" data-run-id={run.id}>
      <AnswerProvenance run={run} />
      {run.kind === 'reply' && (
        <FlagAnswer run={run} messageId={messageId} runs={runs} serverUrl={serverUrl} />
      )}
    </div>
  );
}

function FlagAnswer({
  run,
  messageId,
  runs,
  serverUrl,
}: {
  run: AiRunView;
  messageId: string;
  runs: ThreadRunsFeed;
  serverUrl: string;
}) {
  const id = useId();
  const { state, flag } = useFlagAnswer(serverUrl, runs, run.id, messageId);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [correction, setCorrection] = useState('');
  const [missing, setMissing] = useState(false);
  const openerRef = useRef<HTMLButtonElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  // The form replaces the button and back: focus follows, so keyboard users stay where they were.
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open) reasonRef.current?.focus();
    else if (wasOpen.current) openerRef.current?.focus();
    wasOpen.current = open;
  }, [open]);

  if (run.flagged || state.status === 'flagged') {
    return (
      <p className="ai-flagged" data-testid="ai-flagged">
        <span aria-hidden="true">⚑ </span>Flagged as unhelpful
      </p>
    );
  }

  const saving = state.status === 'saving';
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving) return;
    if (reason.trim() === '') {
      setMissing(true);
      reasonRef.current?.focus();
      return;
    }
    setMissing(false);
    await flag({ reason, correction });
  }

  if (!open) {
    return (
      <button
        ref={openerRef}
        type="button"
        className="button button-secondary composer-small ai-flag-open"
        aria-expanded={false}
        onClick={() => setOpen(true)}
      >
        Mark unhelpful
      </button>
    );
  }

  const reasonError = missing ? 'Say what was wrong with the answer.' : null;
  return (
    <form
      className="ai-flag-form"
      aria-label="Mark this answer unhelpful"
      data-testid="ai-flag-form"
      noValidate
      onSubmit={(event) => void onSubmit(event)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !saving) {
          event.preventDefault();
          setOpen(false);
        }
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-reason`}>What was wrong? (required)</label>
        {reasonError && (
          <p id={`${id}-reason-error`} className="field-error">
            <span aria-hidden="true">⚠ </span>
            {reasonError}
          </p>
        )}
        <textarea
          id={`${id}-reason`}
          ref={reasonRef}
          className="input ai-textarea"
          rows={2}
          maxLength={MAX_REASON}
          value={reason}
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={reasonError ? `${id}-reason-error` : undefined}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-correction`}>A better answer (optional)</label>
        <textarea
          id={`${id}-correction`}
          className="input ai-textarea"
          rows={2}
          maxLength={MAX_CORRECTION}
          value={correction}
          onChange={(event) => setCorrection(event.target.value)}
        />
      </div>
      {state.status === 'failed' && (
        <p className="ai-error" role="alert">
          <span aria-hidden="true">✕ </span>Not flagged: {state.message}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button composer-small" aria-disabled={saving || undefined}>
          {saving ? 'Flagging…' : 'Flag as unhelpful'}
        </button>
        <button
          type="button"
          className="button button-secondary composer-small"
          onClick={() => {
            if (saving) return;
            setOpen(false);
          }}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
