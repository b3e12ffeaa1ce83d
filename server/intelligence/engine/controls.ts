import type { Agent } from '../../../shared/agents.ts';
import type { AgentMode, AiSettingsView } from '../../../shared/ai.ts';
import type { StaffUser } from '../../../shared/user.ts';
import { recordAudit } from '../../audit/record.ts';
import type { AuditContext } from '../../audit/types.ts';
import { facilitiesInScope } from '../../bays/boardRepository.ts';
import { notFound } from '../../errors.ts';
import type { FacilityScope } from '../../facilities/scope.ts';
import { budgetState } from './budget.ts';
import type { IntelligenceContext } from './context.ts';
import { allControls, facilityRow, modesOf, upsertControls, upsertMode } from './repository.ts';

/** Modes, kill switches and budgets for the facilities a manager runs. */
export async function aiSettings(ctx: IntelligenceContext, scope: FacilityScope): Promise<AiSettingsView> {
  const [facilities, controls] = await Promise.all([facilitiesInScope(ctx.db, scope), allControls(ctx.db)]);
  const global = controls.find((row) => row.globalRow === 1);
  return {
    globalKillSwitch: global?.killSwitch ?? false,
    facilities: await Promise.all(
      facilities.map(async (facility) => {
        const own = controls.find((row) => row.facilityId === facility.id);
        const budget = await budgetState(ctx, ctx.db, facility);
        return {
          facilityId: facility.id,
          facilitySlug: facility.slug,
          facilityName: facility.name,
          modes: await modesOf(ctx.db, facility.id),
          killSwitch: own?.killSwitch ?? false,
          dailyBudgetUsd: budget.limitUsd,
          spentTodayUsd: budget.spentUsd,
        };
      }),
    ),
  };
}

export async function setMode(
  ctx: IntelligenceContext,
  user: StaffUser,
  input: { facilityId: string; agent: Agent; mode: AgentMode },
  audit: AuditContext,
) {
  await ctx.db.transaction(async (tx) => {
    const before = (await modesOf(tx, input.facilityId))[input.agent];
    await recordAudit(tx, audit, {
      action: 'ai.mode.changed',
      targetType: 'facility',
      targetId: input.facilityId,
      facilityId: input.facilityId,
      before: { agent: input.agent, mode: before },
      after: { agent: input.agent, mode: input.mode },
    });
    await upsertMode(tx, { ...input, updatedBy: user.id, at: ctx.now() });
  });
}

/** Takes effect at once: every answer and every queued AI text checks the switches when it runs. */
export async function setKillSwitch(
  ctx: IntelligenceContext,
  user: StaffUser,
  input: { facilityId: string | null; on: boolean },
  audit: AuditContext,
) {
  await ctx.db.transaction(async (tx) => {
    await recordAudit(tx, audit, {
      action: input.on ? 'ai.kill_switch.on' : 'ai.kill_switch.off',
      targetType: input.facilityId ? 'facility' : 'installation',
      targetId: input.facilityId,
      facilityId: input.facilityId,
      after: { on: input.on },
    });
    await upsertControls(
      tx,
      input.facilityId ? { facilityId: input.facilityId } : 'global',
      { killSwitch: input.on },
      { userId: user.id, at: ctx.now() },
    );
  });
}

export async function setBudget(
  ctx: IntelligenceContext,
  user: StaffUser,
  input: { facilityId: string; dailyBudgetUsd: number },
  audit: AuditContext,
) {
  const facility = await facilityRow(ctx.db, input.facilityId);
  if (!facility) throw notFound('Facility');
  await ctx.db.transaction(async (tx) => {
    await recordAudit(tx, audit, {
      action: 'ai.budget.changed',
      targetType: 'facility',
      targetId: input.facilityId,
      facilityId: input.facilityId,
      after: { dailyBudgetUsd: input.dailyBudgetUsd },
    });
    await upsertControls(
      tx,
      { facilityId: input.facilityId },
      { dailyBudgetUsd: input.dailyBudgetUsd },
      { userId: user.id, at: ctx.now() },
    );
  });
}
