import type { AiRunView, EmergencyAlert } from './ai.ts';
import type { OutboundStatus, ThreadStatus } from './sms.ts';

// The SMS inbox as the API returns it (threads.* procedures and the threads.onEvent feed). Dates are
// ISO strings: there is no tRPC transformer.

/** Who or what a message is: the customer's text, or one of the reasons ClubOS sends. */
export const messageKinds = [
  'customer',
  'staff',
  'ai',
  'missed_call',
  'opt_out_confirmation',
  'opt_in_confirmation',
  'help_reply',
  'emergency_reply',
] as const;
export type MessageKind = (typeof messageKinds)[number];

/** `received` for inbound messages; outbound ones move through OutboundStatus. */
export type MessageStatus = 'received' | OutboundStatus;

export type MessageView = {
  id: string;
  threadId: string;
  direction: 'inbound' | 'outbound';
  kind: MessageKind;
  body: string;
  status: MessageStatus;
  /** The staff member who sent it (kind `staff`), else null. */
  sentBy: { id: string; name: string } | null;
  /** Where it sits in the thread: the provider's time when known, else when ClubOS created it. */
  at: string;
  createdAt: string;
  attempts: number;
  /** Set while a send waits: a retry's backoff, or quiet hours for a business-initiated text. */
  nextAttemptAt: string | null;
  /** Why the last attempt failed, or why the send was refused (an opt-out, say), in words. */
  error: string | null;
  /** The outbox gave up after its attempts; `threads.retrySend` tries again. */
  deadLettered: boolean;
};

export type ThreadSummary = {
  id: string;
  facilityId: string;
  customerNumber: string;
  contactName: string | null;
  status: ThreadStatus;
  assignedTo: { id: string; name: string } | null;
  /** The AI stays out of the thread until then (a staff member took over). */
  aiPausedUntil: string | null;
  snoozedUntil: string | null;
  needsHuman: boolean;
  /** The customer texted STOP (or the like): nothing can be sent until they text START. */
  optedOut: boolean;
  lastActivityAt: string;
  lastMessage: {
    id: string;
    direction: 'inbound' | 'outbound';
    /** The first 160 characters. */
    preview: string;
    status: MessageStatus;
    at: string;
  } | null;
  /** Inbound messages this staff member has not read. */
  unreadCount: number;
};

export type NoteView = {
  id: string;
  threadId: string;
  author: { id: string; name: string } | null;
  body: string;
  createdAt: string;
};

export type ThreadDetail = ThreadSummary & {
  facilityName: string;
  facilityNumber: string;
  optedOutAt: string | null;
  notes: NoteView[];
};

/**
 * What `threads.onEvent` yields, each tagged with its event id for resuming. A new message comes as
 * `message.created` followed by the thread's `thread.changed` (new activity, unread count).
 * `thread.read` reaches only the staff member who read.
 */
export type ThreadEvent =
  | { type: 'thread.changed'; thread: ThreadSummary }
  | { type: 'message.created'; threadId: string; message: MessageView }
  | { type: 'message.updated'; threadId: string; message: MessageView }
  | { type: 'note.created'; threadId: string; note: NoteView }
  | { type: 'thread.read'; threadId: string; unreadCount: number }
  | { type: 'ai.run'; threadId: string; run: AiRunView }
  | { type: 'ai.emergency'; alert: EmergencyAlert };
