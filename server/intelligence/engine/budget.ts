import { recordAudit } from '../../audit/record.ts';
import type { FacilityRow } from '../../db/schema/index.ts';
import type { Executor, Tx } from '../../db/types.ts';
import { localDay } from '../../time/zonedTime.ts';
import { aiActor, type IntelligenceContext } from './context.ts';
import { controlsFor, spentSince, upsertControls } from './repository.ts';

export type BudgetState = { limitUsd: number; spentUsd: number; over: boolean; day: string };

/**
 * Today's spend against the facility's daily budget (its own, else the configured default). The
 * agents and the eval gate's GPT judge both spend against it.
 */
export async function budgetState(
  ctx: { now: () => Date; settings: { dailyBudgetUsd: number } },
  db: Executor,
  facility: FacilityRow,
): Promise<BudgetState> {
  const { day, start } = localDay(ctx.now(), facility.timezone);
  const { facility: own } = await controlsFor(db, facility.id);
  const limitUsd = own?.dailyBudgetUsd ?? ctx.settings.dailyBudgetUsd;
  const spentUsd = await spentSince(db, facility.id, start);
  return { limitUsd, spentUsd, over: spentUsd >= limitUsd, day };
}

/** Tells managers once per local day that the budget ran out (Slack, and the audit log). */
export async function alertBudgetOnce(
  ctx: IntelligenceContext,
  tx: Tx,
  facility: FacilityRow,
  budget: BudgetState,
) {
  const { facility: own } = await controlsFor(tx, facility.id);
  if (own?.budgetAlertedOn === budget.day) return;
  await upsertControls(
    tx,
    { facilityId: facility.id },
    { budgetAlertedOn: budget.day },
    { userId: own?.updatedBy ?? null, at: ctx.now() },
  );
  await recordAudit(tx, aiActor(), {
    action: 'ai.budget.exceeded',
    targetType: 'facility',
    targetId: facility.id,
    facilityId: facility.id,
    after: { day: budget.day, spentUsd: budget.spentUsd, limitUsd: budget.limitUsd },
  });
  await ctx.alerts.notify(
    {
      text: `:money_with_wings: ${facility.name} reached today's AI budget ($${budget.spentUsd.toFixed(2)} of $${budget.limitUsd.toFixed(2)}). Until midnight, AI answers are drafted from the SOPs without a model and wait for staff. A manager can raise the budget in ClubOS.`,
    },
    tx,
  );
}
