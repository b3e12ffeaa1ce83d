import { type BayActionView, bayActionLabels, isFinal } from '../../../../shared/bays.ts';
import { formatClock, formatDuration, msSince } from './bayFormat.ts';
import { actionStateLabel, type BoardClock } from './bayStatus.ts';

type StepState = 'done' | 'current' | 'waiting' | 'skipped' | 'failed';

const stepIcons: Record<StepState, string> = {
  done: '✓',
  current: '↻',
  waiting: '○',
  skipped: '–',
  failed: '✕',
};

function steps(action: BayActionView): { name: string; state: StepState }[] {
  const final = isFinal(action.state);
  const ran = action.startedAt !== null || action.state === 'running' || action.state === 'succeeded';
  const outcome: StepState = !final ? 'waiting' : action.state === 'succeeded' ? 'done' : 'failed';
  return [
    { name: 'Requested', state: action.state === 'requested' ? 'current' : 'done' },
    {
      name: 'Running',
      state:
        action.state === 'running'
          ? 'current'
          : action.state === 'requested'
            ? 'waiting'
            : ran
              ? 'done'
              : 'skipped',
    },
    { name: final ? actionStateLabel(action.state) : 'Result', state: outcome },
  ];
}

function who(action: BayActionView): string {
  return action.requestedBy ? action.requestedBy.name : 'ClubOS';
}

/**
 * One action's path, Requested → Running → outcome, as the server reports it, with how long it has
 * taken so far (in flight) or took (final).
 */
export function ActionProgress({
  action,
  clock,
  current,
  showMessage,
}: {
  action: BayActionView;
  clock: BoardClock;
  /** In flight now, rather than the last finished action. */
  current: boolean;
  /** False when the bay's status already says it (a failure's reason). */
  showMessage: boolean;
}) {
  const final = isFinal(action.state);
  const took =
    action.durationMs ??
    (action.finishedAt
      ? new Date(action.finishedAt).getTime() - new Date(action.requestedAt).getTime()
      : null);
  return (
    <section
      className="bay-action-panel"
      data-testid="bay-action-panel"
      data-current={current}
      aria-label={current ? 'Action in progress' : 'Last action'}
    >
      <div className="bay-action-title">
        <span className="bay-action-heading">{current ? 'Now' : 'Last action'}</span>
        <time dateTime={action.requestedAt}>
          <span className="visually-hidden">asked at </span>
          {formatClock(action.requestedAt, clock.timeZone, clock.now)}
        </time>
      </div>
      <p className="bay-action-what">
        <strong>{bayActionLabels[action.kind]}</strong> by {who(action)}
      </p>
      <ol className="bay-steps" data-testid="bay-steps">
        {steps(action).map((step) => (
          <li key={step.name} className="bay-step" data-step={step.state}>
            <span className="bay-step-icon" aria-hidden="true">
              {stepIcons[step.state]}
            </span>
            <span className="bay-step-name">{step.name}</span>
            <span className="visually-hidden">
              {step.state === 'current'
                ? ' (now)'
                : step.state === 'waiting'
                  ? ' (not yet)'
                  : step.state === 'skipped'
                    ? ' (skipped)'
                    : ''}
            </span>
          </li>
        ))}
      </ol>
      <p className="bay-action-time">
        {final
          ? took !== null
            ? `Took ${formatDuration(took)}`
            : null
          : `${formatDuration(msSince(action.requestedAt, clock.now))} so far`}
      </p>
      {showMessage && action.message && <p className="bay-action-message">{action.message}</p>}
    </section>
  );
}
