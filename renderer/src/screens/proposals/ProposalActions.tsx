import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { type RouterOutputs, useTRPC } from '../../api/trpc.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ReasonField } from '../../components/ReasonField.tsx';
import { sopHref } from '../sops/sopsHash.ts';
import { ProposalStatus } from './ProposalStatus.tsx';
import { proposalHref } from './proposalsHash.ts';
import { isDecidable } from './proposalWording.ts';
import { RefusalList } from './RefusalList.tsx';

type Asking = 'approve' | 'reject' | null;
type ProposalDetail = RouterOutputs['proposals']['get'];

/**
 * Approve (after confirming; a proposal the eval blocked needs an override reason), reject (with a
 * reason), or edit the new content and re-submit it, which replaces this proposal with a new one
 * that goes through the guardrails and the eval again. Each shows the server's outcome, not a guess.
 */
export function ProposalActions({ proposal, serverUrl }: { proposal: ProposalDetail; serverUrl: string }) {
  const trpc = useTRPC();
  const id = useId();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<Asking>(null);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [editing, setEditing] = useState(false);
  const [content, setContent] = useState(proposal.newContent);
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.proposals.pathKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.sops.pathKey() });
  };
  const approve = useMutation(trpc.proposals.approve.mutationOptions({ onSuccess: refresh }));
  const reject = useMutation(trpc.proposals.reject.mutationOptions({ onSuccess: refresh }));
  const edit = useMutation(trpc.proposals.edit.mutationOptions({ onSuccess: refresh }));
  const blocked = proposal.status === 'blocked_by_eval';
  const busy = approve.isPending || reject.isPending || edit.isPending;
  const reasonRequired = asking === 'reject' || (asking === 'approve' && blocked);

  const open = (which: Exclude<Asking, null>) => {
    setReason('');
    setMissing(false);
    setAsking(which);
  };
  const confirm = () => {
    const given = reason.trim();
    if (reasonRequired && given === '') {
      setMissing(true);
      return;
    }
    const which = asking;
    setAsking(null);
    if (which === 'approve')
      approve.mutate(blocked ? { id: proposal.id, overrideReason: given } : { id: proposal.id });
    if (which === 'reject') reject.mutate({ id: proposal.id, reason: given });
  };

  return (
    <section
      className="panel proposal-actions"
      aria-labelledby={`${id}-heading`}
      data-testid="proposal-actions"
    >
      <h2 id={`${id}-heading`}>Decision</h2>
      <div role="status" data-testid="proposal-outcome" className="proposal-outcome">
        {approve.isPending && <p>Approving…</p>}
        {approve.isSuccess && (
          <p>
            <span aria-hidden="true">✓ </span>Approved: {proposal.sopPath} is now at version{' '}
            {approve.data.version}. <a href={sopHref(proposal.sopPath)}>Open the SOP and its history</a>
          </p>
        )}
        {reject.isPending && <p>Rejecting…</p>}
        {reject.isSuccess && (
          <p>
            <span aria-hidden="true">✕ </span>Rejected. The SOP is unchanged.
          </p>
        )}
        {edit.isPending && <p>Re-submitting: the guardrails and the eval are running…</p>}
        {edit.isSuccess && (
          <div data-testid="proposal-resubmitted">
            <p>
              Re-submitted as a new proposal, now <ProposalStatus status={edit.data.status} />.{' '}
              <a href={proposalHref(edit.data.proposalId)}>Open the new proposal</a>
            </p>
            {edit.data.refusals.length > 0 && <RefusalList refusals={edit.data.refusals} />}
          </div>
        )}
      </div>
      {[approve, reject, edit].map((mutation, index) =>
        mutation.isError ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: three fixed mutations, always in this order
          <p key={index} className="ai-error" role="alert">
            <span aria-hidden="true">✕ </span>
            {['Not approved', 'Not rejected', 'Not re-submitted'][index]}:{' '}
            {describeError(mutation.error, serverUrl)}
          </p>
        ) : null,
      )}
      {!isDecidable(proposal.status) ? (
        !approve.isSuccess &&
        !reject.isSuccess &&
        !edit.isSuccess && <p>This proposal is no longer waiting for a decision.</p>
      ) : editing ? (
        <form
          className="proposal-edit"
          aria-label="Edit the proposed SOP"
          onSubmit={(event) => {
            event.preventDefault();
            if (busy || content.trim() === '') return;
            edit.mutate({ id: proposal.id, newContent: content });
            setEditing(false);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              setEditing(false);
            }
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-content`}>The SOP as it should read</label>
            <p id={`${id}-content-hint`} className="field-hint">
              Re-submitting replaces this proposal with a new one, checked by the guardrails and the eval
              again.
            </p>
            <textarea
              id={`${id}-content`}
              className="input proposal-textarea"
              rows={18}
              value={content}
              aria-describedby={`${id}-content-hint`}
              onChange={(event) => setContent(event.target.value)}
            />
          </div>
          <div className="actions">
            <button type="submit" className="button" aria-disabled={busy || undefined}>
              Re-submit
            </button>
            <button type="button" className="button button-secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="actions">
          <button
            type="button"
            className="button"
            aria-disabled={busy || undefined}
            onClick={() => !busy && open('approve')}
          >
            {blocked ? 'Approve anyway…' : 'Approve…'}
          </button>
          <button
            type="button"
            className="button button-secondary"
            aria-disabled={busy || undefined}
            onClick={() => !busy && open('reject')}
          >
            Reject…
          </button>
          <button
            type="button"
            className="button button-secondary"
            aria-disabled={busy || undefined}
            onClick={() => {
              if (busy) return;
              setContent(proposal.newContent);
              setEditing(true);
            }}
          >
            Edit then re-submit
          </button>
        </div>
      )}
      <ConfirmDialog
        open={asking !== null}
        title={
          asking === 'reject'
            ? 'Reject this proposal?'
            : blocked
              ? 'Approve a proposal the eval blocked?'
              : 'Approve this proposal?'
        }
        confirmLabel={asking === 'reject' ? 'Reject' : 'Approve'}
        onCancel={() => setAsking(null)}
        onConfirm={confirm}
      >
        {asking === 'approve' && (
          <p>
            {proposal.sopPath} gets a new version with this change, and the next AI answer stands on it.
            {blocked && ' The eval says it breaks cases that pass today.'}
          </p>
        )}
        {asking === 'reject' && <p>The SOP stays as it is. Say why, so the next analysis learns from it.</p>}
        {reasonRequired && (
          <ReasonField
            id={`${id}-reason`}
            label={
              asking === 'reject' ? 'Why reject it? (required)' : 'Why approve it anyway? (required, audited)'
            }
            error={
              missing
                ? asking === 'reject'
                  ? 'Say why it is rejected.'
                  : 'Say why the eval is overridden.'
                : null
            }
            value={reason}
            onChange={setReason}
          />
        )}
      </ConfirmDialog>
    </section>
  );
}
