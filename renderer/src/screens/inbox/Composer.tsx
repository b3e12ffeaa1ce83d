import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import type { MessageView, NoteView } from '../../../../shared/threads.ts';
import { type Drafts, draftsFor, saveDrafts } from './composerDrafts.ts';
import { segmentLabel } from './segmentLabel.ts';
import { optOutNotice, sendBlocker } from './sendRequest.ts';
import { useNoteAdd } from './useThreadActions.ts';
import { useThreadSend } from './useThreadSend.ts';

type Mode = 'reply' | 'note';

/**
 * The send box: a reply to the customer (with its SMS segment count as staff type) or a private
 * note for the team. Enter sends, Shift+Enter starts a new line. The text stays until the server
 * has it; a refusal (an opt-out, say) is shown here with the server's reason.
 */
export function Composer({
  threadId,
  customer,
  optedOut,
  serverUrl,
  onSent,
}: {
  threadId: string;
  customer: string;
  optedOut: boolean;
  serverUrl: string;
  onSent(change: { message: MessageView } | { note: NoteView }): void;
}) {
  const id = useId();
  const [mode, setMode] = useState<Mode>('reply');
  const [drafts, setDraftState] = useState<Drafts>(() => draftsFor(threadId));
  const setDrafts = (update: (current: Drafts) => Drafts) =>
    setDraftState((current) => {
      const next = update(current);
      saveDrafts(threadId, next);
      return next;
    });
  const [refusal, setRefusal] = useState<string | null>(null);
  const sending = useThreadSend(threadId, serverUrl);
  const noting = useNoteAdd(threadId, serverUrl);
  const text = drafts[mode];
  const segments = segmentLabel(drafts.reply);
  const busy = mode === 'reply' ? sending.request?.status === 'sending' : noting.state.status === 'saving';
  const blocker =
    mode === 'reply'
      ? sendBlocker(text, { sending: busy, tooLong: segments.tooLong })
      : busy
        ? 'Saving…'
        : text.trim() === ''
          ? 'Write a note first.'
          : null;

  async function submit() {
    if (blocker) {
      // A press that cannot send says why, where staff are looking.
      if (!busy) setRefusal(blocker);
      return;
    }
    setRefusal(null);
    if (mode === 'reply') {
      const message = await sending.send(text);
      if (message) {
        setDrafts((current) => ({ ...current, reply: current.reply === text ? '' : current.reply }));
        onSent({ message });
      }
    } else {
      const note = await noting.add(text);
      if (note) {
        setDrafts((current) => ({ ...current, note: current.note === text ? '' : current.note }));
        onSent({ note });
      }
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void submit();
  }

  const failure =
    mode === 'reply'
      ? sending.request?.status === 'failed'
        ? sending.request
        : null
      : noting.state.status === 'failed'
        ? noting.state
        : null;
  const errorText = refusal ?? (failure ? failureText(mode, failure.message) : null);
  const errorRef = useRef<HTMLDivElement>(null);
  // A refusal shows under the box; on a short window, bring it into view rather than below the edge.
  useEffect(() => {
    if (errorText) errorRef.current?.scrollIntoView({ block: 'nearest' });
  }, [errorText]);
  const textareaId = `${id}-text`;
  const counterId = `${id}-counter`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  return (
    <form
      className="composer"
      data-mode={mode}
      data-testid="composer"
      aria-label={mode === 'reply' ? 'Reply' : 'Private note'}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className="composer-top">
        <fieldset className="composer-modes">
          <legend className="visually-hidden">Write</legend>
          <button
            type="button"
            className="composer-mode"
            aria-pressed={mode === 'reply'}
            onClick={() => {
              setMode('reply');
              setRefusal(null);
            }}
          >
            Reply by text
          </button>
          <button
            type="button"
            className="composer-mode"
            aria-pressed={mode === 'note'}
            onClick={() => {
              setMode('note');
              setRefusal(null);
            }}
          >
            Private note
          </button>
        </fieldset>
        {mode === 'reply' ? (
          <p
            id={counterId}
            className="composer-counter"
            data-multiple={segments.multiple || undefined}
            data-too-long={segments.tooLong || undefined}
            data-testid="segment-counter"
          >
            {segments.text}
          </p>
        ) : (
          <p id={counterId} className="composer-counter">
            Only staff see notes
          </p>
        )}
      </div>
      <label htmlFor={textareaId} className="visually-hidden">
        {mode === 'reply' ? `Text to ${customer}` : 'Private note, seen only by staff'}
      </label>
      <div className="composer-row">
        <textarea
          id={textareaId}
          className="input composer-text"
          rows={2}
          value={text}
          placeholder={
            mode === 'reply' ? `Text ${customer}…` : 'A note for the team; the customer never sees it…'
          }
          aria-describedby={[counterId, hintId, errorText ? errorId : undefined].filter(Boolean).join(' ')}
          data-testid="composer-text"
          onChange={(event) => {
            const value = event.target.value;
            setDrafts((current) => ({ ...current, [mode]: value }));
            setRefusal(null);
          }}
          onKeyDown={onKeyDown}
        />
        <button
          type="submit"
          className="button composer-submit"
          aria-disabled={blocker !== null || undefined}
          data-testid="composer-submit"
        >
          {busy ? (mode === 'reply' ? 'Sending…' : 'Saving…') : mode === 'reply' ? 'Send' : 'Add note'}
        </button>
      </div>
      {errorText && (
        <div id={errorId} ref={errorRef} className="composer-error" role="alert" data-testid="composer-error">
          <p>
            <span aria-hidden="true">✕ </span>
            {errorText}
          </p>
          {!refusal && failure?.retryable && (
            <button
              type="button"
              className="button button-secondary composer-small"
              onClick={() => void submit()}
            >
              Try again
            </button>
          )}
        </div>
      )}
      {mode === 'reply' && optedOut ? (
        <p id={hintId} className="composer-hint composer-blocked" data-testid="composer-blocked">
          <span aria-hidden="true">⊘ </span>
          {optOutNotice(customer)}
        </p>
      ) : (
        <p id={hintId} className="composer-hint">
          Enter to {mode === 'reply' ? 'send' : 'save'} · Shift+Enter for a new line
        </p>
      )}
    </form>
  );
}

/** "Not sent: <why>", without saying "Not sent" twice when the server's reason already starts so. */
function failureText(mode: Mode, message: string): string {
  const lead = mode === 'reply' ? 'Not sent' : 'Not saved';
  return message.toLowerCase().startsWith(lead.toLowerCase()) ? message : `${lead}: ${message}`;
}
