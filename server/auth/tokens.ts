import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'cos_';

/** An opaque bearer token: 256 random bits, prefixed so a leaked one is easy to recognise and grep for. */
export function newToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** What the sessions table stores instead of the token itself. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Rejects obvious garbage before it costs a database round trip. */
export function looksLikeToken(token: string): boolean {
  return token.startsWith(TOKEN_PREFIX) && token.length === TOKEN_PREFIX.length + 43;
}
