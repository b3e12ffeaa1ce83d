import { PROPOSAL_CHANGED, type ProposalChangedEvent } from '../../../shared/proposals.ts';
import type { ProposalSource, ProposalStatus } from '../../db/schema/index.ts';
import type { Tx } from '../../db/types.ts';
import { publishEvent } from '../../events/publish.ts';
import type { SlackNotifier } from '../../integrations/slack/notifier.ts';

// How managers hear of proposals: a `proposal.changed` live event on every change (the app's queue
// and badge), and a Slack alert when one is waiting for them. Both join the change's transaction, so
// neither announces a change that rolled back. Neither carries customer text.

/**
 * Every creation and status change of a proposal, installation-wide (proposals are not per facility).
 * Call it after the change's audit row: every writer takes the audit chain's lock before the events'
 * lock, so two transactions never wait on each other's.
 */
export async function publishProposalChanged(
  tx: Tx,
  proposal: { id: string; status: ProposalStatus; sopPath: string },
): Promise<void> {
  const payload: ProposalChangedEvent = {
    id: proposal.id,
    status: proposal.status,
    sopPath: proposal.sopPath,
  };
  await publishEvent(tx, { type: PROPOSAL_CHANGED, facilityId: null, payload });
}

const MAX_SUMMARY = 200;

/**
 * A Slack alert for a proposal that reached review. A correction's summary quotes the customer's
 * question, so it is replaced by what it is; Claude's and managers' summaries are their own words
 * (Claude only ever saw redacted text).
 */
export function reviewAlert(proposal: {
  status: 'pending_review' | 'blocked_by_eval';
  sopPath: string;
  summary: string;
  source: ProposalSource;
}): { text: string } {
  const summary =
    proposal.source === 'correction'
      ? 'Adds a staff-corrected answer from flagged feedback.'
      : oneLine(proposal.summary);
  const state =
    proposal.status === 'blocked_by_eval'
      ? 'blocked by the eval gate (approving needs an override reason)'
      : 'waiting for review';
  return {
    text: `SOP proposal for ${proposal.sopPath}, ${state}: ${summary} Review it in ClubOS → Proposals.`,
  };
}

export async function alertManagers(
  alerts: SlackNotifier | undefined,
  tx: Tx,
  proposal: Parameters<typeof reviewAlert>[0],
): Promise<void> {
  await alerts?.notify(reviewAlert(proposal), tx);
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const cut = flat.length > MAX_SUMMARY ? `${flat.slice(0, MAX_SUMMARY - 1)}…` : flat;
  return /[.!?…]$/.test(cut) ? cut : `${cut}.`;
}
