import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { hasRole } from '../../../../shared/roles.ts';
import type { StaffUser } from '../../../../shared/user.ts';
import { describeError } from '../../api/errors.ts';
import { useTRPC } from '../../api/trpc.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { SopCompare, type SopCompareHandle } from './SopCompare.tsx';
import { VersionMetaLine } from './SopVersionMeta.tsx';
import { SopVersionReplies } from './SopVersionReplies.tsx';
import { UnifiedDiff } from './UnifiedDiff.tsx';

/**
 * Every version of an SOP, newest first: how it came to be, by whom and when (and who approved it,
 * from which proposal), its diff against the one before, and the AI replies that used it. Any two
 * versions can be compared. A manager can make an older version current again (after confirming);
 * the rollback is itself a new version, so the history only ever grows.
 */
export function SopHistory({
  documentId,
  path,
  currentVersion,
  user,
  serverUrl,
}: {
  documentId: string;
  path: string;
  currentVersion: number;
  user: StaffUser;
  serverUrl: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const history = useQuery(trpc.sops.history.queryOptions({ documentId }));
  const [asking, setAsking] = useState<number | null>(null);
  const compare = useRef<SopCompareHandle>(null);
  const rollback = useMutation(
    trpc.sops.rollback.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.sops.pathKey() }),
    }),
  );
  const canRollBack = hasRole(user.role, 'manager');

  return (
    <div data-testid="sop-history">
      <div role="status" data-testid="sop-rollback-outcome">
        {rollback.isPending && <p>Rolling back to version {rollback.variables.version}…</p>}
        {rollback.isSuccess && (
          <p>
            <span aria-hidden="true">✓ </span>Rolled back: version {rollback.variables.version}’s content is
            now current as version {rollback.data.version}.
          </p>
        )}
      </div>
      {rollback.isError && (
        <p className="ai-error" role="alert">
          <span aria-hidden="true">✕ </span>Not rolled back: {describeError(rollback.error, serverUrl)}
        </p>
      )}
      {history.isError && (
        <div className="notice notice-error" role="alert">
          <p>The history could not be loaded: {describeError(history.error, serverUrl)}</p>
          <button type="button" className="button button-secondary" onClick={() => void history.refetch()}>
            Try again
          </button>
        </div>
      )}
      {!history.data ? (
        history.isError ? null : (
          <p className="loading" role="status">
            Loading the history…
          </p>
        )
      ) : (
        <>
          {history.data.length > 1 && (
            <SopCompare
              documentId={documentId}
              versions={history.data.map((entry) => entry.version)}
              serverUrl={serverUrl}
              ref={compare}
              linkProposal={canRollBack}
            />
          )}
          <ol className="sop-versions" aria-label={`Versions of ${path}`}>
            {history.data.map((entry) => (
              <li
                key={entry.id}
                className="sop-version"
                data-testid="sop-version"
                data-version={entry.version}
                data-source={entry.source}
              >
                <h3 className="sop-version-title">
                  Version {entry.version}
                  {entry.version === currentVersion && <span className="tag sop-current"> current</span>}
                </h3>
                <p className="sop-version-meta" data-testid="sop-version-meta">
                  <VersionMetaLine meta={entry} linkProposal={canRollBack} /> · {entry.added} line
                  {entry.added === 1 ? '' : 's'} added, {entry.removed} removed
                </p>
                {entry.note && (
                  <p className="sop-version-note" data-testid="sop-version-note">
                    {entry.note}
                  </p>
                )}
                <details className="sop-diff">
                  <summary>Changes in version {entry.version}</summary>
                  <UnifiedDiff diff={entry.diff} testId="sop-version-diff" />
                </details>
                <SopVersionReplies documentId={documentId} version={entry.version} serverUrl={serverUrl} />
                <div className="actions sop-version-actions">
                  {history.data.length > 1 && (
                    <button
                      type="button"
                      className="button button-secondary composer-small"
                      onClick={() => compare.current?.compareFrom(entry.version)}
                    >
                      Compare version {entry.version} with…
                    </button>
                  )}
                  {canRollBack && entry.version !== currentVersion && (
                    <button
                      type="button"
                      className="button button-secondary composer-small"
                      aria-disabled={rollback.isPending || undefined}
                      onClick={() => {
                        if (!rollback.isPending) setAsking(entry.version);
                      }}
                    >
                      Roll back to version {entry.version}
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ol>
        </>
      )}
      <ConfirmDialog
        open={asking !== null}
        title={`Roll ${path} back to version ${asking ?? ''}?`}
        confirmLabel="Roll back"
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          const version = asking;
          setAsking(null);
          if (version !== null) rollback.mutate({ sopId: documentId, version });
        }}
      >
        <p>
          Version {asking}’s content becomes current again, as a new version {currentVersion + 1}. Every agent
          answers from it from the next customer text. The versions in between stay in the history.
        </p>
      </ConfirmDialog>
    </div>
  );
}
