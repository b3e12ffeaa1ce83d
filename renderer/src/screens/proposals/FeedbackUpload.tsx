import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { useTRPC } from '../../api/trpc.ts';
import { ProposalStatus } from './ProposalStatus.tsx';
import { proposalHref } from './proposalsHash.ts';
import { formatUsd } from './proposalWording.ts';

/** The server analyses at most this much at once (server/intelligence/proposals/upload.ts). */
const MAX_BYTES = 2 * 1024 * 1024;

type Phase = { kind: 'idle' } | { kind: 'reading'; name: string } | { kind: 'refused'; text: string };

/**
 * "Upload feedback (JSONL)": a `clubos feedback export` file, analysed now (`proposals.uploadFeedback`)
 * the way the hourly job analyses flagged answers. It shows what is really happening (reading the
 * file, then uploading and analysing, which the server does in one request), then the counts and the
 * proposals it made, or the server's reason for refusing the file (which names the line).
 */
export function FeedbackUpload({ serverUrl }: { serverUrl: string }) {
  const trpc = useTRPC();
  const id = useId();
  const queryClient = useQueryClient();
  const fileRef = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [fileName, setFileName] = useState<string | null>(null);
  const upload = useMutation(
    trpc.proposals.uploadFeedback.mutationOptions({
      onSettled: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.proposals.pathKey() });
        resultRef.current?.focus();
      },
    }),
  );
  const busy = phase.kind === 'reading' || upload.isPending;

  const submit = async () => {
    if (busy) return;
    const file = fileRef.current?.files?.[0];
    upload.reset();
    if (!file) {
      setPhase({ kind: 'refused', text: 'Choose a feedback file first.' });
      fileRef.current?.focus();
      return;
    }
    if (file.size > MAX_BYTES) {
      setPhase({
        kind: 'refused',
        text: `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; at most 2 MB can be analysed at once. Export a shorter period (--since).`,
      });
      fileRef.current?.focus();
      return;
    }
    setFileName(file.name);
    setPhase({ kind: 'reading', name: file.name });
    let jsonl: string;
    try {
      jsonl = await file.text();
    } catch (error) {
      setPhase({ kind: 'refused', text: `${file.name} could not be read: ${String(error)}` });
      return;
    }
    setPhase({ kind: 'idle' });
    upload.mutate({ jsonl });
  };

  const summary = upload.data;
  return (
    <section
      className="panel feedback-upload"
      aria-labelledby={`${id}-heading`}
      data-testid="feedback-upload"
    >
      <h2 id={`${id}-heading`}>Upload feedback (JSONL)</h2>
      <form
        className="feedback-upload-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div className={`field${phase.kind === 'refused' ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-file`}>Feedback file</label>
          <p id={`${id}-hint`} className="field-hint">
            The file <code>clubos feedback export</code> writes, at most 2 MB. Its unhelpful answers are
            analysed now, and any proposal goes through the guardrails and the eval like the hourly ones.
          </p>
          <input
            id={`${id}-file`}
            ref={fileRef}
            type="file"
            accept=".jsonl,.json,.ndjson,application/jsonl,application/x-ndjson,text/plain"
            className="input"
            aria-describedby={`${id}-hint`}
            onChange={() => {
              if (phase.kind === 'refused') setPhase({ kind: 'idle' });
            }}
          />
        </div>
        <div className="actions">
          <button type="submit" className="button" aria-disabled={busy || undefined}>
            {busy ? 'Analysing…' : 'Upload and analyse'}
          </button>
        </div>
      </form>
      <div
        ref={resultRef}
        tabIndex={-1}
        className="feedback-upload-result"
        data-testid="feedback-upload-result"
      >
        <div role="status">
          {phase.kind === 'reading' && <p>Reading {phase.name}…</p>}
          {upload.isPending && (
            <p>
              Uploading {fileName} and analysing it on the server: this can take a minute when Claude reads
              it.
            </p>
          )}
          {summary && (
            <div data-testid="feedback-upload-summary">
              <p>
                <span aria-hidden="true">✓ </span>
                {fileName} analysed: {summary.lines} line{summary.lines === 1 ? '' : 's'} read,{' '}
                {summary.analysed} analysed, {summary.created} proposal{summary.created === 1 ? '' : 's'} for
                review, {summary.refused} refused by the guardrails. Cost {formatUsd(summary.costUsd)}.
              </p>
              {summary.proposals.length > 0 && (
                <ul className="feedback-upload-proposals">
                  {summary.proposals.map((outcome) => (
                    <li key={outcome.proposalId}>
                      <ProposalStatus status={outcome.status} />{' '}
                      <a href={proposalHref(outcome.proposalId)}>Open the proposal</a>
                      {outcome.refusals.length > 0 &&
                        `: ${outcome.refusals.map((refusal) => refusal.reason).join('; ')}`}
                    </li>
                  ))}
                </ul>
              )}
              {summary.skipped.length > 0 && (
                <>
                  <p>Not analysed or not submitted:</p>
                  <ul data-testid="feedback-upload-skipped">
                    {summary.skipped.map((reason, index) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list that may repeat a reason
                      <li key={index}>{reason}</li>
                    ))}
                  </ul>
                </>
              )}
            </div>
          )}
        </div>
        {phase.kind === 'refused' && (
          <p className="ai-error" role="alert" data-testid="feedback-upload-error">
            <span aria-hidden="true">✕ </span>
            {phase.text}
          </p>
        )}
        {upload.isError && (
          <p className="ai-error" role="alert" data-testid="feedback-upload-error">
            <span aria-hidden="true">✕ </span>
            {fileName} was not analysed: {describeError(upload.error, serverUrl)}
          </p>
        )}
      </div>
    </section>
  );
}
