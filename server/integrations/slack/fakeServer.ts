import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SlackMessage = { text: string; blocks?: unknown[] };

export type FakeSlack = {
  /** The incoming-webhook URL; its path is the secret part, as with Slack's. */
  url: string;
  /** Messages accepted (200), oldest first. */
  received: SlackMessage[];
  /** Every POST to the webhook, accepted or not, with when it came. */
  attempts: { at: number; status: number }[];
  /** The next `times` (default 1) posts get `status`, with `Retry-After` when given. */
  failNext(status: number, options?: { retryAfterSeconds?: number; times?: number }): void;
  close(): Promise<void>;
};

const MAX_BODY_BYTES = 64 * 1024;

/** A Slack incoming webhook on 127.0.0.1: JSON `{text, blocks}` in, `200 ok` out, with injectable failures. */
export async function startFakeSlack(options: { port?: number } = {}): Promise<FakeSlack> {
  const path = `/services/TFAKE/BFAKE/${randomBytes(12).toString('hex')}`;
  const received: SlackMessage[] = [];
  const attempts: FakeSlack['attempts'] = [];
  const faults: { status: number; retryAfterSeconds?: number; remaining: number }[] = [];

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      const reply = (status: number, text: string, headers: Record<string, string> = {}) => {
        if (request.url === path && request.method === 'POST') attempts.push({ at: Date.now(), status });
        response.writeHead(status, { 'content-type': 'text/plain', ...headers });
        response.end(text);
      };
      if (request.method !== 'POST' || request.url !== path) return reply(404, 'no_service');
      const fault = faults[0];
      if (fault) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) faults.shift();
        const headers: Record<string, string> =
          fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
        return reply(fault.status, fault.status === 429 ? 'rate_limited' : 'internal_error', headers);
      }
      if (size > MAX_BODY_BYTES) return reply(413, 'request_too_large');
      const message = parseMessage(Buffer.concat(chunks).toString('utf8'));
      if (message === 'invalid') return reply(400, 'invalid_payload');
      if (message === 'no_text') return reply(400, 'no_text');
      received.push(message);
      return reply(200, 'ok');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    attempts,
    failNext(status, { retryAfterSeconds, times = 1 } = {}) {
      faults.push({ status, retryAfterSeconds, remaining: times });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseMessage(body: string): SlackMessage | 'invalid' | 'no_text' {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'invalid';
  }
  if (!parsed || typeof parsed !== 'object') return 'invalid';
  const { text, blocks } = parsed as { text?: unknown; blocks?: unknown };
  if (blocks !== undefined && !Array.isArray(blocks)) return 'invalid';
  if (typeof text !== 'string' || !text) return 'no_text';
  return blocks === undefined ? { text } : { text, blocks };
}
