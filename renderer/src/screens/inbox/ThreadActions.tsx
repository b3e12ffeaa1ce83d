import { useId, useState } from 'react';
import type { ThreadDetail } from '../../../../shared/threads.ts';
import { aiPaused } from './inboxWording.ts';
import type { useThreadActions } from './useThreadActions.ts';

type Actions = ReturnType<typeof useThreadActions>;
type Person = { id: string; name: string };

const snoozeChoices = [
  { label: '1 hour', ms: 3_600_000 },
  { label: '4 hours', ms: 4 * 3_600_000 },
  { label: '1 day', ms: 24 * 3_600_000 },
  { label: '1 week', ms: 7 * 24 * 3_600_000 },
] as const;

type Choice = { key: string; label: string; run(): void };

/**
 * What staff do to a thread: take it over from the AI (or hand it back), assign it, resolve or
 * reopen it, snooze it. Each button says what it will do; while the server works on it, it says
 * so, and a refusal is shown with the server's reason.
 */
export function ThreadActions({
  thread,
  me,
  assignees,
  actions,
  now,
}: {
  thread: ThreadDetail;
  me: Person;
  /** Others who work at the thread's facility; null when this desk cannot list staff. */
  assignees: Person[] | null;
  actions: Actions;
  now: number;
}) {
  const id = useId();
  const [open, setOpen] = useState<'assign' | 'snooze' | null>(null);
  const { state } = actions;
  const busy = state.status === 'running';
  const paused = aiPaused(thread, now);
  const mine = thread.assignedTo?.id === me.id;
  const others = (assignees ?? []).filter((person) => person.id !== me.id);
  const running = state.status === 'running' ? state.label : null;
  const toggle = (which: 'assign' | 'snooze') => setOpen((current) => (current === which ? null : which));
  const act = (run: () => void) => () => {
    if (busy) return;
    setOpen(null);
    run();
  };

  const assignChoices: Choice[] = [
    ...(mine
      ? []
      : [{ key: me.id, label: `Me (${me.name})`, run: () => actions.assign(me.id, 'Assign to me') }]),
    ...others
      .filter((person) => person.id !== thread.assignedTo?.id)
      .map((person) => ({
        key: person.id,
        label: person.name,
        run: () => actions.assign(person.id, `Assign to ${person.name}`),
      })),
    ...(thread.assignedTo
      ? [{ key: 'nobody', label: 'Nobody', run: () => actions.assign(null, 'Unassign') }]
      : []),
  ];
  const snoozeChoiceList: Choice[] = snoozeChoices.map((choice) => ({
    key: choice.label,
    label: choice.label,
    run: () => actions.setStatus('snoozed', `Snooze for ${choice.label}`, new Date(Date.now() + choice.ms)),
  }));

  return (
    <div className="thread-actions" data-testid="thread-actions">
      <div className="thread-toolbar">
        <button
          type="button"
          className="button button-secondary"
          aria-disabled={busy || undefined}
          onClick={act(() =>
            paused
              ? actions.pauseAi(false, 'Let AI reply again')
              : actions.pauseAi(true, 'Take over (pause AI)'),
          )}
        >
          {paused ? 'Let AI reply again' : 'Take over (pause AI)'}
        </button>
        {others.length > 0 ? (
          <button
            type="button"
            className="button button-secondary"
            aria-expanded={open === 'assign'}
            aria-controls={`${id}-assign`}
            onClick={() => toggle('assign')}
          >
            Assign…
          </button>
        ) : (
          <button
            type="button"
            className="button button-secondary"
            aria-disabled={busy || undefined}
            onClick={act(() =>
              mine ? actions.assign(null, 'Unassign me') : actions.assign(me.id, 'Assign to me'),
            )}
          >
            {mine ? 'Unassign me' : 'Assign to me'}
          </button>
        )}
        {thread.status === 'resolved' || thread.status === 'snoozed' ? (
          <button
            type="button"
            className="button button-secondary"
            aria-disabled={busy || undefined}
            onClick={act(() => actions.setStatus('open', 'Reopen'))}
          >
            Reopen
          </button>
        ) : (
          <button
            type="button"
            className="button"
            aria-disabled={busy || undefined}
            onClick={act(() => actions.setStatus('resolved', 'Resolve'))}
          >
            Resolve
          </button>
        )}
        {thread.status !== 'snoozed' && (
          <button
            type="button"
            className="button button-secondary"
            aria-expanded={open === 'snooze'}
            aria-controls={`${id}-snooze`}
            onClick={() => toggle('snooze')}
          >
            Snooze…
          </button>
        )}
      </div>
      {open === 'assign' && (
        <ChoiceGroup id={`${id}-assign`} legend="Assign to" choices={assignChoices} busy={busy} act={act} />
      )}
      {open === 'snooze' && (
        <ChoiceGroup
          id={`${id}-snooze`}
          legend="Snooze for"
          choices={snoozeChoiceList}
          busy={busy}
          act={act}
        />
      )}
      {running && (
        <p className="thread-action-progress" role="status">
          {running}: waiting for the server…
        </p>
      )}
      {state.status === 'failed' && (
        <div className="notice notice-error thread-action-error" role="alert">
          <p>
            {state.label} did not happen: {state.message}
          </p>
          <button type="button" className="button button-secondary composer-small" onClick={actions.dismiss}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}

function ChoiceGroup({
  id,
  legend,
  choices,
  busy,
  act,
}: {
  id: string;
  legend: string;
  choices: Choice[];
  busy: boolean;
  act(run: () => void): () => void;
}) {
  return (
    <fieldset id={id} className="thread-choices">
      <legend className="thread-choices-legend">{legend}</legend>
      {choices.map((choice) => (
        <button
          key={choice.key}
          type="button"
          className="button button-secondary thread-choice"
          aria-disabled={busy || undefined}
          onClick={act(choice.run)}
        >
          {choice.label}
        </button>
      ))}
    </fieldset>
  );
}
