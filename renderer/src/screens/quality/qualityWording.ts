import type { Agent } from '../../../../shared/agents.ts';

/** The live events after which the quality numbers may have changed. */
export const QUALITY_EVENTS = ['sop.quality_alert', 'sop.version_created'] as const;

/** 0.1666 → "17%"; no replies → "—" (there is no rate to show). */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

/** "5 of 20" replies marked unhelpful. */
export function flaggedOf(counts: { flagged: number; replies: number }): string {
  return `${counts.flagged} of ${counts.replies}`;
}

type AlertSummary = {
  path: string;
  version: number;
  previousVersion: number;
  replies: number;
  flagged: number;
  previousReplies: number;
  previousFlagged: number;
  unhelpfulRate: number;
  previousUnhelpfulRate: number;
};

/** The alert in one sentence, numbers included, so it reads the same to a screen reader. */
export function alertSentence(alert: AlertSummary): string {
  const now = `Replies using v${alert.version} were marked unhelpful ${formatRate(alert.unhelpfulRate)} of the time (${flaggedOf(alert)})`;
  if (alert.previousReplies === 0) return `${now}; no reply used v${alert.previousVersion}.`;
  const before = flaggedOf({ flagged: alert.previousFlagged, replies: alert.previousReplies });
  return `${now}, against ${formatRate(alert.previousUnhelpfulRate)} (${before}) on v${alert.previousVersion}.`;
}

/** Whether a rollback from the alert can still work: the SOP must still be at the flagged version. */
export function canRollBack(alert: {
  state: string;
  version: number;
  currentVersion: number | null;
}): boolean {
  return alert.state === 'open' && alert.currentVersion === alert.version;
}

export type AgentRow = {
  agent: Agent;
  period: string;
  replies: number;
  flagged: number;
  helpful: number;
  unhelpfulRate: number | null;
};

/** Rows grouped by agent (in the given agent order), newest period first within each. */
export function byAgent(
  rows: readonly AgentRow[],
  order: readonly Agent[],
): { agent: Agent; rows: AgentRow[] }[] {
  return order
    .map((agent) => ({
      agent,
      rows: rows.filter((row) => row.agent === agent).sort((a, b) => b.period.localeCompare(a.period)),
    }))
    .filter((group) => group.rows.length > 0);
}

/** The totals over a group of periods: replies, flagged and the rate over all of them. */
export function totals(rows: readonly { replies: number; flagged: number }[]) {
  const replies = rows.reduce((sum, row) => sum + row.replies, 0);
  const flagged = rows.reduce((sum, row) => sum + row.flagged, 0);
  return { replies, flagged, unhelpfulRate: replies === 0 ? null : flagged / replies };
}

/** "2026-12-06" → "Sun, Dec 6" (a day) or "Week of Dec 6" (a week); the period is a UTC date. */
export function formatPeriod(period: string, bucket: 'day' | 'week'): string {
  const date = new Date(`${period}T00:00:00Z`);
  const day = date.toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  if (bucket === 'week') return `Week of ${day}`;
  const weekday = date.toLocaleDateString(undefined, { weekday: 'short', timeZone: 'UTC' });
  return `${weekday}, ${day}`;
}
