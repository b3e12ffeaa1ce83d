import type { AiRunView } from '../../../shared/ai.ts';
import type { StaffUser } from '../../../shared/user.ts';
import { recordAudit } from '../../audit/record.ts';
import type { AuditContext } from '../../audit/types.ts';
import { DomainError, notFound } from '../../errors.ts';
import type { IntelligenceContext } from './context.ts';
import { recordEdit } from './feedback.ts';
import { findRun, updateRun } from './repository.ts';
import { publishRun } from './runEvents.ts';

// Staff decide on drafts (and may send a shadow answer they like). Sending goes through the outbox
// like every other text; an edit before sending is recorded as a correction.

export async function approveDraft(
  ctx: IntelligenceContext,
  user: StaffUser,
  input: { runId: string; body?: string | undefined },
  audit: AuditContext,
): Promise<AiRunView> {
  return ctx.db.transaction(async (tx) => {
    const run = await findRun(tx, input.runId, { forUpdate: true });
    if (!run) throw notFound('AI answer');
    if (run.state === 'sent') return publishRun(tx, run.id);
    if (run.state !== 'draft' && run.state !== 'shadow') {
      throw new DomainError(
        'conflict',
        `This answer is ${run.state.replace('_', ' ')} and can no longer be sent.`,
      );
    }
    const original = run.body ?? '';
    const body = (input.body ?? original).trim();
    if (body === '') throw new DomainError('invalid_input', 'Write something to send.');
    const edited = body !== original.trim();
    await recordAudit(tx, audit, {
      action: 'ai.draft.approved',
      targetType: 'thread',
      targetId: run.threadId,
      facilityId: run.facilityId,
      before: { runId: run.id, state: run.state },
      after: { edited, length: body.length },
    });
    const { message } = await ctx.messaging.queueSend(tx, {
      threadId: run.threadId,
      body,
      kind: 'ai',
      idempotencyKey: `ai:${run.id}`,
      sentByUserId: user.id,
    });
    await updateRun(tx, run.id, {
      state: 'sent',
      finalBody: edited ? body : null,
      replyMessageId: message.id,
      decidedBy: user.id,
      decidedAt: ctx.now(),
    });
    if (edited) await recordEdit(tx, ctx, user, run.id, run.facilityId, body);
    return publishRun(tx, run.id);
  });
}

export async function discardDraft(
  ctx: IntelligenceContext,
  user: StaffUser,
  input: { runId: string },
  audit: AuditContext,
): Promise<AiRunView> {
  return ctx.db.transaction(async (tx) => {
    const run = await findRun(tx, input.runId, { forUpdate: true });
    if (!run) throw notFound('AI answer');
    if (run.state === 'discarded') return publishRun(tx, run.id);
    if (run.state !== 'draft' && run.state !== 'shadow') {
      throw new DomainError(
        'conflict',
        `This answer is ${run.state.replace('_', ' ')} and can no longer be discarded.`,
      );
    }
    await recordAudit(tx, audit, {
      action: 'ai.draft.discarded',
      targetType: 'thread',
      targetId: run.threadId,
      facilityId: run.facilityId,
      before: { runId: run.id, state: run.state },
    });
    await updateRun(tx, run.id, {
      state: 'discarded',
      decidedBy: user.id,
      decidedAt: ctx.now(),
      ...(run.resetOffer ? { resetOffer: { ...run.resetOffer, state: 'expired' as const } } : {}),
    });
    return publishRun(tx, run.id);
  });
}
