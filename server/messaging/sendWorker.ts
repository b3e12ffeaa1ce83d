import { OpenPhoneError } from '../integrations/openphone/types.ts';
import type { MessagingContext } from './context.ts';
import type { SendRateLimiter } from './rateLimiter.ts';
import { findSentCopy } from './reconcile.ts';
import { claimSend, releaseClaim, type SendClaim } from './sendClaim.ts';
import { recordAccepted, recordFailure } from './sendRecord.ts';

export type SendOutcome =
  | { kind: 'skipped'; reason: string }
  /** Another attempt holds the message; look again after `retryInMs`. */
  | { kind: 'busy'; retryInMs: number }
  /** Not due yet; the job queued for `until` sends it. */
  | { kind: 'waiting'; until: Date }
  | { kind: 'deferred'; until: Date; reason: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'sent'; providerMessageId: string; reconciled: boolean }
  | { kind: 'retrying'; attempt: number; delayMs: number; error: string }
  | { kind: 'dead_lettered'; error: string };

/** For tests: runs right after the lease is taken, before any call (a worker that dies there). */
export type SendHooks = { afterClaim?: (claim: SendClaim) => Promise<void> | void };

/**
 * One send attempt for one outbound message: claim it, take a rate-limit slot, and call OpenPhone.
 * When an earlier attempt's outcome is unknown it first looks for the text in OpenPhone's message
 * list, and sends only if it is not there. Safe to run twice or concurrently for the same message.
 */
export async function runSend(
  ctx: MessagingContext,
  limiter: SendRateLimiter | undefined,
  messageId: string,
  hooks: SendHooks = {},
): Promise<SendOutcome> {
  const claimed = await claimSend(ctx, messageId);
  if ('outcome' in claimed) return claimed.outcome;
  const { claim } = claimed;
  await hooks.afterClaim?.(claim);
  const account = ctx.openphone;
  if (!account || !limiter) {
    const error = new OpenPhoneError(
      'unavailable',
      'OpenPhone is not set up on this server (OPENPHONE_API_KEY)',
    );
    return recordFailure(ctx, claim, error, false);
  }

  if (claim.reconcileFirst) {
    const slot = await limiter.acquire(ctx.outbox.maxRateWaitMs);
    if (!slot.ok) return releaseClaim(ctx, claim, slot.retryInMs);
    try {
      const copy = await findSentCopy(ctx.db, account.api, {
        phoneNumberId: claim.from,
        to: claim.to,
        body: claim.body,
        queuedAt: claim.queuedAt,
      });
      if (copy) {
        const createdAt = new Date(copy.createdAt);
        return recordAccepted(
          ctx,
          claim,
          {
            id: copy.id,
            status: copy.status,
            createdAt: Number.isNaN(createdAt.getTime()) ? undefined : createdAt,
          },
          true,
        );
      }
    } catch (thrown) {
      return recordFailure(ctx, claim, asOpenPhoneError(thrown), true);
    }
  }

  const slot = await limiter.acquire(ctx.outbox.maxRateWaitMs);
  if (!slot.ok) return releaseClaim(ctx, claim, slot.retryInMs);
  let reply: { id: string; status: string };
  try {
    reply = await account.api.sendMessage({ from: claim.from, to: claim.to, content: claim.body });
  } catch (thrown) {
    const error = asOpenPhoneError(thrown);
    // A 429 holds back every instance, not only this message.
    if (error.kind === 'rate_limited') await limiter.pause(error.retryAfterMs ?? 1_000);
    return recordFailure(ctx, claim, error, false);
  }
  return recordAccepted(ctx, claim, reply, false);
}

// Anything else thrown by a send (a bug, a malformed reply) may have come after OpenPhone took the
// text, so it is treated as an unknown outcome: reconciled, never blindly resent.
function asOpenPhoneError(thrown: unknown): OpenPhoneError {
  if (thrown instanceof OpenPhoneError) return thrown;
  return new OpenPhoneError('unknown_outcome', thrown instanceof Error ? thrown.message : String(thrown));
}
