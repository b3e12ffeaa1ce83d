import { recordAudit } from '../../audit/record.ts';
import type { AuditContext } from '../../audit/types.ts';
import type { Db } from '../../db/types.ts';
import { publishEvent } from '../../events/publish.ts';
import type { SlackNotifier } from '../../integrations/slack/notifier.ts';
import type { Logger } from '../../logger.ts';
import { hasAlert, insertAlert, versionCounts, watchedDocuments } from './repository.ts';
import { judgeVersion } from './rules.ts';
import { type QualityThresholds, unhelpfulRate } from './types.ts';

export const QUALITY_ALERT_EVENT = 'sop.quality_alert';

export type WatchContext = {
  db: Db;
  logger: Logger;
  now: () => Date;
  alerts: SlackNotifier;
  thresholds: QualityThresholds;
};

export type WatchOutcome = { checked: number; raised: { alertId: string; path: string; version: number }[] };

const percent = (rate: number | null) => `${Math.round((rate ?? 0) * 100)}%`;

/**
 * One pass of the quality watch: for every SOP whose current version has one before it, the unhelpful
 * rate of replies on the current version against the previous one's. A version worse past the
 * threshold, over at least the minimum of replies, gets one alert (the unique index on its version
 * makes a re-run or a second worker a no-op), audited, announced live and on Slack in the same
 * transaction. Counts only: no customer text or number leaves in the alert.
 */
export async function runQualityWatch(ctx: WatchContext, audit: AuditContext): Promise<WatchOutcome> {
  const documents = await watchedDocuments(ctx.db);
  const raised: WatchOutcome['raised'] = [];
  for (const document of documents) {
    if (!document.previousVersionId || (await hasAlert(ctx.db, document.versionId))) continue;
    const current = await versionCounts(ctx.db, document.documentId, document.version);
    const previous = await versionCounts(ctx.db, document.documentId, document.version - 1);
    const verdict = judgeVersion(current, previous, ctx.thresholds);
    if (verdict.kind !== 'worse') continue;
    const previousVersionId = document.previousVersionId;
    const alertId = await ctx.db.transaction(async (tx) => {
      const alert = await insertAlert(tx, {
        documentId: document.documentId,
        versionId: document.versionId,
        previousVersionId,
        replies: current.replies,
        flagged: current.flagged,
        previousReplies: previous.replies,
        previousFlagged: previous.flagged,
        createdAt: ctx.now(),
      });
      if (!alert) return undefined;
      const summary = {
        path: document.path,
        version: document.version,
        previousVersion: document.version - 1,
        replies: current.replies,
        flagged: current.flagged,
        previousReplies: previous.replies,
        previousFlagged: previous.flagged,
      };
      await recordAudit(tx, audit, {
        action: 'sop.quality_alert.raised',
        targetType: 'sop',
        targetId: document.documentId,
        after: { alertId: alert.id, ...summary },
      });
      await ctx.alerts.notify(
        {
          text:
            `SOP quality: replies using ${document.path} v${document.version} are marked unhelpful ` +
            `${percent(unhelpfulRate(current))} of the time (${current.flagged} of ${current.replies}), ` +
            `against ${percent(unhelpfulRate(previous))} (${previous.flagged} of ${previous.replies}) on ` +
            `v${document.version - 1}. A manager can roll it back in ClubOS under Quality.`,
        },
        tx,
      );
      await publishEvent(tx, {
        type: QUALITY_ALERT_EVENT,
        facilityId: null,
        payload: { alertId: alert.id, documentId: document.documentId, state: alert.state, ...summary },
      });
      return alert.id;
    });
    if (alertId) {
      raised.push({ alertId, path: document.path, version: document.version });
      ctx.logger.warn(
        { path: document.path, version: document.version, increase: verdict.increase },
        'SOP quality alert raised',
      );
    }
  }
  return { checked: documents.length, raised };
}
