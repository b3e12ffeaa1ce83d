/**
 * One press of Send in a thread. The idempotency key is made once per send and sent again with
 * every retry of it, so a double press or a retry after the server could not be reached is still
 * one text to the customer.
 */
export type SendRequest =
  | { status: 'sending'; key: string; body: string }
  | {
      status: 'failed';
      key: string;
      body: string;
      /** The server's reason (an opt-out, say) or why it could not be reached, as a sentence. */
      message: string;
      /** The server never answered, so it may have the text: sending it again must reuse the key. */
      retryable: boolean;
    };

/**
 * The key for sending `body` now: the failed send's key again when this is the same text after
 * the server could not be reached (it may have queued it), else a new one.
 */
export function keyForSend(previous: SendRequest | undefined, body: string, newKey: () => string): string {
  if (previous?.status === 'failed' && previous.retryable && previous.body === body) return previous.key;
  return newKey();
}

/**
 * Why the send box will not send `body` now, or null. An opt-out is not decided here: the box
 * says so beforehand (optOutNotice), and a press still goes to the server, which refuses it with
 * its reason, so what staff read is the outbox's own rule.
 */
export function sendBlocker(body: string, options: { sending: boolean; tooLong: boolean }): string | null {
  if (options.sending) return 'Sending…';
  if (body.trim() === '') return 'Write a message first.';
  if (options.tooLong) return 'Too long for one text: shorten it.';
  return null;
}

/** What the send box says under an opted-out customer's thread, instead of how to send. */
export function optOutNotice(customer: string): string {
  return `Opted out: a text to ${customer} is refused until they text START.`;
}
