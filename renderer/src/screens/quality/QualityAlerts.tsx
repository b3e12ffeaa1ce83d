import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { agentLabels } from '../../../../shared/agents.ts';
import { describeError } from '../../api/errors.ts';
import { type RouterOutputs, useTRPC } from '../../api/trpc.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ReasonField } from '../../components/ReasonField.tsx';
import { formatWhen } from '../proposals/proposalWording.ts';
import { sopHref } from '../sops/sopsHash.ts';
import { alertSentence, canRollBack } from './qualityWording.ts';

type Alert = RouterOutputs['quality']['alerts'][number];
type Asking = { kind: 'rollback' | 'dismiss'; alert: Alert } | null;

/**
 * Open quality alerts, each with a rollback to the version before (after confirming) or a dismissal
 * (with a reason). The outcome shown is the server's answer, not a guess.
 */
export function QualityAlerts({ alerts, serverUrl }: { alerts: Alert[] | undefined; serverUrl: string }) {
  const trpc = useTRPC();
  const id = useId();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<Asking>(null);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [acted, setActed] = useState<Alert | null>(null);
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.quality.pathKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.sops.pathKey() });
  };
  const rollback = useMutation(trpc.quality.rollback.mutationOptions({ onSettled: refresh }));
  const dismiss = useMutation(trpc.quality.dismiss.mutationOptions({ onSettled: refresh }));
  const busy = rollback.isPending || dismiss.isPending;

  const open = (kind: 'rollback' | 'dismiss', alert: Alert) => {
    if (busy) return;
    setReason('');
    setMissing(false);
    setAsking({ kind, alert });
  };
  const confirm = () => {
    if (!asking) return;
    const given = reason.trim();
    if (asking.kind === 'dismiss' && given === '') {
      setMissing(true);
      return;
    }
    setAsking(null);
    setActed(asking.alert);
    rollback.reset();
    dismiss.reset();
    if (asking.kind === 'rollback') rollback.mutate({ alertId: asking.alert.id });
    else dismiss.mutate({ alertId: asking.alert.id, reason: given });
  };

  return (
    <section className="panel quality-alerts" aria-labelledby={`${id}-heading`} data-testid="quality-alerts">
      <h2 id={`${id}-heading`}>Alerts</h2>
      <div role="status" className="quality-outcome" data-testid="quality-outcome">
        {rollback.isPending && <p>Rolling back {acted?.path}…</p>}
        {rollback.isSuccess && acted && (
          <p>
            <span aria-hidden="true">✓ </span>Rolled back: {acted.path} is now at version{' '}
            {rollback.data.version}, with the content of v{rollback.data.restoredVersion}.{' '}
            <a href={sopHref(acted.path)}>Open the SOP</a>
          </p>
        )}
        {dismiss.isPending && <p>Dismissing the alert…</p>}
        {dismiss.isSuccess && acted && (
          <p>
            <span aria-hidden="true">✓ </span>Dismissed the alert on {acted.path} v{acted.version}. The SOP is
            unchanged.
          </p>
        )}
      </div>
      {rollback.isError && (
        <p className="ai-error" role="alert">
          <span aria-hidden="true">✕ </span>Not rolled back: {describeError(rollback.error, serverUrl)}
        </p>
      )}
      {dismiss.isError && (
        <p className="ai-error" role="alert">
          <span aria-hidden="true">✕ </span>Not dismissed: {describeError(dismiss.error, serverUrl)}
        </p>
      )}
      {!alerts ? null : alerts.length === 0 ? (
        <div data-testid="quality-alerts-empty">
          <EmptyState title="No open alerts">
            <p>
              An alert appears when replies using a new SOP version are marked unhelpful clearly more often
              than under the version before. The check runs every 15 minutes.
            </p>
          </EmptyState>
        </div>
      ) : (
        <ul className="quality-alert-list">
          {alerts.map((alert) => {
            const movedOn = !canRollBack(alert);
            return (
              <li key={alert.id} className="quality-alert" data-testid="quality-alert" data-path={alert.path}>
                <h3 className="quality-alert-title">
                  <span aria-hidden="true">⚠ </span>
                  <a href={sopHref(alert.path)}>{alert.path}</a> v{alert.version}
                  <span className="quality-muted"> · {agentLabels[alert.agent]}</span>
                </h3>
                <p>{alertSentence(alert)}</p>
                <p className="quality-muted">Raised {formatWhen(alert.createdAt)}</p>
                {movedOn && (
                  <p className="quality-moved-on">
                    The SOP has moved on to v{alert.currentVersion ?? '?'} since this alert, so it cannot be
                    rolled back from here. Roll back from its history in SOPs if it is still needed, or
                    dismiss the alert.
                  </p>
                )}
                <div className="actions">
                  {!movedOn && (
                    <button
                      type="button"
                      className="button"
                      aria-disabled={busy || undefined}
                      onClick={() => open('rollback', alert)}
                    >
                      Roll back to v{alert.previousVersion}…
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button-secondary"
                    aria-disabled={busy || undefined}
                    onClick={() => open('dismiss', alert)}
                  >
                    Dismiss…
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <ConfirmDialog
        open={asking !== null}
        title={
          asking?.kind === 'dismiss'
            ? 'Dismiss this alert?'
            : `Roll ${asking?.alert.path ?? ''} back to v${asking?.alert.previousVersion ?? ''}?`
        }
        confirmLabel={
          asking?.kind === 'dismiss' ? 'Dismiss' : `Roll back to v${asking?.alert.previousVersion ?? ''}`
        }
        onCancel={() => setAsking(null)}
        onConfirm={confirm}
      >
        {asking?.kind === 'rollback' && (
          <p>
            The content of v{asking.alert.previousVersion} becomes a new version of {asking.alert.path}, and
            the next AI answer stands on it. v{asking.alert.version} stays in the history. This is audited.
          </p>
        )}
        {asking?.kind === 'dismiss' && (
          <>
            <p>
              {asking.alert.path} stays at v{asking.alert.version}. Say why, for the audit log.
            </p>
            <ReasonField
              id={`${id}-reason`}
              label="Why dismiss it? (required, audited)"
              error={missing ? 'Say why the alert is dismissed.' : null}
              value={reason}
              onChange={setReason}
            />
          </>
        )}
      </ConfirmDialog>
    </section>
  );
}
