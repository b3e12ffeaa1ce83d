import type { IncomingMessage, ServerResponse } from 'node:http';

// The plumbing every fake provider server shares, so each fake holds only its provider's contract.

export type FakeReply = { status: number; body?: unknown; headers?: Record<string, string> };

const MAX_BODY_BYTES = 64 * 1024;

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) request.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function respond(response: ServerResponse, reply: FakeReply): void {
  if (response.destroyed) return;
  const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    ...reply.headers,
    ...(body ? { 'content-type': 'application/json' } : {}),
  });
  response.end(body);
}

/** Every timer a fake starts, so that `clear()` can stop them all when it closes. */
export class Timers {
  private readonly timers = new Set<NodeJS.Timeout>();

  later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/**
 * Faults a test injected, each for its next `times` requests it applies to, oldest first: the
 * "fail the next N calls" knob every fake offers.
 */
export class FaultQueue<F> {
  private readonly queue: Array<{ fault: F; remaining: number }> = [];

  add(fault: F, times: number): void {
    this.queue.push({ fault, remaining: times });
  }

  /** The oldest fault that applies to this request, counted as used; undefined when none does. */
  take(applies: (fault: F) => boolean = () => true): F | undefined {
    const index = this.queue.findIndex((entry) => applies(entry.fault));
    const entry = this.queue[index];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.queue.splice(index, 1);
    return entry.fault;
  }
}
