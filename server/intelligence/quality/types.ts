import type { Agent } from '../../../shared/agents.ts';
import type { AiRunState, QualityAlertState } from '../../db/schema/index.ts';

/**
 * Which AI runs count as replies: an answer the agent wrote for a customer that staff or the customer
 * could judge. `sent` reached the customer (automatically or after staff sent a draft); `draft` waits
 * for staff, who send, edit (an implied "unhelpful") or flag it — in draft mode, the default, every
 * answer is one; `discarded` is a draft staff threw away, usually with a flag, and leaving it out would
 * hide exactly the answers that went wrong. Shadow answers (never shown), hand-offs and skips (no
 * answer) and the fixed emergency reply (`kind = 'safety'`, not written from SOPs) do not count.
 * A reply is unhelpful when it has at least one ai_feedback row; every other counted reply is helpful.
 */
export const COUNTED_REPLY_STATES = ['sent', 'draft', 'discarded'] as const satisfies readonly AiRunState[];

export type RateBucket = 'day' | 'week';

export type ReplyCounts = { replies: number; flagged: number };

/** One agent's replies in one day or week (UTC), and how many were marked unhelpful. */
export type AgentRate = ReplyCounts & {
  agent: Agent;
  /** The bucket's first day, YYYY-MM-DD (UTC). */
  period: string;
  helpful: number;
  /** flagged / replies; null with no replies. */
  unhelpfulRate: number | null;
};

/** One version of an SOP and the replies that stood on it. */
export type SopVersionRate = ReplyCounts & {
  versionId: string;
  version: number;
  source: string;
  current: boolean;
  helpful: number;
  unhelpfulRate: number | null;
  /** When the version became current, and when the next one replaced it (null: still current). */
  from: string;
  to: string | null;
};

export type QualityAlertView = ReplyCounts & {
  id: string;
  documentId: string;
  path: string;
  agent: Agent;
  version: number;
  previousVersion: number;
  previousReplies: number;
  previousFlagged: number;
  unhelpfulRate: number;
  previousUnhelpfulRate: number;
  state: QualityAlertState;
  /** The SOP's version now, so the screen can say a rollback would be refused before it is tried. */
  currentVersion: number | null;
  resolvedAt: string | null;
  createdAt: string;
};

export type QualityThresholds = { minReplies: number; maxRateIncrease: number };

export const unhelpfulRate = ({ replies, flagged }: ReplyCounts): number | null =>
  replies === 0 ? null : flagged / replies;
