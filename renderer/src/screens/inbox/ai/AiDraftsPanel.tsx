import { useId, useRef, useState } from 'react';
import { agentLabels } from '../../../../../shared/agents.ts';
import type { AiRunView } from '../../../../../shared/ai.ts';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { formatClock } from '../../bays/bayFormat.ts';
import { AiDraftCard } from './AiDraftCard.tsx';
import { decisionText, runStateLabels, runText } from './aiWording.ts';
import type { ThreadRunsFeed, ThreadRunsSnapshot } from './threadRunsFeed.ts';
import { useAiRunActions } from './useAiRunActions.ts';

type Clock = { now: number; timeZone: string | undefined };

/**
 * The thread's AI answers waiting on staff (drafts, and shadow answers staff may still send), live
 * from the inbox stream, above the send box. Below them, what became of the earlier ones and why.
 * A sent draft leaves the panel once the server has queued it; the text itself then shows in the
 * conversation with its real delivery state.
 */
export function AiDraftsPanel({
  runs,
  snapshot,
  customer,
  optedOut,
  serverUrl,
  clock,
  onSent,
}: {
  runs: ThreadRunsFeed;
  snapshot: ThreadRunsSnapshot;
  customer: string;
  optedOut: boolean;
  serverUrl: string;
  clock: Clock;
  onSent(): void;
}) {
  const id = useId();
  const actions = useAiRunActions(serverUrl, runs);
  const [discarding, setDiscarding] = useState<AiRunView | null>(null);
  const [announcement, setAnnouncement] = useState<{ key: number; text: string } | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { pending, decided } = snapshot;

  // The card is gone once the server has done it: say so, and keep focus in the panel.
  const settled = (text: string) => {
    setAnnouncement((current) => ({ key: (current?.key ?? 0) + 1, text }));
    headingRef.current?.focus();
  };

  return (
    <section className="ai-panel" aria-labelledby={`${id}-heading`} data-testid="ai-panel">
      <h3 id={`${id}-heading`} ref={headingRef} className="ai-panel-heading" tabIndex={-1}>
        AI answers waiting{pending.length > 0 && ` (${pending.length})`}
      </h3>
      {snapshot.error && (
        <div className="notice notice-warning ai-panel-notice" role="status">
          <p>The AI answers could not be loaded ({snapshot.error}).</p>
          <button
            type="button"
            className="button button-secondary composer-small"
            onClick={() => void runs.read()}
          >
            Try again
          </button>
        </div>
      )}
      {!snapshot.loaded ? (
        snapshot.error ? null : (
          <p className="ai-panel-empty" role="status">
            Loading AI answers…
          </p>
        )
      ) : pending.length === 0 ? (
        <p className="ai-panel-empty" data-testid="ai-panel-empty">
          No AI drafts waiting. When the AI drafts a reply to {customer}, it shows here for you to send, edit
          or discard.
        </p>
      ) : (
        <ul className="ai-drafts" aria-label="Drafts, oldest first">
          {pending.map((run) => (
            <AiDraftCard
              key={run.id}
              run={run}
              customer={customer}
              optedOut={optedOut}
              clock={clock}
              action={actions.states.get(run.id)}
              onSend={async (body) => {
                const sent = await actions.approve(run.id, body);
                if (sent) {
                  settled(`Sent to the outbox: the ${agentLabels[run.agent]} answer to ${customer}.`);
                  onSent();
                }
                return sent;
              }}
              onDiscard={() => setDiscarding(run)}
              onDismiss={() => actions.dismiss(run.id)}
            />
          ))}
        </ul>
      )}
      {decided.length > 0 && (
        <details className="ai-history" data-testid="ai-history">
          <summary>Earlier AI answers ({decided.length})</summary>
          <ul className="ai-history-list">
            {decided.map((run) => (
              <DecidedRun key={run.id} run={run} clock={clock} />
            ))}
          </ul>
        </details>
      )}
      <div className="visually-hidden" role="status" aria-live="polite" data-testid="ai-panel-announcer">
        {announcement && <p key={announcement.key}>{announcement.text}</p>}
      </div>
      <ConfirmDialog
        open={discarding !== null}
        title="Discard this AI draft?"
        confirmLabel="Discard draft"
        onCancel={() => setDiscarding(null)}
        onConfirm={() => {
          const run = discarding;
          setDiscarding(null);
          if (!run) return;
          void actions.discard(run.id).then((done) => {
            if (done) settled(`Discarded the ${agentLabels[run.agent]} draft. Nothing was texted.`);
          });
        }}
      >
        <p>
          Nothing is texted to {customer}, and the draft leaves this panel for the thread’s earlier AI
          answers.
        </p>
        {discarding?.body && <p className="ai-why-quote">{discarding.body}</p>}
      </ConfirmDialog>
    </section>
  );
}

function DecidedRun({ run, clock }: { run: AiRunView; clock: Clock }) {
  const state = runStateLabels[run.state];
  const decision = decisionText(run);
  const text = runText(run);
  return (
    <li className="ai-history-item" data-state={run.state}>
      <p className="ai-draft-meta">
        <span className="ai-agent">{agentLabels[run.agent]}</span>
        <span className="ai-state" data-state={run.state}>
          <span aria-hidden="true">{state.icon} </span>
          {state.label}
        </span>
        <time dateTime={run.createdAt}>{formatClock(run.createdAt, clock.timeZone, clock.now)}</time>
      </p>
      {text && <p className="ai-history-text">{text}</p>}
      {(run.reason || decision) && (
        <p className="ai-draft-reason">{[decision, run.reason].filter(Boolean).join('. ')}</p>
      )}
    </li>
  );
}
