import type { ThreadStatus } from '../../../../shared/sms.ts';
import type { MessageKind, MessageView, ThreadSummary } from '../../../../shared/threads.ts';
import { formatClock } from '../bays/bayFormat.ts';

/** Each delivery state has its own icon, words and colour (inbox.css), never the colour alone. */
export type DeliveryTone = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed';

export type DeliveryStatus = { tone: DeliveryTone; icon: string; label: string; detail: string | null };

/**
 * An outbound message's delivery state in words, with why it waits or failed. Null for inbound
 * messages: they have arrived, there is nothing to follow.
 */
export function deliveryStatus(
  message: MessageView,
  clock: { now: number; timeZone: string | undefined },
): DeliveryStatus | null {
  const waitUntil = message.nextAttemptAt
    ? formatClock(message.nextAttemptAt, clock.timeZone, clock.now)
    : null;
  switch (message.status) {
    case 'received':
      return null;
    case 'queued':
      return {
        tone: 'queued',
        icon: '◷',
        label: waitUntil ? `Queued until ${waitUntil}` : 'Queued',
        // A first attempt that has not happened yet has no error: the wait is quiet hours or the rate limit.
        detail: message.error
          ? `Attempt ${message.attempts} failed: ${message.error}`
          : waitUntil && message.attempts === 0
            ? 'Held until quiet hours end'
            : null,
      };
    case 'sending':
      return { tone: 'sending', icon: '↻', label: 'Sending…', detail: null };
    case 'sent':
      return { tone: 'sent', icon: '✓', label: 'Sent', detail: null };
    case 'delivered':
      return { tone: 'delivered', icon: '✓✓', label: 'Delivered', detail: null };
    case 'failed':
      return {
        tone: 'failed',
        icon: '✕',
        label: message.deadLettered ? 'Failed: not sent' : 'Failed',
        detail: message.error ?? 'OpenPhone gave no reason',
      };
    default: {
      const unexpected: never = message.status;
      throw new Error(`unknown message status ${String(unexpected)}`);
    }
  }
}

/** Who a message is from, as the bubble's caption says it. */
export function messageAuthor(message: MessageView, customer: string): string {
  return kindAuthor(message.kind, message.sentBy?.name ?? null, customer);
}

function kindAuthor(kind: MessageKind, staffName: string | null, customer: string): string {
  switch (kind) {
    case 'customer':
      return customer;
    case 'staff':
      return staffName ?? 'Staff';
    case 'ai':
      // An AI draft a person approved: both wrote it, in a sense.
      return staffName ? `ClubOS AI · approved by ${staffName}` : 'ClubOS AI';
    case 'missed_call':
      return 'Missed-call auto-text';
    case 'opt_out_confirmation':
      return 'Opt-out confirmation';
    case 'opt_in_confirmation':
      return 'Opt-in confirmation';
    case 'help_reply':
      return 'HELP auto-reply';
    case 'emergency_reply':
      return 'Emergency safety reply';
    default: {
      const unexpected: never = kind;
      throw new Error(`unknown message kind ${String(unexpected)}`);
    }
  }
}

export const threadStatusLabels: Record<ThreadStatus, string> = {
  open: 'Open',
  pending: 'Pending',
  resolved: 'Resolved',
  snoozed: 'Snoozed',
};

/** "+19025550123" → "+1 902 555 0123": North American numbers grouped, others left as they are. */
export function formatPhone(number: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(number);
  return nanp ? `+1 ${nanp[1]} ${nanp[2]} ${nanp[3]}` : number;
}

/** The customer as the list names them: their contact name, else their number. */
export function customerName(thread: Pick<ThreadSummary, 'contactName' | 'customerNumber'>): string {
  return thread.contactName ?? formatPhone(thread.customerNumber);
}

export function aiPaused(thread: Pick<ThreadSummary, 'aiPausedUntil'>, now: number): boolean {
  return thread.aiPausedUntil !== null && Date.parse(thread.aiPausedUntil) > now;
}

export type ThreadMarker = {
  kind: 'needsHuman' | 'aiPaused' | 'optedOut' | 'snoozed';
  icon: string;
  label: string;
};

/** The flags a list row carries, each with an icon and words (the thread's header says until when). */
export function threadMarkers(thread: ThreadSummary, clock: { now: number; timeZone: string | undefined }) {
  const markers: ThreadMarker[] = [];
  if (thread.needsHuman) markers.push({ kind: 'needsHuman', icon: '▲', label: 'Needs a human' });
  if (aiPaused(thread, clock.now) && thread.aiPausedUntil) {
    markers.push({ kind: 'aiPaused', icon: '‖', label: 'AI paused' });
  }
  if (thread.optedOut) markers.push({ kind: 'optedOut', icon: '⊘', label: 'Opted out' });
  if (thread.status === 'snoozed' && thread.snoozedUntil) {
    markers.push({
      kind: 'snoozed',
      icon: '◷',
      label: `Until ${formatClock(thread.snoozedUntil, clock.timeZone, clock.now)}`,
    });
  }
  return markers;
}

/** "Us: …" before our own last words (staff, AI or auto-text), so the list shows who spoke last in words. */
export function lastMessagePreview(thread: ThreadSummary): string {
  const last = thread.lastMessage;
  if (!last) return 'No messages yet';
  return last.direction === 'outbound' ? `Us: ${last.preview}` : last.preview;
}

/** "at 14:02" today, "on Nov 24, 14:02" another day, in the facility's zone. */
export function formatWhen(iso: string, timeZone: string | undefined, now: number): string {
  const clock = formatClock(iso, timeZone, now);
  return /^\d\d:\d\d$/.test(clock) ? `at ${clock}` : `on ${clock}`;
}

/** What the polite live region says when a customer's text arrives. */
export function announceInbound(thread: ThreadSummary, message: MessageView): string {
  const text = message.body.length > 80 ? `${message.body.slice(0, 80)}…` : message.body;
  return `New message from ${customerName(thread)}: ${text}`;
}
