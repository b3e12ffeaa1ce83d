import type { BayActionKind, BayView, FacilityBoard as FacilityBoardData } from '../../../../shared/bays.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { BayCard } from './BayCard.tsx';
import { boardSummary } from './bayStatus.ts';
import { type ResetRequest, withServerAnswer } from './resetRequest.ts';

export type BayCardHandlers = {
  onAsk(bay: BayView, kind: BayActionKind): void;
  onRetry(bay: BayView): void;
  onDismiss(bay: BayView): void;
  onHistory(bay: BayView): void;
};

/** One facility's bays as a grid, in bay-number order (staff know the bays by where they are). */
export function FacilityBoard({
  board,
  showName,
  now,
  requests,
  handlers,
}: {
  board: FacilityBoardData;
  /** The facility's name as a heading: only when the user sees more than one. */
  showName: boolean;
  now: number;
  requests: ReadonlyMap<string, ResetRequest>;
  handlers: BayCardHandlers;
}) {
  const { facility, bays } = board;
  const headingId = `facility-${facility.id}`;
  const clock = { now, timeZone: facility.timezone };
  return (
    <section className="facility-board" aria-labelledby={headingId} data-testid="facility-board">
      <div className="facility-header">
        <h2 id={headingId} className={showName ? 'facility-name' : 'visually-hidden'}>
          {facility.name}
        </h2>
        {bays.length > 0 && (
          <p className="facility-summary" data-testid="facility-summary">
            {boardSummary(bays)}
          </p>
        )}
      </div>
      {bays.length === 0 ? (
        <EmptyState title={`No bays at ${facility.name} yet`}>
          <p>
            Add the bays, each with its <code>ninjaDeviceId</code>, to the facility's setup file and run{' '}
            <code>clubos setup</code>.
          </p>
        </EmptyState>
      ) : (
        <ul className="bay-grid">
          {bays.map((bay) => {
            const request = requests.get(bay.id);
            return (
              <li key={bay.id}>
                <BayCard bay={withServerAnswer(bay, request)} clock={clock} request={request} {...handlers} />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
