import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '../services.ts';
import { parseJsonWithoutNul } from './envelope.ts';

export const WEBHOOK_PATH = '/webhooks/openphone';

// OpenPhone's events are a few KB; anything near this is not OpenPhone.
const MAX_BODY_BYTES = 1024 * 1024;

type Answer = { status: number; body: Record<string, unknown> };

/**
 * POST /webhooks/openphone. The order is the point: read the raw bytes (capped), verify the signature
 * over exactly those bytes, store the event durably, and only then answer 2xx. Anything that keeps
 * the event from being stored answers 5xx, so OpenPhone delivers it again later.
 */
export function createWebhookHandler(services: Services) {
  const { messaging, logger } = services;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const answer = await (async (): Promise<Answer> => {
      if (req.method !== 'POST') return { status: 405, body: { ok: false, error: 'use POST' } };
      const raw = await readRawBody(req, MAX_BODY_BYTES);
      if (raw === 'too_large') return { status: 413, body: { ok: false, error: 'body too large' } };
      if (!messaging.webhookConfigured) {
        // Fail closed, but with a 5xx: OpenPhone keeps the event and retries once a secret is set.
        logger.error('OpenPhone webhook refused: OPENPHONE_WEBHOOK_SECRET is not set');
        return { status: 503, body: { ok: false, error: 'webhook secret not configured' } };
      }
      const check = messaging.verifyWebhook(req.headers, raw);
      if (!check.ok) return { status: 401, body: { ok: false, error: check.reason } };
      let json: unknown;
      try {
        json = parseJsonWithoutNul(raw.toString('utf8'));
      } catch {
        return { status: 400, body: { ok: false, error: 'body is not JSON' } };
      }
      try {
        const result = await messaging.intake({
          json,
          rawBody: raw,
          scheme: check.scheme,
          deliveryId: check.deliveryId,
        });
        return { status: 200, body: { ok: true, duplicate: result.duplicate } };
      } catch (error) {
        logger.error({ err: error }, 'could not store an OpenPhone webhook; OpenPhone will retry it');
        return { status: 503, body: { ok: false, error: 'could not store the event; try again' } };
      }
    })();
    if (res.headersSent) return;
    res.writeHead(answer.status, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      // An oversized body was not read to the end: close rather than drain it.
      ...(answer.status === 413 ? { connection: 'close' } : {}),
    });
    res.end(JSON.stringify(answer.body));
  };
}

/** The body as bytes, or 'too_large' as soon as it passes `limit` (by Content-Length or by counting). */
function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve('too_large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.resume();
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
