import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { agentLabels } from '../../../../shared/agents.ts';
import { type ProposalStatusName, proposalStatuses } from '../../../../shared/proposals.ts';
import { describeError } from '../../api/errors.ts';
import { useTRPC } from '../../api/trpc.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ScreenHeading } from '../../shell/ScreenHeading.tsx';
import { FeedbackUpload } from './FeedbackUpload.tsx';
import { ProposalStatus } from './ProposalStatus.tsx';
import { proposalHref } from './proposalsHash.ts';
import { formatWhen, queueOrder, sourceLabels, statusLabels } from './proposalWording.ts';

type Filter = ProposalStatusName | 'all';

/** The queue: every proposal, what waits for a decision first, optionally one status only. */
export function ProposalQueue({ serverUrl }: { serverUrl: string }) {
  const trpc = useTRPC();
  const filterId = useId();
  const [filter, setFilter] = useState<Filter>('all');
  const list = useQuery(trpc.proposals.list.queryOptions(filter === 'all' ? {} : { status: filter }));
  const analyse = useMutation(trpc.proposals.runAnalysis.mutationOptions());
  const proposals = list.data ? queueOrder(list.data) : undefined;

  return (
    <>
      <div className="screen-header">
        <ScreenHeading>Proposals</ScreenHeading>
      </div>
      <p className="screen-intro">
        Changes to the SOPs, proposed by the analysis of answers staff marked unhelpful. Nothing changes what
        the AI says until a manager approves it here.
      </p>
      <div className="proposals-toolbar">
        <div className="field proposals-filter">
          <label htmlFor={filterId}>Show</label>
          <select
            id={filterId}
            className="input"
            value={filter}
            onChange={(event) => setFilter(event.target.value as Filter)}
          >
            <option value="all">All proposals, waiting first</option>
            {proposalStatuses.map((status) => (
              <option key={status} value={status}>
                {statusLabels[status].label}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button button-secondary"
          aria-disabled={list.isFetching || undefined}
          onClick={() => {
            if (!list.isFetching) void list.refetch();
          }}
        >
          {list.isFetching ? 'Refreshing…' : 'Refresh'}
        </button>
        <button
          type="button"
          className="button"
          aria-disabled={analyse.isPending || undefined}
          onClick={() => {
            if (!analyse.isPending) analyse.mutate({});
          }}
        >
          {analyse.isPending ? 'Queuing the analysis…' : 'Analyse now'}
        </button>
        <p className="proposals-analysis" role="status" data-testid="proposals-analysis">
          {analyse.isSuccess &&
            'Analysis queued: it reads the flagged answers not yet analysed. New proposals appear here by themselves when it has run.'}
          {analyse.isError && `The analysis was not queued: ${describeError(analyse.error, serverUrl)}`}
        </p>
      </div>
      {list.isError && (
        <div className={`notice ${proposals ? 'notice-warning' : 'notice-error'}`} role="alert">
          <p>
            {proposals
              ? `The proposals could not be refreshed (${describeError(list.error, serverUrl)}). They show what was last read.`
              : `The proposals could not be loaded: ${describeError(list.error, serverUrl)}`}
          </p>
          <button type="button" className="button button-secondary" onClick={() => void list.refetch()}>
            Try again
          </button>
        </div>
      )}
      {!proposals ? (
        list.isError ? null : (
          <p className="loading" role="status">
            Loading the proposals…
          </p>
        )
      ) : proposals.length === 0 ? (
        <div data-testid="proposals-empty">
          <EmptyState
            title={filter === 'all' ? 'No proposals yet' : `No proposals: ${statusLabels[filter].label}`}
          >
            <p>
              A proposal appears when the analysis finds something to change in an SOP, from answers staff
              marked unhelpful. It runs every hour, or now with Analyse now.
            </p>
          </EmptyState>
        </div>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="proposals-table">
            <caption className="visually-hidden">SOP proposals</caption>
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Proposal</th>
                <th scope="col">SOP</th>
                <th scope="col">From</th>
                <th scope="col">Lines changed</th>
                <th scope="col">Proposed</th>
              </tr>
            </thead>
            <tbody>
              {proposals.map((proposal) => (
                <tr key={proposal.id} data-testid="proposal-row" data-status={proposal.status}>
                  <td>
                    <ProposalStatus status={proposal.status} />
                  </td>
                  <td>
                    <a href={proposalHref(proposal.id)}>{proposal.summary}</a>
                  </td>
                  <td>
                    <span className="cell-line">{proposal.sopPath}</span>
                    <span className="cell-line proposals-muted">{agentLabels[proposal.agent]}</span>
                  </td>
                  <td>{sourceLabels[proposal.source]}</td>
                  <td>{proposal.changedLines}</td>
                  <td>{formatWhen(proposal.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <FeedbackUpload serverUrl={serverUrl} />
    </>
  );
}
