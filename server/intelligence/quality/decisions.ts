import type { StaffUser } from '../../../shared/user.ts';
import { recordAudit } from '../../audit/record.ts';
import type { AuditContext } from '../../audit/types.ts';
import type { SopQualityAlertRow } from '../../db/schema/index.ts';
import type { Db, Tx } from '../../db/types.ts';
import { DomainError, notFound } from '../../errors.ts';
import { publishEvent } from '../../events/publish.ts';
import { findVersion, lockDocument } from '../sops/repository.ts';
import type { SopService } from '../sops/service.ts';
import { lockAlert, resolveAlert } from './repository.ts';
import { QUALITY_ALERT_EVENT } from './watch.ts';

// A manager's answer to a quality alert: roll the SOP back to the version before, or dismiss it with
// a reason. Each is one transaction with its audit row and live event.

export type DecisionContext = { db: Db; now: () => Date; sops: SopService };

async function openAlert(tx: Tx, id: string): Promise<SopQualityAlertRow> {
  const alert = await lockAlert(tx, id);
  if (!alert) throw notFound('Quality alert');
  if (alert.state !== 'open') {
    throw new DomainError('conflict', `This alert was already ${alert.state.replace('_', ' ')}.`, {
      state: alert.state,
    });
  }
  return alert;
}

/**
 * Restores the previous version's content as a new version (source 'rollback', audited by the SOP
 * store) and closes the alert, together. Refused when the SOP has moved on since the alert: a newer
 * version may already fix it, and rolling that back would throw away someone's change.
 */
export async function rollbackFromAlert(
  ctx: DecisionContext,
  user: StaffUser,
  alertId: string,
  audit: AuditContext,
): Promise<{ version: number; restoredVersion: number }> {
  const { created, restoredVersion } = await ctx.db.transaction(async (tx) => {
    const alert = await openAlert(tx, alertId);
    const document = await lockDocument(tx, { id: alert.documentId });
    if (!document) throw notFound('SOP');
    const flaggedVersion = await findVersion(tx, { id: alert.versionId });
    const previous = await findVersion(tx, { id: alert.previousVersionId });
    const current = document.currentVersionId
      ? await findVersion(tx, { id: document.currentVersionId })
      : undefined;
    if (!flaggedVersion || !previous) throw notFound('SOP version');
    if (document.currentVersionId !== alert.versionId) {
      throw new DomainError(
        'conflict',
        `${document.path} has changed since this alert (it is at v${current?.version ?? '?'} now, the alert is about v${flaggedVersion.version}); roll it back from its history in SOPs if it is still needed, or dismiss the alert.`,
        { currentVersion: current?.version ?? null, alertVersion: flaggedVersion.version },
      );
    }
    const created = await ctx.sops.createVersion(
      alert.documentId,
      previous.content,
      {
        source: 'rollback',
        note: `Rolled back to v${previous.version} after a quality alert on v${flaggedVersion.version}`,
        audit,
      },
      tx,
    );
    await resolveAlert(tx, alert.id, { state: 'rolled_back', resolvedBy: user.id, resolvedAt: ctx.now() });
    const summary = {
      alertId: alert.id,
      path: document.path,
      version: flaggedVersion.version,
      restoredVersion: previous.version,
      newVersion: created.version,
    };
    await recordAudit(tx, audit, {
      action: 'sop.quality_alert.rolled_back',
      targetType: 'sop',
      targetId: alert.documentId,
      before: { state: alert.state },
      after: summary,
    });
    await publishEvent(tx, {
      type: QUALITY_ALERT_EVENT,
      facilityId: null,
      payload: { ...summary, documentId: alert.documentId, state: 'rolled_back' },
    });
    return { created, restoredVersion: previous.version };
  });
  // After the commit, like every other new version: the SOPS_DIR copy follows the database.
  await ctx.sops.mirror(created);
  return { version: created.version, restoredVersion };
}

export async function dismissAlert(
  ctx: DecisionContext,
  user: StaffUser,
  input: { alertId: string; reason: string },
  audit: AuditContext,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const alert = await openAlert(tx, input.alertId);
    await resolveAlert(tx, alert.id, { state: 'dismissed', resolvedBy: user.id, resolvedAt: ctx.now() });
    await recordAudit(tx, audit, {
      action: 'sop.quality_alert.dismissed',
      targetType: 'sop',
      targetId: alert.documentId,
      before: { state: alert.state },
      after: { alertId: alert.id, state: 'dismissed', reason: input.reason },
    });
    await publishEvent(tx, {
      type: QUALITY_ALERT_EVENT,
      facilityId: null,
      payload: { alertId: alert.id, documentId: alert.documentId, state: 'dismissed' },
    });
  });
}
