import type { BayActionView, FacilityBoard } from '../../shared/bays.ts';
import { listAuditRecords } from '../audit/repository.ts';
import type { AuditContext } from '../audit/types.ts';
import { DomainError, notFound } from '../errors.ts';
import type { FacilityScope } from '../facilities/scope.ts';
import type { SetupFile } from '../facilities/setupFile.ts';
import type { NinjaOneApi } from '../integrations/ninjaone/types.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { ServiceDeps } from '../services.ts';
import type { AlertSender } from './alerts.ts';
import { actionsOfBay, facilitiesInScope, loadBoard } from './boardRepository.ts';
import { type BayContext, type FinishedActionHandler, timingsFrom } from './context.ts';
import { type DispatchOutcome, runDispatch } from './dispatch.ts';
import { type BayHistoryEntry, historyEntry } from './history.ts';
import { type PollOutcome, runPoll } from './poll.ts';
import { bayFacilityId, findBay } from './repository.ts';
import { type ResetInput, type ResetRequester, requestReset } from './request.ts';
import { checkRestartScripts } from './scripts.ts';
import { runTrack, type TrackOutcome } from './track.ts';
import { actionView, facilityBoards } from './views.ts';

export const HISTORY_PAGE_DEFAULT = 50;
export const HISTORY_PAGE_MAX = 200;
const HISTORY_ACTIONS = 20;

export type BayHistory = {
  items: BayHistoryEntry[];
  nextCursor: number | null;
  /** The bay's most recent actions, newest first (only with the first page). */
  actions: BayActionView[];
};

/**
 * The live bay board and one-click resets through NinjaOne. The job handlers are plain methods
 * (runDispatch, runTrack, runPoll) so tests can drive them one step at a time.
 */
export class BayService {
  private readonly ctx: BayContext;

  constructor(
    deps: ServiceDeps,
    options: { ninjaone: NinjaOneApi | undefined; jobs: JobQueue | undefined; alerts: AlertSender },
  ) {
    this.ctx = {
      db: deps.db,
      logger: deps.logger.child({ component: 'bays' }),
      now: deps.now,
      ninjaone: options.ninjaone,
      jobs: options.jobs,
      alerts: options.alerts,
      timings: timingsFrom(deps.config.bays),
      finishedActions: { handler: undefined },
    };
  }

  /** Whoever asked for an action on a customer's behalf (the AI) hears how it ended; set once at start-up. */
  onActionFinished(handler: FinishedActionHandler): void {
    this.ctx.finishedActions.handler = handler;
  }

  /** The facility a bay belongs to, for the router's scoping middleware; undefined if no such bay. */
  facilityOf(bayId: string): Promise<string | undefined> {
    return bayFacilityId(this.ctx.db, bayId);
  }

  /** Boards for the facilities in scope; a slug outside the scope is not found, like a missing one. */
  async list(scope: FacilityScope, facilitySlug?: string): Promise<FacilityBoard[]> {
    const facilities = await facilitiesInScope(this.ctx.db, scope, facilitySlug);
    if (facilitySlug !== undefined && facilities.length === 0) throw notFound('Facility');
    const board = await loadBoard(this.ctx.db, { facilityIds: facilities.map((facility) => facility.id) });
    return facilityBoards(facilities, board, this.ctx.now(), this.ctx.timings);
  }

  reset(input: ResetInput, user: ResetRequester, auditContext: AuditContext): Promise<BayActionView> {
    return requestReset(this.ctx, input, user, auditContext);
  }

  /** The bay's audit trail, newest first, paged by audit row id; access is checked by the caller. */
  async history(bayId: string, options: { cursor?: number; limit?: number } = {}): Promise<BayHistory> {
    const limit = options.limit ?? HISTORY_PAGE_DEFAULT;
    if (!Number.isInteger(limit) || limit < 1 || limit > HISTORY_PAGE_MAX) {
      throw new DomainError('invalid_input', `limit must be a whole number from 1 to ${HISTORY_PAGE_MAX}`);
    }
    const bay = await findBay(this.ctx.db, bayId);
    if (!bay) throw notFound('Bay');
    const rows = await listAuditRecords(this.ctx.db, {
      facilityScope: [bay.facilityId],
      // Both filters: the facility one is indexed, the target one picks this bay's rows.
      facilityId: bay.facilityId,
      targetType: 'bay',
      targetId: bay.id,
      beforeId: options.cursor,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit).map(historyEntry);
    const last = items.at(-1);
    const actions =
      options.cursor === undefined
        ? (await actionsOfBay(this.ctx.db, bay.id, HISTORY_ACTIONS)).map(actionView)
        : [];
    return { items, nextCursor: rows.length > limit && last ? last.id : null, actions };
  }

  runDispatch(actionId: string, requestId: string | null = null): Promise<DispatchOutcome> {
    return runDispatch(this.ctx, actionId, requestId);
  }

  runTrack(actionId: string, requestId: string | null = null): Promise<TrackOutcome> {
    return runTrack(this.ctx, actionId, requestId);
  }

  runPoll(): Promise<PollOutcome> {
    return runPoll(this.ctx);
  }

  /** For FacilityService: a setup file's restart script must exist on every bay PC it names. */
  checkSetup(file: SetupFile): Promise<void> {
    return checkRestartScripts(this.ctx.ninjaone, file);
  }
}
