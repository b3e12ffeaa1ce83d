import {
  type FakeWebhookEvent,
  LEGACY_API_VERSION,
  newId,
  STANDARD_API_VERSION,
  type Timers,
} from './fakeState.ts';
import { parseWebhookSecret, type SignatureScheme, signOpenPhoneWebhook } from './webhookSignature.ts';

/** Where the fake posts its webhooks (ClubOS's `/webhooks/openphone`) and how it signs them. */
export type FakeWebhookTarget = { url: string; secret: string; scheme: SignatureScheme };

export type SignatureMode = 'valid' | 'invalid' | 'none';

export type FakePostResult = { status: number | 'network_error'; body: string };

/** One attempt to deliver an event. */
export type FakeDelivery = {
  eventId: string;
  type: string;
  /** Standard Webhooks only: the delivery's idempotency key, the same on every retry of the event. */
  webhookId: string | null;
  attempt: number;
  status: number | 'network_error';
  at: number;
};

const POST_TIMEOUT_MS = 10_000;
const MAX_REMEMBERED = 10_000;

/**
 * Posts signed events the way OpenPhone does: the same bytes and the same `webhook-id` every time an event
 * is delivered again, with a fresh timestamp and signature; retries after a non-2xx.
 */
export class FakeWebhookSender {
  readonly deliveries: FakeDelivery[] = [];
  private target: FakeWebhookTarget | undefined;
  /** The raw body and delivery id of each event posted, so a redelivery is byte-for-byte the same. */
  private readonly events = new Map<string, { raw: string; webhookId: string }>();
  private readonly inFlight = new Set<AbortController>();
  private closed = false;

  constructor(
    target: FakeWebhookTarget | undefined,
    private readonly timers: Timers,
    private readonly now: () => Date,
    private readonly retryDelaysMs: readonly number[],
  ) {
    this.setTarget(target);
  }

  setTarget(target: FakeWebhookTarget | undefined): void {
    if (target) {
      const parsed = parseWebhookSecret(target.secret);
      if ('error' in parsed) throw new Error(`fake OpenPhone webhook: ${parsed.error}`);
      if (parsed.scheme !== target.scheme) {
        throw new Error(
          `fake OpenPhone webhook: a ${target.scheme} scheme needs a ${target.scheme === 'standard' ? 'whsec_' : 'plain base64'} secret`,
        );
      }
    }
    this.target = target;
  }

  get configured(): boolean {
    return this.target !== undefined;
  }

  /** Events carry the API version their scheme belongs to. */
  get apiVersion(): string {
    return this.target?.scheme === 'standard' ? STANDARD_API_VERSION : LEGACY_API_VERSION;
  }

  /** Posts `event`; after a non-2xx or a network error, tries again after each of the retry delays. */
  deliver(event: FakeWebhookEvent): Promise<FakePostResult> {
    return this.attempt(event, 1);
  }

  /** One attempt, no retries: for redeliveries and for tests that need a bad or missing signature. */
  post(event: FakeWebhookEvent | string, signature: SignatureMode = 'valid'): Promise<FakePostResult> {
    return this.send(event, signature, 1);
  }

  close(): void {
    this.closed = true;
    for (const controller of this.inFlight) controller.abort();
  }

  private async attempt(event: FakeWebhookEvent, attempt: number): Promise<FakePostResult> {
    const result = await this.send(event, 'valid', attempt);
    const delay = this.retryDelaysMs[attempt - 1];
    if (!isSuccess(result.status) && delay !== undefined && !this.closed) {
      this.timers.later(delay, () => void this.attempt(event, attempt + 1));
    }
    return result;
  }

  private async send(
    event: FakeWebhookEvent | string,
    signature: SignatureMode,
    attempt: number,
  ): Promise<FakePostResult> {
    const target = this.target;
    if (!target) throw new Error('fake OpenPhone: no webhook target configured');
    if (this.closed) return { status: 'network_error', body: 'closed' };
    const { raw, webhookId, eventId, type } = this.remember(event);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'OpenPhone-Webhooks (fake)',
    };
    if (signature !== 'none') {
      const signed = signOpenPhoneWebhook({
        secret: target.secret,
        rawBody: raw,
        now: this.now(),
        webhookId,
      });
      Object.assign(headers, signature === 'invalid' ? corrupt(signed) : signed);
    }
    const controller = new AbortController();
    this.inFlight.add(controller);
    let result: FakePostResult;
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers,
        body: raw,
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(POST_TIMEOUT_MS)]),
      });
      result = { status: response.status, body: await response.text() };
    } catch (error) {
      result = { status: 'network_error', body: error instanceof Error ? error.message : String(error) };
    } finally {
      this.inFlight.delete(controller);
    }
    this.deliveries.push({
      eventId,
      type,
      webhookId: target.scheme === 'standard' ? webhookId : null,
      attempt,
      status: result.status,
      at: Date.now(),
    });
    if (this.deliveries.length > MAX_REMEMBERED) this.deliveries.shift();
    return result;
  }

  private remember(event: FakeWebhookEvent | string) {
    if (typeof event === 'string') {
      return { raw: event, webhookId: newId('msg_'), eventId: '(raw)', type: '(raw)' };
    }
    let known = this.events.get(event.id);
    if (!known) {
      known = { raw: JSON.stringify(event), webhookId: newId('msg_') };
      this.events.set(event.id, known);
      const oldest = this.events.keys().next();
      if (this.events.size > MAX_REMEMBERED && !oldest.done) this.events.delete(oldest.value);
    }
    return { ...known, eventId: event.id, type: event.type };
  }
}

const isSuccess = (status: number | 'network_error') =>
  typeof status === 'number' && status >= 200 && status < 300;

/** Same shape and length as a real signature, wrong bytes: what a forger or a wrong secret produces. */
function corrupt(headers: Record<string, string>): Record<string, string> {
  const flip = (base64: string) => {
    const bytes = Buffer.from(base64, 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    return bytes.toString('base64');
  };
  const legacy = headers['openphone-signature'];
  if (legacy) {
    const parts = legacy.split(';');
    return { ...headers, 'openphone-signature': [...parts.slice(0, 3), flip(parts[3] ?? '')].join(';') };
  }
  const standard = headers['webhook-signature'] ?? 'v1,';
  return { ...headers, 'webhook-signature': `v1,${flip(standard.slice(3))}` };
}
