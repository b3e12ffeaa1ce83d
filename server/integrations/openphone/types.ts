/** A message as OpenPhone's API returns it (fields ClubOS uses; others are kept but ignored). */
export type OpenPhoneMessage = {
  id: string;
  from: string;
  /** A string in some API versions and an array in others. */
  to: string | string[];
  direction: 'incoming' | 'outgoing';
  body?: string;
  text?: string;
  status: string;
  createdAt: string;
  phoneNumberId?: string;
};

export type OpenPhoneErrorKind =
  /** 429: wait `retryAfterMs`. */
  | 'rate_limited'
  /** 5xx or a network error before anything was accepted: retry with backoff. */
  | 'unavailable'
  /** No reply in time: OpenPhone may or may not have accepted the send. Reconcile before resending. */
  | 'unknown_outcome'
  | 'unauthorized'
  /** Any other 4xx: retrying will not help. */
  | 'rejected';

export class OpenPhoneError extends Error {
  override name = 'OpenPhoneError';
  constructor(
    readonly kind: OpenPhoneErrorKind,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** What the outbox needs from OpenPhone; the real client and the fake both speak this contract. */
export type OpenPhoneApi = {
  /** POST /v1/messages. `from` is a phone-number id (PN…) or an E.164 number. */
  sendMessage(input: { from: string; to: string; content: string }): Promise<{ id: string; status: string }>;
  /** GET /v1/messages for reconciliation after an unknown outcome. */
  listMessages(input: {
    phoneNumberId: string;
    participant: string;
    maxResults?: number;
  }): Promise<OpenPhoneMessage[]>;
};
