import { useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, useId, useRef, useState } from 'react';
import { agentLabels } from '../../../../shared/agents.ts';
import { hasRole } from '../../../../shared/roles.ts';
import type { StaffUser } from '../../../../shared/user.ts';
import { describeError } from '../../api/errors.ts';
import { type RouterOutputs, useTRPC } from '../../api/trpc.ts';
import { ScreenHeading } from '../../shell/ScreenHeading.tsx';
import { SopEditForm, SopEditSent } from './SopEditForm.tsx';
import { SopHistory } from './SopHistory.tsx';
import { LIBRARY_HREF } from './sopsHash.ts';

const tabs = [
  { id: 'content', label: 'Current version' },
  { id: 'history', label: 'History' },
] as const;
type Tab = (typeof tabs)[number]['id'];

/**
 * One SOP: its current content, and a History tab with every version. Managers can edit it; the
 * edit is sent for review as a proposal, never applied here.
 */
export function SopDocumentView({
  path,
  user,
  serverUrl,
}: {
  path: string;
  user: StaffUser;
  serverUrl: string;
}) {
  const trpc = useTRPC();
  const id = useId();
  const [tab, setTab] = useState<Tab>('content');
  const tabRefs = useRef(new Map<Tab, HTMLButtonElement>());
  const sop = useQuery(trpc.sops.get.queryOptions({ path }));
  const view = sop.data;
  const canEdit = hasRole(user.role, 'manager');
  const [editing, setEditing] = useState(false);
  const [sent, setSent] = useState<RouterOutputs['sops']['proposeEdit'] | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const sentRef = useRef<HTMLDivElement>(null);

  // Arrow keys move between tabs, as in any tab list; Home and End go to the ends.
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((candidate) => candidate.id === tab);
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % tabs.length
        : event.key === 'ArrowLeft'
          ? (index - 1 + tabs.length) % tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? tabs.length - 1
              : null;
    if (next === null) return;
    event.preventDefault();
    const nextTab = tabs[next]?.id ?? 'content';
    setTab(nextTab);
    tabRefs.current.get(nextTab)?.focus();
  };

  return (
    <>
      <p className="proposals-back">
        <a href={LIBRARY_HREF}>← All SOPs</a>
      </p>
      <div className="screen-header">
        <ScreenHeading>{view ? view.document.title : path}</ScreenHeading>
      </div>
      {sop.isError && (
        <div className="notice notice-error" role="alert">
          <p>The SOP could not be loaded: {describeError(sop.error, serverUrl)}</p>
          <button type="button" className="button button-secondary" onClick={() => void sop.refetch()}>
            Try again
          </button>
        </div>
      )}
      {!view ? (
        sop.isError ? null : (
          <p className="loading" role="status">
            Loading the SOP…
          </p>
        )
      ) : (
        <article className="sop" data-testid="sop-document">
          <p className="screen-intro" data-testid="sop-meta">
            {view.document.path} · {agentLabels[view.document.agent]} · version {view.document.currentVersion}
          </p>
          <div className="tabs" role="tablist" aria-label="SOP views" tabIndex={-1} onKeyDown={onKeyDown}>
            {tabs.map((candidate) => (
              <button
                key={candidate.id}
                ref={(element) => {
                  if (element) tabRefs.current.set(candidate.id, element);
                }}
                type="button"
                role="tab"
                id={`${id}-tab-${candidate.id}`}
                className="tab"
                aria-selected={tab === candidate.id}
                aria-controls={`${id}-panel-${candidate.id}`}
                tabIndex={tab === candidate.id ? 0 : -1}
                onClick={() => setTab(candidate.id)}
              >
                {candidate.label}
              </button>
            ))}
          </div>
          <div
            role="tabpanel"
            id={`${id}-panel-${tab}`}
            aria-labelledby={`${id}-tab-${tab}`}
            className="tab-panel"
            data-testid={`sop-panel-${tab}`}
          >
            {tab === 'content' ? (
              <>
                {canEdit && (
                  <div ref={sentRef} tabIndex={-1} className="sop-edit-sent" role="status">
                    {sent && !editing && <SopEditSent outcome={sent} isAdmin={user.role === 'admin'} />}
                  </div>
                )}
                {canEdit && editing ? (
                  <SopEditForm
                    documentId={view.document.id}
                    path={view.document.path}
                    content={view.content}
                    version={view.document.currentVersion}
                    isAdmin={user.role === 'admin'}
                    serverUrl={serverUrl}
                    onDone={(outcome) => {
                      setEditing(false);
                      if (outcome) {
                        setSent(outcome);
                        // After the form closes, reading resumes at what happened to the edit.
                        requestAnimationFrame(() => sentRef.current?.focus());
                      } else {
                        requestAnimationFrame(() => editButton.current?.focus());
                      }
                    }}
                  />
                ) : (
                  <>
                    {canEdit && (
                      <div className="actions sop-edit-actions">
                        <button
                          ref={editButton}
                          type="button"
                          className="button button-secondary"
                          onClick={() => {
                            setSent(null);
                            setEditing(true);
                          }}
                        >
                          Edit SOP…
                        </button>
                      </div>
                    )}
                    <pre className="sop-content" data-testid="sop-content">
                      {view.content}
                    </pre>
                  </>
                )}
              </>
            ) : (
              <SopHistory
                documentId={view.document.id}
                path={view.document.path}
                currentVersion={view.document.currentVersion}
                user={user}
                serverUrl={serverUrl}
              />
            )}
          </div>
        </article>
      )}
    </>
  );
}
