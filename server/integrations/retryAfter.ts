/**
 * A `Retry-After` header in milliseconds: either delay-seconds or an HTTP date (RFC 9110). Undefined
 * when absent or unreadable, so each caller picks its own default.
 */
export function parseRetryAfter(value: string | null, now: Date = new Date()): number | undefined {
  if (!value?.trim()) return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
