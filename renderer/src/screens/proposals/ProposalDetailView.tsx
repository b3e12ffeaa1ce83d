import { useQuery } from '@tanstack/react-query';
import { agentLabels } from '../../../../shared/agents.ts';
import { describeError } from '../../api/errors.ts';
import { useTRPC } from '../../api/trpc.ts';
import { ScreenHeading } from '../../shell/ScreenHeading.tsx';
import { sopHref } from '../sops/sopsHash.ts';
import { EvalTable } from './EvalTable.tsx';
import { EvidenceList } from './EvidenceList.tsx';
import { readEvalReport } from './evalReport.ts';
import { ProposalActions } from './ProposalActions.tsx';
import { ProposalStatus } from './ProposalStatus.tsx';
import { QUEUE_HREF } from './proposalsHash.ts';
import { formatUsd, formatWhen, sourceLabels } from './proposalWording.ts';
import { RefusalList } from './RefusalList.tsx';
import { SideBySideDiff } from './SideBySideDiff.tsx';

/** One proposal: what and why, the diff, guardrail refusals, the eval, and the manager's decision. */
export function ProposalDetailView({ id, serverUrl }: { id: string; serverUrl: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.proposals.get.queryOptions({ id }));
  const proposal = detail.data;
  const evaluation = proposal ? readEvalReport(proposal.evalReport) : { kind: 'none' as const };

  return (
    <>
      <p className="proposals-back">
        <a href={QUEUE_HREF}>← All proposals</a>
      </p>
      <div className="screen-header">
        <ScreenHeading>{proposal ? proposal.summary : 'Proposal'}</ScreenHeading>
      </div>
      {detail.isError && (
        <div className="notice notice-error" role="alert">
          <p>The proposal could not be loaded: {describeError(detail.error, serverUrl)}</p>
          <button type="button" className="button button-secondary" onClick={() => void detail.refetch()}>
            Try again
          </button>
        </div>
      )}
      {!proposal ? (
        detail.isError ? null : (
          <p className="loading" role="status">
            Loading the proposal…
          </p>
        )
      ) : (
        <article className="proposal" data-testid="proposal-detail" data-status={proposal.status}>
          {proposal.status === 'blocked_by_eval' && (
            <div className="notice notice-error proposal-blocked" data-testid="proposal-blocked">
              <p>
                <strong>
                  <span aria-hidden="true">■ </span>Blocked by eval.
                </strong>{' '}
                This change makes {evaluation.kind === 'report' ? evaluation.report.broken.length : 'some'}{' '}
                case
                {evaluation.kind === 'report' && evaluation.report.broken.length === 1 ? '' : 's'} that pass
                today fail (marked below). Approving it anyway needs a reason, which is audited.
              </p>
            </div>
          )}
          <dl className="facts proposal-facts">
            <dt>Status</dt>
            <dd>
              <ProposalStatus status={proposal.status} />
            </dd>
            <dt>SOP</dt>
            <dd>
              <a href={sopHref(proposal.sopPath)}>{proposal.sopPath}</a> ({agentLabels[proposal.agent]})
            </dd>
            <dt>From</dt>
            <dd data-testid="proposal-source">{sourceLabels[proposal.source]}</dd>
            <dt>Proposed</dt>
            <dd>{formatWhen(proposal.createdAt)}</dd>
            <dt>Cost</dt>
            <dd data-testid="proposal-cost">
              {formatUsd(proposal.costUsd + proposal.evalCostUsd)}
              {proposal.evalCostUsd > 0 &&
                ` (analysis ${formatUsd(proposal.costUsd)}, eval judge ${formatUsd(proposal.evalCostUsd)})`}
            </dd>
            <dt>Evidence</dt>
            <dd>
              {proposal.evidence.length} flagged answer{proposal.evidence.length === 1 ? '' : 's'}
            </dd>
            {proposal.decidedAt && (
              <>
                <dt>Decided</dt>
                <dd>
                  {formatWhen(proposal.decidedAt)}
                  {proposal.decisionReason && `: ${proposal.decisionReason}`}
                </dd>
              </>
            )}
            {proposal.overrideReason && (
              <>
                <dt>Eval overridden because</dt>
                <dd>{proposal.overrideReason}</dd>
              </>
            )}
          </dl>
          <section className="panel" aria-labelledby="proposal-rationale-heading">
            <h2 id="proposal-rationale-heading">Why</h2>
            <p data-testid="proposal-rationale">{proposal.rationale}</p>
          </section>
          {proposal.refusals.length > 0 && (
            <section
              className="panel proposal-refusals"
              aria-labelledby="proposal-refusals-heading"
              data-testid="proposal-refusals"
            >
              <h2 id="proposal-refusals-heading">Refused by the guardrails</h2>
              <RefusalList refusals={proposal.refusals} />
            </section>
          )}
          <section className="panel" aria-labelledby="proposal-evidence-heading">
            <h2 id="proposal-evidence-heading">Evidence</h2>
            <EvidenceList evidence={proposal.evidenceThreads} />
          </section>
          <section className="panel" aria-labelledby="proposal-diff-heading">
            <h2 id="proposal-diff-heading">The change</h2>
            <SideBySideDiff before={proposal.currentContent} after={proposal.newContent} />
          </section>
          <section className="panel" aria-labelledby="proposal-eval-heading" data-testid="proposal-eval">
            <h2 id="proposal-eval-heading">Eval</h2>
            {evaluation.kind === 'report' ? (
              <EvalTable report={evaluation.report} />
            ) : evaluation.kind === 'invalid' ? (
              <p>The eval report could not be read.</p>
            ) : (
              <p>
                {proposal.status === 'evaluating' ? (
                  <>
                    The eval is running; this page shows its result when it is done.{' '}
                    <button
                      type="button"
                      className="button button-secondary composer-small"
                      aria-disabled={detail.isFetching || undefined}
                      onClick={() => {
                        if (!detail.isFetching) void detail.refetch();
                      }}
                    >
                      {detail.isFetching ? 'Refreshing…' : 'Refresh'}
                    </button>
                  </>
                ) : (
                  'No eval ran for this proposal.'
                )}
              </p>
            )}
          </section>
          <ProposalActions proposal={proposal} serverUrl={serverUrl} />
        </article>
      )}
    </>
  );
}
