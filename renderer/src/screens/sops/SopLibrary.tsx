import { useQuery } from '@tanstack/react-query';
import { agentLabels } from '../../../../shared/agents.ts';
import { sopAgents } from '../../../../shared/sops.ts';
import { describeError } from '../../api/errors.ts';
import { useTRPC } from '../../api/trpc.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ScreenHeading } from '../../shell/ScreenHeading.tsx';
import { formatWhen } from '../proposals/proposalWording.ts';
import { sopHref } from './sopsHash.ts';

/** Every SOP, grouped by the agent that answers from it. */
export function SopLibrary({ serverUrl }: { serverUrl: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.sops.list.queryOptions());
  const sops = list.data;
  return (
    <>
      <div className="screen-header">
        <ScreenHeading>SOPs</ScreenHeading>
      </div>
      <p className="screen-intro">
        The standard operating procedures each AI agent answers from. Open one to read it and see how it
        changed.
      </p>
      {list.isError && (
        <div className="notice notice-error" role="alert">
          <p>The SOPs could not be loaded: {describeError(list.error, serverUrl)}</p>
          <button type="button" className="button button-secondary" onClick={() => void list.refetch()}>
            Try again
          </button>
        </div>
      )}
      {!sops ? (
        list.isError ? null : (
          <p className="loading" role="status">
            Loading the SOPs…
          </p>
        )
      ) : sops.length === 0 ? (
        <EmptyState title="No SOPs yet">
          <p>The SOP files are imported when the server first starts. None are there yet.</p>
        </EmptyState>
      ) : (
        sopAgents.map((agent) => {
          const mine = sops.filter((sop) => sop.agent === agent);
          if (mine.length === 0) return null;
          return (
            <section key={agent} className="panel" aria-labelledby={`sops-${agent}`} data-testid="sops-agent">
              <h2 id={`sops-${agent}`}>{agentLabels[agent]}</h2>
              <ul className="sops-list">
                {mine.map((sop) => (
                  <li key={sop.id} data-testid="sop-entry">
                    <a href={sopHref(sop.path)}>{sop.title}</a>
                    <span className="proposals-muted">
                      {' '}
                      · {sop.path} · version {sop.version} · {sop.sectionCount} section
                      {sop.sectionCount === 1 ? '' : 's'} · updated {formatWhen(sop.updatedAt)}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          );
        })
      )}
    </>
  );
}
