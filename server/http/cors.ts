import type { IncomingMessage, ServerResponse } from 'node:http';

// Everything the desktop app's tRPC and SSE clients send beyond the CORS-safelisted headers.
const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'x-request-id',
  'x-clubos-device',
  'trpc-accept',
  'last-event-id',
  'cache-control',
].join(', ');

/**
 * Adds CORS headers for an allowed origin (the desktop app loads from `app://clubos`, so its calls are
 * cross-origin). Returns true when the request was a preflight and has been answered.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowedOrigins: string[]): boolean {
  const origin = req.headers.origin;
  res.setHeader('vary', 'Origin');
  if (!origin || !allowedOrigins.includes(origin)) return false;
  res.setHeader('access-control-allow-origin', origin);
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': '600',
  });
  res.end();
  return true;
}
