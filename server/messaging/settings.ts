import { z } from 'zod';
import type { FacilityRow } from '../db/schema/index.ts';
import { DEFAULT_SEND_WINDOW, type SendWindow } from './quietHours.ts';

// Per-facility messaging settings live in the facility's settings jsonb under `messaging`, set through
// the setup file. Read tolerantly: a bad value falls back to the default rather than breaking intake.

export const DEFAULT_MISSED_CALL_TEXT = "Sorry we missed you — reply here and we'll help.";

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

const settingsSchema = z.object({
  missedCallText: z.string().trim().min(1).max(320).optional().catch(undefined),
  missedCallTextIntervalMinutes: z
    .number()
    .min(0)
    .max(7 * 24 * 60)
    .optional()
    .catch(undefined),
  quietHours: z.object({ sendFrom: clock, sendUntil: clock }).optional().catch(undefined),
});

export type MessagingSettings = {
  missedCallText: string;
  /** Overrides CLUBOS_MISSED_CALL_TEXT_INTERVAL_MINUTES for this facility when set. */
  missedCallTextIntervalMs: number | undefined;
  sendWindow: SendWindow;
};

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export function messagingSettings(facility: Pick<FacilityRow, 'settings'>): MessagingSettings {
  const parsed = settingsSchema.safeParse(facility.settings.messaging ?? {});
  const settings = parsed.success ? parsed.data : {};
  const window = settings.quietHours
    ? { start: minutesOf(settings.quietHours.sendFrom), end: minutesOf(settings.quietHours.sendUntil) }
    : DEFAULT_SEND_WINDOW;
  return {
    missedCallText: settings.missedCallText ?? DEFAULT_MISSED_CALL_TEXT,
    missedCallTextIntervalMs:
      settings.missedCallTextIntervalMinutes === undefined
        ? undefined
        : Math.round(settings.missedCallTextIntervalMinutes * 60_000),
    // An empty or inverted window would defer forever; fall back to the rule's own hours.
    sendWindow: window.start < window.end ? window : DEFAULT_SEND_WINDOW,
  };
}
