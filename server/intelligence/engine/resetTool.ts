import type { BayView } from '../../../shared/bays.ts';
import type { FinishedAction } from '../../bays/context.ts';
import type { AiRunRow, ResetOffer } from '../../db/schema/index.ts';
import type { Tx } from '../../db/types.ts';
import { DomainError } from '../../errors.ts';
import { aiActor, type IntelligenceContext } from './context.ts';
import { openResetOffer, runByResetAction, updateRun } from './repository.ts';
import { publishRun } from './runEvents.ts';

// The Tech Support agent's one tool. The model can only *offer* a reset; the reset itself runs when
// the customer answers the offer with a plain yes, checked here without any model, through the same
// bays service staff use (cooldowns, audit, one action per bay, exactly once per offer).

const YES =
  /^\s*(?:yes|yep|yeah|yup|y|ok(?:ay)?|sure|please|go\s+ahead|do\s+it|confirm(?:ed)?|oui|d'accord)\b[\s.!]*(?:please|thanks?|thank\s+you|go\s+ahead|do\s+it)?[\s.!]*$/i;
const NO = /^\s*(?:no|nope|nah|n|don'?t|do\s+not|cancel|stop|wait|non)\b/i;

/** The offer text, written by us rather than the model, so what the customer agrees to is exact. */
export function offerText(bay: BayView): string {
  return `I can restart the simulator in Bay ${bay.number} for you. It takes about 2 minutes and ends the current shot. Reply YES to go ahead.`;
}

/** The offer for a bay the model named: only a bay of this facility whose PC is online. */
export function makeOffer(
  bays: BayView[],
  bayNumber: number,
): { offer: ResetOffer; text: string } | { refusal: string } {
  const bay = bays.find((candidate) => candidate.number === bayNumber);
  if (!bay) return { refusal: `There is no Bay ${bayNumber} here.` };
  if (bay.online !== true) {
    return { refusal: `Bay ${bay.number}'s computer is offline, so it can't be restarted remotely.` };
  }
  return {
    offer: { bayId: bay.id, bayNumber: bay.number, state: 'offered', actionId: null, outcome: null },
    text: offerText(bay),
  };
}

export type ConfirmationOutcome = { handled: false } | { handled: true; outcome: string };

/**
 * The customer's answer to an open, sent offer. Anything other than a clear yes or no leaves the
 * offer alone (and the message goes to the agents as usual); an old offer expires.
 */
export async function answerOffer(
  ctx: IntelligenceContext,
  thread: { id: string },
  text: string,
): Promise<ConfirmationOutcome> {
  const run = await openResetOffer(ctx.db, thread.id);
  const offer = run?.resetOffer;
  if (!run || !offer || run.state !== 'sent') return { handled: false };
  const yes = YES.test(text);
  const no = !yes && NO.test(text);
  if (!yes && !no) return { handled: false };
  if (ctx.now().getTime() - run.createdAt.getTime() > ctx.settings.resetOfferMs) {
    await settleOffer(ctx, run, { ...offer, state: 'expired' }, null);
    return { handled: false };
  }
  if (no) {
    await settleOffer(
      ctx,
      run,
      { ...offer, state: 'declined' },
      'No problem, I won’t restart anything. Text us if you need a hand.',
    );
    return { handled: true, outcome: 'reset offer declined' };
  }
  try {
    const action = await ctx.bays.reset(
      { bayId: offer.bayId, action: 'restart-sim', idempotencyKey: `ai-reset:${run.id}` },
      { id: null, name: 'ClubOS AI (customer confirmed)' },
      aiActor('tech_support'),
    );
    await settleOffer(
      ctx,
      run,
      { ...offer, state: 'confirmed', actionId: action.id },
      `Restarting the simulator in Bay ${offer.bayNumber} now. I’ll text you as soon as it’s back.`,
    );
    return { handled: true, outcome: `reset of bay ${offer.bayNumber} requested` };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await settleOffer(
      ctx,
      run,
      { ...offer, state: 'refused', outcome: error.message },
      `I couldn’t restart Bay ${offer.bayNumber} just now. A staff member has been asked to help you.`,
      { handOff: true },
    );
    return { handled: true, outcome: `reset refused: ${error.message}` };
  }
}

async function settleOffer(
  ctx: IntelligenceContext,
  run: AiRunRow,
  offer: ResetOffer,
  reply: string | null,
  options: { handOff?: boolean } = {},
) {
  await ctx.db.transaction(async (tx) => {
    await updateRun(tx, run.id, { resetOffer: offer });
    if (reply) await textCustomer(ctx, tx, run, reply, `ai-offer:${run.id}:${offer.state}`);
    if (options.handOff) await ctx.messaging.needHuman(tx, run.threadId);
    await publishRun(tx, run.id);
  });
}

async function textCustomer(ctx: IntelligenceContext, tx: Tx, run: AiRunRow, body: string, key: string) {
  try {
    await ctx.messaging.queueSend(tx, { threadId: run.threadId, body, kind: 'ai', idempotencyKey: key });
  } catch (error) {
    // Opted out since the offer: nothing is sent, and a person looks at the thread.
    if (!(error instanceof DomainError)) throw error;
    await ctx.messaging.needHuman(tx, run.threadId);
  }
}

/** In the bays' transaction: an AI-requested reset settled, so the customer hears the real outcome. */
export async function onResetFinished(
  ctx: IntelligenceContext,
  tx: Tx,
  finished: FinishedAction,
): Promise<void> {
  const run = await runByResetAction(tx, finished.action.id);
  const offer = run?.resetOffer;
  if (!run || !offer) return;
  const ok = finished.state === 'succeeded';
  const reply = ok
    ? `Bay ${offer.bayNumber} is back up. Enjoy your round, and text us if anything else acts up.`
    : `The restart of Bay ${offer.bayNumber} didn’t finish as expected. A staff member has been alerted and will help you shortly.`;
  await updateRun(tx, run.id, { resetOffer: { ...offer, outcome: finished.state } });
  await textCustomer(ctx, tx, run, reply, `ai-reset-outcome:${run.id}`);
  if (!ok) await ctx.messaging.needHuman(tx, run.threadId);
  await publishRun(tx, run.id);
}
