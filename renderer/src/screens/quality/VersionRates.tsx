import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { useTRPC } from '../../api/trpc.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { formatWhen } from '../proposals/proposalWording.ts';
import { RateCells } from './RateBar.tsx';

/** One SOP's versions, newest first, with the replies that stood on each and how many were flagged. */
export function VersionRates({ serverUrl, suggestedSopId }: { serverUrl: string; suggestedSopId?: string }) {
  const trpc = useTRPC();
  const id = useId();
  const sops = useQuery(trpc.sops.list.queryOptions());
  const [chosen, setChosen] = useState<string | null>(null);
  // Until someone picks one: the SOP of the first open alert, else the first SOP that has changed.
  const sopId =
    chosen ?? suggestedSopId ?? sops.data?.find((sop) => sop.version > 1)?.id ?? sops.data?.[0]?.id ?? null;
  const rates = useQuery({
    ...trpc.quality.versions.queryOptions({ sopId: sopId ?? '' }),
    enabled: sopId !== null,
  });

  return (
    <section className="panel" aria-labelledby={`${id}-heading`} data-testid="quality-versions">
      <h2 id={`${id}-heading`}>Replies by SOP version</h2>
      {sops.isError && (
        <div className="notice notice-error" role="alert">
          <p>The SOPs could not be loaded: {describeError(sops.error, serverUrl)}</p>
          <button type="button" className="button button-secondary" onClick={() => void sops.refetch()}>
            Try again
          </button>
        </div>
      )}
      {sops.data && sops.data.length === 0 && (
        <EmptyState title="No SOPs yet">
          <p>The SOP files are imported when the server first starts.</p>
        </EmptyState>
      )}
      {sops.data && sops.data.length > 0 && (
        <div className="field quality-window">
          <label htmlFor={`${id}-sop`}>SOP</label>
          <select
            id={`${id}-sop`}
            className="input"
            value={sopId ?? ''}
            onChange={(event) => setChosen(event.target.value)}
          >
            {sops.data.map((sop) => (
              <option key={sop.id} value={sop.id}>
                {sop.path} (v{sop.version})
              </option>
            ))}
          </select>
        </div>
      )}
      {rates.isError && (
        <div className="notice notice-error" role="alert">
          <p>The version rates could not be loaded: {describeError(rates.error, serverUrl)}</p>
          <button type="button" className="button button-secondary" onClick={() => void rates.refetch()}>
            Try again
          </button>
        </div>
      )}
      {sopId !== null && !rates.data && !rates.isError && (
        <p className="loading" role="status">
          Loading the versions…
        </p>
      )}
      {rates.data && (
        <div className="table-scroll">
          <table className="table quality-table" data-testid="quality-versions-table">
            <caption className="visually-hidden">Replies per version of {rates.data.path}</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">In use</th>
                <th scope="col">Replies</th>
                <th scope="col">Marked unhelpful</th>
                <th scope="col">Unhelpful rate</th>
              </tr>
            </thead>
            <tbody>
              {rates.data.versions.map((version) => (
                <tr key={version.versionId} data-testid="quality-version" data-version={version.version}>
                  <th scope="row">
                    v{version.version}
                    <span className="quality-muted"> · {version.source}</span>
                    {version.current && <span className="tag quality-current">current</span>}
                  </th>
                  <td>
                    {formatWhen(version.from)} – {version.to ? formatWhen(version.to) : 'now'}
                  </td>
                  <RateCells counts={version} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
