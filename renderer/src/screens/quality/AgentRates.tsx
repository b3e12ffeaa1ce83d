import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { agentLabels, agents } from '../../../../shared/agents.ts';
import { describeError } from '../../api/errors.ts';
import { useTRPC } from '../../api/trpc.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { byAgent, formatPeriod, totals } from './qualityWording.ts';
import { RateCells } from './RateBar.tsx';

const windows = [
  { days: 7, bucket: 'day', label: 'Last 7 days, by day' },
  { days: 30, bucket: 'day', label: 'Last 30 days, by day' },
  { days: 91, bucket: 'week', label: 'Last 13 weeks, by week' },
] as const;

/** Per agent: replies, how many were marked unhelpful, and the rate, per day or week. */
export function AgentRates({ serverUrl }: { serverUrl: string }) {
  const trpc = useTRPC();
  const id = useId();
  const [windowIndex, setWindowIndex] = useState(0);
  const window = windows[windowIndex] ?? windows[0];
  const rates = useQuery(trpc.quality.agents.queryOptions({ days: window.days, bucket: window.bucket }));
  const groups = rates.data ? byAgent(rates.data, agents) : undefined;

  return (
    <section className="panel" aria-labelledby={`${id}-heading`} data-testid="quality-agents">
      <h2 id={`${id}-heading`}>Replies by agent</h2>
      <p className="quality-muted">
        AI answers written for customers (sent, drafted or discarded by staff) at your facilities, and how
        many staff or customers marked unhelpful. Days are UTC.
      </p>
      <div className="field quality-window">
        <label htmlFor={`${id}-window`}>Period</label>
        <select
          id={`${id}-window`}
          className="input"
          value={windowIndex}
          onChange={(event) => setWindowIndex(Number(event.target.value))}
        >
          {windows.map((option, index) => (
            <option key={option.label} value={index}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      {rates.isError && (
        <div className="notice notice-error" role="alert">
          <p>The rates could not be loaded: {describeError(rates.error, serverUrl)}</p>
          <button type="button" className="button button-secondary" onClick={() => void rates.refetch()}>
            Try again
          </button>
        </div>
      )}
      {!groups ? (
        rates.isError ? null : (
          <p className="loading" role="status">
            Loading the rates…
          </p>
        )
      ) : groups.length === 0 ? (
        <EmptyState title="No AI replies in this period">
          <p>Rates appear once the AI has answered customers at your facilities.</p>
        </EmptyState>
      ) : (
        <div className="table-scroll">
          <table className="table quality-table" data-testid="quality-agents-table">
            <caption className="visually-hidden">
              Unhelpful rate per agent, {window.label.toLowerCase()}
            </caption>
            <thead>
              <tr>
                <th scope="col">Agent and period</th>
                <th scope="col">Replies</th>
                <th scope="col">Marked unhelpful</th>
                <th scope="col">Unhelpful rate</th>
              </tr>
            </thead>
            {groups.map((group) => {
              const total = totals(group.rows);
              return (
                <tbody key={group.agent} data-testid="quality-agent" data-agent={group.agent}>
                  <tr className="quality-agent-total">
                    <th scope="row">{agentLabels[group.agent]}, whole period</th>
                    <RateCells counts={total} />
                  </tr>
                  {group.rows.map((row) => (
                    <tr key={row.period}>
                      <th scope="row" className="quality-period">
                        {formatPeriod(row.period, window.bucket)}
                      </th>
                      <RateCells counts={row} />
                    </tr>
                  ))}
                </tbody>
              );
            })}
          </table>
        </div>
      )}
    </section>
  );
}
