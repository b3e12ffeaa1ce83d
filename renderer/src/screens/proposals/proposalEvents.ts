import { z } from 'zod';
import {
  type ProposalChangedEvent,
  type ProposalStatusName,
  proposalStatuses,
} from '../../../../shared/proposals.ts';

// The live `proposal.changed` event (shared/proposals.ts). Its payload comes over the event stream
// untyped (shared/events.ts says `unknown`), so it is checked here before anything reads it.

const proposalChangedSchema = z.object({
  id: z.string(),
  status: z.enum(proposalStatuses),
  sopPath: z.string(),
}) satisfies z.ZodType<ProposalChangedEvent>;
type ProposalChanged = ProposalChangedEvent;

/** A `proposal.changed` payload, or null when it is not one. */
export function readProposalChanged(payload: unknown): ProposalChanged | null {
  const parsed = proposalChangedSchema.safeParse(payload);
  return parsed.success ? parsed.data : null;
}

/** The statuses that wait for a manager's decision, which the navigation badge counts. */
export function isWaitingForReview(status: ProposalStatusName): boolean {
  return status === 'pending_review' || status === 'blocked_by_eval';
}

export function waitingCount(proposals: readonly { status: ProposalStatusName }[]): number {
  return proposals.filter((proposal) => isWaitingForReview(proposal.status)).length;
}

/** The badge's spoken words: "2 proposals waiting for review". */
export function waitingLabel(count: number): string {
  return `${count} ${count === 1 ? 'proposal' : 'proposals'} waiting for review`;
}

/** What the notice says when a proposal starts waiting for a decision; null when there is nothing to say. */
export function arrivalNotice(change: ProposalChanged): string | null {
  if (change.status === 'pending_review') {
    return `New SOP proposal for ${change.sopPath}, waiting for review.`;
  }
  if (change.status === 'blocked_by_eval') {
    return `New SOP proposal for ${change.sopPath}, blocked by eval: it needs a review.`;
  }
  return null;
}
