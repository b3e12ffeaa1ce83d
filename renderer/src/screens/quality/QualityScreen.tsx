import '../../styles/quality.css';
import { useIsFetching, useQuery, useQueryClient } from '@tanstack/react-query';
import { describeError } from '../../api/errors.ts';
import { useTRPC } from '../../api/trpc.ts';
import { useLiveRefetch } from '../../live/useLiveRefetch.ts';
import { ScreenHeading } from '../../shell/ScreenHeading.tsx';
import { useSession } from '../../state/session.ts';
import { AgentRates } from './AgentRates.tsx';
import { QualityAlerts } from './QualityAlerts.tsx';
import { QUALITY_EVENTS } from './qualityWording.ts';
import { VersionRates } from './VersionRates.tsx';

/**
 * Quality after a change (managers only): open alerts on SOP versions that do worse than the one
 * before, with their rollback; unhelpful rates per agent over time and per SOP version. Refetched
 * when a quality alert or a new SOP version is announced on the live stream.
 */
export function QualityScreen() {
  const trpc = useTRPC();
  const serverUrl = useSession((state) => state.serverUrl) ?? '';
  useLiveRefetch(QUALITY_EVENTS, trpc.quality.pathKey());
  const alerts = useQuery(trpc.quality.alerts.queryOptions({ state: 'open' }));
  const queryClient = useQueryClient();
  const refreshing = useIsFetching({ queryKey: trpc.quality.pathKey() }) > 0;

  return (
    <section className="screen screen-quality" aria-labelledby="screen-heading" data-testid="quality-screen">
      <div className="screen-header">
        <ScreenHeading>Quality</ScreenHeading>
      </div>
      <p className="screen-intro">
        How often AI answers are marked unhelpful, per agent and per SOP version. When a new version does
        clearly worse than the one before, it shows here with a rollback.
      </p>
      <div className="quality-toolbar">
        <button
          type="button"
          className="button button-secondary"
          aria-disabled={refreshing || undefined}
          onClick={() => {
            if (!refreshing) void queryClient.invalidateQueries({ queryKey: trpc.quality.pathKey() });
          }}
        >
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {alerts.isError && (
        <div className={`notice ${alerts.data ? 'notice-warning' : 'notice-error'}`} role="alert">
          <p>
            {alerts.data
              ? `The alerts could not be refreshed (${describeError(alerts.error, serverUrl)}). They show what was last read.`
              : `The alerts could not be loaded: ${describeError(alerts.error, serverUrl)}`}
          </p>
          <button type="button" className="button button-secondary" onClick={() => void alerts.refetch()}>
            Try again
          </button>
        </div>
      )}
      {!alerts.data && !alerts.isError && (
        <p className="loading" role="status">
          Loading the alerts…
        </p>
      )}
      {alerts.data && <QualityAlerts alerts={alerts.data} serverUrl={serverUrl} />}
      <AgentRates serverUrl={serverUrl} />
      <VersionRates serverUrl={serverUrl} suggestedSopId={alerts.data?.[0]?.documentId} />
    </section>
  );
}
