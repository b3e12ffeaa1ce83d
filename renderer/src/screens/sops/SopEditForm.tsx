import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { type RouterOutputs, useTRPC } from '../../api/trpc.ts';
import { proposalHref } from '../proposals/proposalsHash.ts';
import { RefusalList } from '../proposals/RefusalList.tsx';
import { editOutcomeText as outcomeText } from './sopWording.ts';

type Outcome = RouterOutputs['sops']['proposeEdit'];

/**
 * A manager's direct edit of an SOP (`sops.proposeEdit`). It is sent as a proposal through the same
 * guardrails and eval as any other, and goes live only when another manager approves it (an admin
 * may approve their own). The form shows the server's outcome: refused with the guardrails'
 * reasons (the text stays, to fix and send again), or sent for review with a link to the proposal.
 */
export function SopEditForm({
  documentId,
  path,
  content,
  version,
  isAdmin,
  serverUrl,
  onDone,
}: {
  documentId: string;
  path: string;
  content: string;
  /** The current version's number, live: another approval can land while this form is open. */
  version: number;
  isAdmin: boolean;
  serverUrl: string;
  /** Closes the form; `sent` when the edit went to review (the outcome stays shown by the caller). */
  onDone(sent: Outcome | null): void;
}) {
  const trpc = useTRPC();
  const id = useId();
  const queryClient = useQueryClient();
  const [text, setText] = useState(content);
  const [base, setBase] = useState({ version, content });
  const [summary, setSummary] = useState('');
  const [problem, setProblem] = useState<{ field: 'summary' | 'content'; text: string } | null>(null);
  const summaryRef = useRef<HTMLInputElement>(null);
  const contentRef = useRef<HTMLTextAreaElement>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const propose = useMutation(
    trpc.sops.proposeEdit.mutationOptions({
      onSuccess: async (outcome) => {
        await queryClient.invalidateQueries({ queryKey: trpc.proposals.pathKey() });
        if (outcome.status === 'guardrail_rejected') {
          outcomeRef.current?.focus();
          return;
        }
        onDone(outcome);
      },
      onError: () => outcomeRef.current?.focus(),
    }),
  );

  const submit = () => {
    if (propose.isPending) return;
    if (summary.trim() === '') {
      setProblem({ field: 'summary', text: 'Say what the edit changes.' });
      summaryRef.current?.focus();
      return;
    }
    if (text.trim() === '') {
      setProblem({ field: 'content', text: 'An SOP cannot be empty.' });
      contentRef.current?.focus();
      return;
    }
    if (text === base.content) {
      setProblem({ field: 'content', text: 'Nothing is changed yet.' });
      contentRef.current?.focus();
      return;
    }
    setProblem(null);
    propose.mutate({ sopId: documentId, newContent: text, summary: summary.trim() });
  };

  // Opening the form starts at its first field.
  useEffect(() => summaryRef.current?.focus(), []);

  const refused = propose.data?.status === 'guardrail_rejected' ? propose.data : null;
  return (
    <form
      className="sop-edit"
      aria-labelledby={`${id}-heading`}
      data-testid="sop-edit-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !propose.isPending) {
          event.preventDefault();
          onDone(null);
        }
      }}
    >
      <h2 id={`${id}-heading`} className="sop-edit-title">
        Edit {path}
      </h2>
      <p id={`${id}-hint`} className="field-hint">
        Your edit goes through the guardrails and the eval like any proposal, and goes live only when{' '}
        {isAdmin ? 'approved (as an admin you may approve it yourself)' : 'another manager approves it'}.
      </p>
      {version !== base.version && (
        <div className="notice notice-warning" role="alert" data-testid="sop-edit-stale">
          <p>
            {path} changed while you were editing: it is now version {version}, and your text starts from
            version {base.version}. Sending it would undo that change.
          </p>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setBase({ version, content });
              setText(content);
              contentRef.current?.focus();
            }}
          >
            Start again from version {version}
          </button>
        </div>
      )}
      <div className={`field${problem?.field === 'summary' ? ' field-invalid' : ''}`}>
        <label htmlFor={`${id}-summary`}>What does the edit change? (required)</label>
        {problem?.field === 'summary' && (
          <p id={`${id}-summary-error`} className="field-error">
            <span aria-hidden="true">⚠ </span>
            {problem.text}
          </p>
        )}
        <input
          id={`${id}-summary`}
          ref={summaryRef}
          className="input"
          maxLength={300}
          value={summary}
          aria-invalid={problem?.field === 'summary' || undefined}
          aria-describedby={problem?.field === 'summary' ? `${id}-summary-error` : undefined}
          onChange={(event) => setSummary(event.target.value)}
        />
      </div>
      <div className={`field${problem?.field === 'content' ? ' field-invalid' : ''}`}>
        <label htmlFor={`${id}-content`}>The SOP as it should read</label>
        {problem?.field === 'content' && (
          <p id={`${id}-content-error`} className="field-error">
            <span aria-hidden="true">⚠ </span>
            {problem.text}
          </p>
        )}
        <textarea
          id={`${id}-content`}
          ref={contentRef}
          className="input proposal-textarea"
          rows={20}
          value={text}
          aria-invalid={problem?.field === 'content' || undefined}
          aria-describedby={[`${id}-hint`, problem?.field === 'content' ? `${id}-content-error` : '']
            .filter(Boolean)
            .join(' ')}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      <div ref={outcomeRef} tabIndex={-1} className="sop-edit-outcome" data-testid="sop-edit-outcome">
        <div role="status">
          {propose.isPending && <p>Sending: the guardrails and the eval are checking the edit…</p>}
          {refused && (
            <div className="sop-edit-refused" data-testid="sop-edit-refused">
              <p>
                <span aria-hidden="true">✕ </span>
                {outcomeText(refused.status, isAdmin)}
              </p>
              <RefusalList refusals={refused.refusals} />
              <p>
                <a href={proposalHref(refused.proposalId)}>See the refused proposal</a>
              </p>
            </div>
          )}
        </div>
        {propose.isError && (
          <p className="ai-error" role="alert">
            <span aria-hidden="true">✕ </span>Not sent: {describeError(propose.error, serverUrl)}
          </p>
        )}
      </div>
      <div className="actions">
        <button type="submit" className="button" aria-disabled={propose.isPending || undefined}>
          {propose.isPending ? 'Sending…' : 'Send for review'}
        </button>
        <button
          type="button"
          className="button button-secondary"
          aria-disabled={propose.isPending || undefined}
          onClick={() => {
            if (!propose.isPending) onDone(null);
          }}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}

/** A sent edit's outcome, shown on the SOP once the form has closed. */
export function SopEditSent({ outcome, isAdmin }: { outcome: Outcome; isAdmin: boolean }) {
  return (
    <p data-testid="sop-edit-sent">
      <span aria-hidden="true">● </span>
      {outcomeText(outcome.status, isAdmin)} <a href={proposalHref(outcome.proposalId)}>Open the proposal</a>
    </p>
  );
}
