import type { StaffUser } from '../../../shared/user.ts';
import type { AuditContext } from '../../audit/types.ts';
import type { QualityAlertState } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import type { FacilityScope } from '../../facilities/scope.ts';
import type { SlackNotifier } from '../../integrations/slack/notifier.ts';
import type { ServiceDeps } from '../../services.ts';
import { findDocument } from '../sops/repository.ts';
import type { SopService } from '../sops/service.ts';
import { type DecisionContext, dismissAlert, rollbackFromAlert } from './decisions.ts';
import { agentCounts, documentVersions, listAlerts, versionCounts } from './repository.ts';
import {
  type AgentRate,
  type QualityAlertView,
  type RateBucket,
  type SopVersionRate,
  unhelpfulRate,
} from './types.ts';
import { runQualityWatch, type WatchContext } from './watch.ts';

const DAY_MS = 86_400_000;

/**
 * Quality after a change: helpful/unhelpful rates per agent over time and per SOP version, and the
 * watch that alerts managers (with a one-action rollback) when a new version does worse than the old.
 */
export class QualityService {
  private readonly watch: WatchContext;
  private readonly decisions: DecisionContext;

  constructor(deps: ServiceDeps, sops: SopService, alerts: SlackNotifier) {
    this.watch = {
      db: deps.db,
      logger: deps.logger.child({ component: 'quality' }),
      now: deps.now,
      alerts,
      thresholds: deps.config.quality,
    };
    this.decisions = { db: deps.db, now: deps.now, sops };
  }

  /** Per agent and day (or week, UTC) over the last `days` days, in the given facilities. */
  async agentRates(filter: { scope: FacilityScope; days: number; bucket: RateBucket }): Promise<AgentRate[]> {
    // From the start of the UTC day `days - 1` days ago, so "7 days" is today and the six before it.
    const today = new Date(this.watch.now());
    today.setUTCHours(0, 0, 0, 0);
    const since = new Date(today.getTime() - (filter.days - 1) * DAY_MS);
    const rows = await agentCounts(this.watch.db, { scope: filter.scope, since, bucket: filter.bucket });
    return rows.map((row) => ({
      agent: row.agent as AgentRate['agent'],
      period: row.period,
      replies: row.replies,
      flagged: row.flagged,
      helpful: row.replies - row.flagged,
      unhelpfulRate: unhelpfulRate(row),
    }));
  }

  /** Every version of one SOP, newest first, with the replies in the given facilities that used it. */
  async versionRates(
    documentId: string,
    scope: FacilityScope,
  ): Promise<{ path: string; versions: SopVersionRate[] }> {
    const document = await findDocument(this.watch.db, { id: documentId });
    if (!document) throw notFound('SOP');
    const versions = await documentVersions(this.watch.db, documentId);
    const rates: SopVersionRate[] = [];
    for (const [index, version] of versions.entries()) {
      const counts = await versionCounts(this.watch.db, documentId, version.version, scope);
      rates.push({
        versionId: version.id,
        version: version.version,
        source: version.source,
        current: version.id === document.currentVersionId,
        ...counts,
        helpful: counts.replies - counts.flagged,
        unhelpfulRate: unhelpfulRate(counts),
        from: version.createdAt.toISOString(),
        // Newest first: the version after this one is the previous entry.
        to: versions[index - 1]?.createdAt.toISOString() ?? null,
      });
    }
    return { path: document.path, versions: rates };
  }

  async alerts(filter: { state?: QualityAlertState | undefined }): Promise<QualityAlertView[]> {
    const rows = await listAlerts(this.watch.db, filter);
    return rows.map(({ alert, ...row }) => ({
      id: alert.id,
      documentId: alert.documentId,
      path: row.path,
      agent: row.agent,
      version: row.version,
      previousVersion: row.previousVersion,
      replies: alert.replies,
      flagged: alert.flagged,
      previousReplies: alert.previousReplies,
      previousFlagged: alert.previousFlagged,
      unhelpfulRate: unhelpfulRate(alert) ?? 0,
      previousUnhelpfulRate:
        unhelpfulRate({ replies: alert.previousReplies, flagged: alert.previousFlagged }) ?? 0,
      state: alert.state,
      currentVersion: row.currentVersion,
      resolvedAt: alert.resolvedAt?.toISOString() ?? null,
      createdAt: alert.createdAt.toISOString(),
    }));
  }

  /** One pass of the watch (the scheduled job's work). */
  runWatch(audit: AuditContext) {
    return runQualityWatch(this.watch, audit);
  }

  rollback(user: StaffUser, alertId: string, audit: AuditContext) {
    return rollbackFromAlert(this.decisions, user, alertId, audit);
  }

  dismiss(user: StaffUser, input: { alertId: string; reason: string }, audit: AuditContext) {
    return dismissAlert(this.decisions, user, input, audit);
  }
}
