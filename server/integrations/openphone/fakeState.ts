import { createHash, randomBytes } from 'node:crypto';

export type FakeMessageStatus = 'queued' | 'sent' | 'delivered' | 'failed' | 'received';

/** A message the fake holds: sends it accepted (outgoing) and texts played in with `textIn` (incoming). */
export type FakeMessage = {
  id: string;
  direction: 'incoming' | 'outgoing';
  /** E.164 numbers; a phone-number id only when the fake was never told the number behind it. */
  from: string;
  to: string;
  content: string;
  status: FakeMessageStatus;
  createdAt: string;
  updatedAt: string;
  phoneNumberId: string;
  conversationId: string;
  userId: string;
  /** The send was accepted, but the reply to it was never delivered (`acceptButLoseReply`). */
  replyLost: boolean;
};

/** The events the fake posts: the legacy envelope from INTEGRATIONS.md, for both schemes. */
export type FakeWebhookEvent = {
  id: string;
  object: 'event';
  apiVersion: string;
  createdAt: string;
  type: string;
  data: { object: Record<string, unknown> };
};

export type FakePhoneNumber = { id: string; number: string };

/** Every workspace member the fake pretends acted; OpenPhone puts a user id on messages and calls. */
const USER_ID = 'USfake00001';
export const LEGACY_API_VERSION = 'v3';
export const STANDARD_API_VERSION = '2026-03-30';

export const newId = (prefix: 'AC' | 'EV' | 'msg_') => `${prefix}${randomBytes(12).toString('hex')}`;
const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** The workspace's phone numbers: `PN…` ids and E.164 numbers, learned as they are used unless given. */
export class PhoneBook {
  private readonly byId = new Map<string, string | undefined>();
  private readonly byNumber = new Map<string, string>();

  constructor(
    numbers: FakePhoneNumber[] | undefined,
    /** Only the given numbers exist; a send from any other is refused. */
    readonly closed = numbers !== undefined,
  ) {
    for (const { id, number } of numbers ?? []) this.add(id, number);
  }

  /** `{id, number}` for a PN id or an E.164 number; undefined when the book is closed and it is unknown. */
  resolve(idOrNumber: string): { id: string; number: string | undefined } | undefined {
    if (this.byId.has(idOrNumber)) return { id: idOrNumber, number: this.byId.get(idOrNumber) };
    const known = this.byNumber.get(idOrNumber);
    if (known) return { id: known, number: idOrNumber };
    if (this.closed) return undefined;
    if (idOrNumber.startsWith('PN')) {
      this.add(idOrNumber, undefined);
      return { id: idOrNumber, number: undefined };
    }
    const id = `PN${digest(idOrNumber).slice(0, 10)}`;
    this.add(id, idOrNumber);
    return { id, number: idOrNumber };
  }

  /** True when `idOrNumber` names the line `phoneNumberId` (as an id or as its number). */
  matches(phoneNumberId: string, idOrNumber: string): boolean {
    return phoneNumberId === idOrNumber || this.byId.get(phoneNumberId) === idOrNumber;
  }

  private add(id: string, number: string | undefined): void {
    this.byId.set(id, number);
    if (number) this.byNumber.set(number, id);
  }
}

export function newMessage(input: {
  direction: FakeMessage['direction'];
  line: { id: string; number: string | undefined };
  customer: string;
  content: string;
  now: Date;
}): FakeMessage {
  const lineNumber = input.line.number ?? input.line.id;
  const at = input.now.toISOString();
  const outgoing = input.direction === 'outgoing';
  return {
    id: newId('AC'),
    direction: input.direction,
    from: outgoing ? lineNumber : input.customer,
    to: outgoing ? input.customer : lineNumber,
    content: input.content,
    status: outgoing ? 'queued' : 'received',
    createdAt: at,
    updatedAt: at,
    phoneNumberId: input.line.id,
    conversationId: conversationId(input.line.id, input.customer),
    userId: USER_ID,
    replyLost: false,
  };
}

const conversationId = (lineId: string, customer: string) => `CN${digest(`${lineId}|${customer}`)}`;

/** A message as the REST API returns it (`text`, `to` as an array). */
export function apiMessage(message: FakeMessage) {
  return {
    id: message.id,
    object: 'message',
    from: message.from,
    to: [message.to],
    direction: message.direction,
    text: message.content,
    status: message.status,
    createdAt: message.createdAt,
    updatedAt: message.updatedAt,
    userId: message.userId,
    phoneNumberId: message.phoneNumberId,
    conversationId: message.conversationId,
  };
}

/**
 * A `message.*` event. `to` is a string in the legacy envelope (as in the documented sample) and an array
 * in the newer API version, since OpenPhone sends both shapes and ClubOS must accept either.
 */
export function messageEvent(type: string, message: FakeMessage, apiVersion: string, now: Date) {
  return envelope(type, apiVersion, now, {
    id: message.id,
    object: 'message',
    from: message.from,
    to: apiVersion === LEGACY_API_VERSION ? message.to : [message.to],
    direction: message.direction,
    body: message.content,
    media: [],
    status: message.status,
    createdAt: message.createdAt,
    userId: message.userId,
    phoneNumberId: message.phoneNumberId,
    conversationId: message.conversationId,
  });
}

/** An incoming call nobody answered: `answeredAt: null`, `direction: "incoming"`, maybe a voicemail. */
export function missedCallEvent(input: {
  type: 'call.completed' | 'call.missed';
  line: { id: string; number: string | undefined };
  customer: string;
  voicemail?: { url: string; duration: number };
  apiVersion: string;
  now: Date;
}): FakeWebhookEvent {
  const at = input.now.toISOString();
  const lineNumber = input.line.number ?? input.line.id;
  return envelope(input.type, input.apiVersion, input.now, {
    id: newId('AC'),
    object: 'call',
    from: input.customer,
    to: input.apiVersion === LEGACY_API_VERSION ? lineNumber : [lineNumber],
    direction: 'incoming',
    status: 'no-answer',
    answeredAt: null,
    answeredBy: null,
    completedAt: at,
    createdAt: at,
    duration: 0,
    media: [],
    voicemail: input.voicemail ?? null,
    userId: USER_ID,
    phoneNumberId: input.line.id,
    conversationId: conversationId(input.line.id, input.customer),
  });
}

function envelope(type: string, apiVersion: string, now: Date, object: Record<string, unknown>) {
  return {
    id: newId('EV'),
    object: 'event' as const,
    apiVersion,
    createdAt: now.toISOString(),
    type,
    data: { object },
  };
}

/** A sliding one-second window: at most `limit` admissions in any `windowMs`. Monotonic clock. */
export class SlidingWindow {
  private readonly admitted: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs = 1_000,
  ) {}

  /** Admits the request, or says how long until a slot frees up. */
  take(nowMs: number): { ok: true } | { ok: false; retryAfterMs: number } {
    while (this.admitted.length > 0 && (this.admitted[0] ?? 0) <= nowMs - this.windowMs)
      this.admitted.shift();
    if (this.admitted.length >= this.limit) {
      return { ok: false, retryAfterMs: (this.admitted[0] ?? nowMs) + this.windowMs - nowMs };
    }
    this.admitted.push(nowMs);
    return { ok: true };
  }
}

/** The most events seen in any window of `windowMs` (every such window ends at some event). */
export class RateMeter {
  private readonly recent: number[] = [];
  private highest = 0;

  constructor(private readonly windowMs = 1_000) {}

  record(nowMs: number): void {
    this.recent.push(nowMs);
    while ((this.recent[0] ?? nowMs) <= nowMs - this.windowMs) this.recent.shift();
    this.highest = Math.max(this.highest, this.recent.length);
  }

  get max(): number {
    return this.highest;
  }
}

export { Timers } from '../fakeHttp.ts';
