import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * OpenPhone webhook signatures, both schemes (../../../shared/INTEGRATIONS.md, OpenPhone):
 * - legacy: `openphone-signature: hmac;1;<timestamp ms>;<base64 digest>` over `<timestamp>.<raw body>`;
 * - Standard Webhooks: `webhook-id`, `webhook-timestamp` (seconds), `webhook-signature: v1,<base64>`
 *   over `<id>.<timestamp>.<raw body>`.
 * The secret's form picks the scheme: `whsec_…` is Standard Webhooks, anything else a legacy base64 key.
 * The verifier never throws: whatever a caller sends, it answers `{ok: false, reason}` (a 401).
 */

export type WebhookHeaders = Record<string, string | string[] | undefined>;
export type SignatureScheme = 'legacy' | 'standard';

export type SignatureCheck =
  | { ok: true; scheme: SignatureScheme; deliveryId: string | null }
  | { ok: false; reason: string };

/** How far a signature's timestamp may be from our clock, either way. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

const STANDARD_PREFIX = 'whsec_';
const DIGEST_BYTES = 32;
/** Bounds the work one request can cause: headers past this size, or more entries, are refused. */
const MAX_HEADER_CHARS = 4_096;
const MAX_SIGNATURE_ENTRIES = 16;
const MAX_WEBHOOK_ID_CHARS = 256;

/** Reads `OPENPHONE_WEBHOOK_SECRET`: which scheme it implies and its key bytes. Also usable at boot. */
export function parseWebhookSecret(
  secret: string | undefined,
): { scheme: SignatureScheme; key: Buffer } | { error: string } {
  const trimmed = secret?.trim();
  if (!trimmed) return { error: 'no webhook secret configured' };
  const scheme: SignatureScheme = trimmed.startsWith(STANDARD_PREFIX) ? 'standard' : 'legacy';
  const key = decodeBase64(scheme === 'standard' ? trimmed.slice(STANDARD_PREFIX.length) : trimmed);
  if (!key || key.length === 0) return { error: 'webhook secret is not valid base64' };
  return { scheme, key };
}

export function verifyOpenPhoneSignature(input: {
  headers: WebhookHeaders;
  rawBody: Buffer;
  secret: string | undefined;
  now?: Date;
}): SignatureCheck {
  try {
    const secret = parseWebhookSecret(input.secret);
    if ('error' in secret) return { ok: false, reason: secret.error };
    const nowMs = (input.now ?? new Date()).getTime();
    return secret.scheme === 'standard'
      ? verifyStandard(input.headers, input.rawBody, secret.key, nowMs)
      : verifyLegacy(input.headers, input.rawBody, secret.key, nowMs);
  } catch {
    // Nothing above should throw; if it ever does, the request is refused rather than answered with a 500.
    return { ok: false, reason: 'signature could not be checked' };
  }
}

function verifyLegacy(headers: WebhookHeaders, rawBody: Buffer, key: Buffer, nowMs: number): SignatureCheck {
  const value = header(headers, 'openphone-signature', ',');
  if (value === undefined) return { ok: false, reason: 'missing openphone-signature header' };
  if (value.length > MAX_HEADER_CHARS) return { ok: false, reason: 'openphone-signature header too long' };
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0 || entries.length > MAX_SIGNATURE_ENTRIES) {
    return { ok: false, reason: 'malformed openphone-signature header' };
  }
  let reason = 'malformed openphone-signature header';
  for (const entry of entries) {
    const parts = entry.split(';');
    const [kind, version, timestamp, digest] = parts;
    if (parts.length !== 4 || kind !== 'hmac' || version !== '1' || !timestamp || !digest) continue;
    const signedAtMs = legacyTimestampMs(timestamp);
    const given = decodeBase64(digest);
    if (signedAtMs === undefined || !given || given.length !== DIGEST_BYTES) continue;
    if (Math.abs(nowMs - signedAtMs) > SIGNATURE_TOLERANCE_MS) {
      reason = 'signature timestamp outside the 5-minute window';
      continue;
    }
    if (timingSafeEqual(given, hmac(key, [`${timestamp}.`, rawBody]))) {
      return { ok: true, scheme: 'legacy', deliveryId: null };
    }
    reason = 'signature does not match';
  }
  return { ok: false, reason };
}

function verifyStandard(
  headers: WebhookHeaders,
  rawBody: Buffer,
  key: Buffer,
  nowMs: number,
): SignatureCheck {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature', ' ');
  if (id === undefined || timestamp === undefined || signatures === undefined) {
    return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature header' };
  }
  if (!id || id.length > MAX_WEBHOOK_ID_CHARS || !/^[\x21-\x7e]+$/.test(id)) {
    return { ok: false, reason: 'malformed webhook-id header' };
  }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed webhook-timestamp header' };
  if (Math.abs(nowMs - Number(timestamp) * 1000) > SIGNATURE_TOLERANCE_MS) {
    return { ok: false, reason: 'signature timestamp outside the 5-minute window' };
  }
  if (signatures.length > MAX_HEADER_CHARS) return { ok: false, reason: 'webhook-signature header too long' };
  // Node joins a repeated header with ", ", so an entry may carry a trailing comma; base64 never ends in one.
  const entries = signatures
    .split(/\s+/)
    .map((entry) => entry.replace(/,$/, ''))
    .filter(Boolean);
  if (entries.length === 0 || entries.length > MAX_SIGNATURE_ENTRIES) {
    return { ok: false, reason: 'malformed webhook-signature header' };
  }
  const expected = hmac(key, [`${id}.${timestamp}.`, rawBody]);
  let sawV1 = false;
  for (const entry of entries) {
    const comma = entry.indexOf(',');
    // Other versions (v1a is asymmetric) are not ours to check; skip them.
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const given = decodeBase64(entry.slice(comma + 1));
    if (!given || given.length !== DIGEST_BYTES) continue;
    sawV1 = true;
    if (timingSafeEqual(given, expected)) return { ok: true, scheme: 'standard', deliveryId: id };
  }
  return { ok: false, reason: sawV1 ? 'signature does not match' : 'malformed webhook-signature header' };
}

/**
 * Legacy timestamps are 13 digits, milliseconds (unconfirmed in OpenPhone's prose); 10 digits are read as
 * seconds, in case some deliveries use them. Any other length is malformed.
 */
function legacyTimestampMs(timestamp: string): number | undefined {
  if (/^\d{13}$/.test(timestamp)) return Number(timestamp);
  if (/^\d{10}$/.test(timestamp)) return Number(timestamp) * 1000;
  return undefined;
}

function hmac(key: Buffer, parts: (string | Buffer)[]): Buffer {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** Case-insensitive; a repeated header (an array) is joined with `separator`, or refused when there is none. */
function header(headers: WebhookHeaders, name: string, separator?: string): string | undefined {
  let value: string | string[] | undefined;
  for (const [key, candidate] of Object.entries(headers)) {
    if (key.toLowerCase() === name && candidate !== undefined) value = candidate;
  }
  if (Array.isArray(value)) {
    if (value.length === 1) return value[0]?.trim();
    return separator === undefined ? '' : value.join(separator).trim();
  }
  return typeof value === 'string' ? value.trim() : undefined;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Strict base64 (Buffer.from silently skips bad characters). Padding is optional, so a provider that drops
 * it is still understood; what decodes is compared byte for byte, so this tolerance costs nothing.
 */
function decodeBase64(text: string): Buffer | undefined {
  if (!BASE64.test(text)) return undefined;
  const unpadded = text.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) return undefined;
  if (text.length !== unpadded.length && text.length % 4 !== 0) return undefined;
  return Buffer.from(unpadded, 'base64');
}

// Signing: the fake OpenPhone and tests use these to produce exactly what the provider sends.

/** The `openphone-signature` header value for `rawBody` signed at `timestampMs`. */
export function legacySignatureHeader(secret: string, timestampMs: number, rawBody: Buffer | string): string {
  const key = signingKey(secret, 'legacy');
  const timestamp = String(Math.trunc(timestampMs));
  return `hmac;1;${timestamp};${hmac(key, [`${timestamp}.`, rawBody]).toString('base64')}`;
}

/** The `webhook-signature` header value (`v1,<base64>`) for one Standard Webhooks delivery. */
export function standardSignatureHeader(
  secret: string,
  webhookId: string,
  timestampSeconds: number,
  rawBody: Buffer | string,
): string {
  const key = signingKey(secret, 'standard');
  const signed = hmac(key, [`${webhookId}.${Math.trunc(timestampSeconds)}.`, rawBody]);
  return `v1,${signed.toString('base64')}`;
}

/**
 * The headers OpenPhone would send with `rawBody`, in the scheme `secret` implies. Standard Webhooks needs
 * `webhookId` (the delivery's idempotency key, the same on every retry). Throws on a bad secret: this is
 * for fakes and tests, where a misconfiguration should be loud.
 */
export function signOpenPhoneWebhook(input: {
  secret: string;
  rawBody: Buffer | string;
  now?: Date;
  webhookId?: string;
}): Record<string, string> {
  const parsed = parseWebhookSecret(input.secret);
  if ('error' in parsed) throw new Error(parsed.error);
  const nowMs = (input.now ?? new Date()).getTime();
  if (parsed.scheme === 'legacy') {
    return { 'openphone-signature': legacySignatureHeader(input.secret, nowMs, input.rawBody) };
  }
  if (!input.webhookId) throw new Error('a Standard Webhooks signature needs a webhookId');
  const seconds = Math.floor(nowMs / 1000);
  return {
    'webhook-id': input.webhookId,
    'webhook-timestamp': String(seconds),
    'webhook-signature': standardSignatureHeader(input.secret, input.webhookId, seconds, input.rawBody),
  };
}

function signingKey(secret: string, scheme: SignatureScheme): Buffer {
  const parsed = parseWebhookSecret(secret);
  if ('error' in parsed) throw new Error(parsed.error);
  if (parsed.scheme !== scheme) {
    throw new Error(
      `a ${scheme} signature needs a ${scheme === 'standard' ? 'whsec_' : 'plain base64'} secret`,
    );
  }
  return parsed.key;
}
