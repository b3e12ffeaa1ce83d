import type { EmergencyAlert } from '../../../../shared/ai.ts';

/** An emergency as the banner keeps it: one per customer text, newest first. */
export type ShownAlert = EmergencyAlert & { key: string };

/** How many the banner keeps; older ones are still in the inbox, marked "needs a human". */
export const MAX_SHOWN_ALERTS = 5;

/** The limits the desktop notification's IPC contract allows (shared/desktopApi.ts). */
const TITLE_MAX = 120;
const BODY_MAX = 1_000;

const alertKey = (alert: EmergencyAlert) => `${alert.threadId}@${alert.at}`;

/**
 * A new alert on top. The same alert told twice (a stream resumed after a reconnect replays what
 * it missed) is shown once; it returns null then, so the desk notifies only once too.
 */
export function addAlert(shown: readonly ShownAlert[], alert: EmergencyAlert): ShownAlert[] | null {
  const key = alertKey(alert);
  if (shown.some((existing) => existing.key === key)) return null;
  return [{ ...alert, key }, ...shown].slice(0, MAX_SHOWN_ALERTS);
}

export function dismissAlert(shown: readonly ShownAlert[], key: string): ShownAlert[] {
  return shown.filter((alert) => alert.key !== key);
}

const categoryWords: Record<string, string> = {
  fire: 'fire or smoke',
  gas: 'gas',
  injury: 'injury',
  security: 'security',
  trapped: 'someone trapped',
  flood: 'water or flood',
  electrical: 'electrical',
  general: 'general emergency',
};

/** "fire or smoke"; an unknown category is shown as the server said it. */
export function categoryText(category: string | null): string {
  if (!category) return 'emergency';
  return categoryWords[category] ?? category.replace(/_/g, ' ');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The desktop notification: short enough for the OS (and the preload's checks), complete enough to act on. */
export function notificationText(
  alert: EmergencyAlert,
  where: { facilityName: string | null; customer: string },
): { title: string; body: string } {
  const at = where.facilityName ? ` at ${where.facilityName}` : '';
  return {
    title: clip(`EMERGENCY${at}: ${categoryText(alert.category)}`, TITLE_MAX),
    body: clip(`${where.customer} texted: “${alert.text}”. Open the conversation in ClubOS now.`, BODY_MAX),
  };
}
