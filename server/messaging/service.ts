import type { ThreadStatus } from '../../shared/sms.ts';
import type { MessageView, NoteView, ThreadSummary } from '../../shared/threads.ts';
import type { StaffUser } from '../../shared/user.ts';
import type { AuditContext } from '../audit/types.ts';
import type { MessageRow } from '../db/schema/index.ts';
import type { Executor, Tx } from '../db/types.ts';
import { notFound } from '../errors.ts';
import type { FacilityScope } from '../facilities/scope.ts';
import {
  type SignatureCheck,
  verifyOpenPhoneSignature,
  type WebhookHeaders,
} from '../integrations/openphone/webhookSignature.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { ServiceDeps } from '../services.ts';
import {
  type AiSendHold,
  type AlertSender,
  type CustomerMessageHandler,
  defaultOutboxTuning,
  type MessagingContext,
  type OpenPhoneAccount,
  type OutboxTuning,
} from './context.ts';
import { type EventOutcome, runEvent } from './eventJob.ts';
import { readCounts } from './inboxRepository.ts';
import { type IntakeResult, intakeWebhook } from './intake.ts';
import { enqueueSend, type OutboundRequest } from './outbox.ts';
import { publishThread } from './publish.ts';
import { SendRateLimiter } from './rateLimiter.ts';
import { retrySend } from './retry.ts';
import { runSend, type SendHooks, type SendOutcome } from './sendWorker.ts';
import { runSweep, type SweepOutcome } from './sweep.ts';
import {
  addNote,
  assignThread,
  markRead,
  pauseAi,
  sendStaffReply,
  setThreadStatus,
} from './threadActions.ts';
import {
  getThread,
  listThreads,
  type ThreadListInput,
  type ThreadPage,
  type ThreadView,
} from './threadQueries.ts';
import {
  findThread,
  lockThread,
  messageFacilityId,
  threadFacilityId,
  updateThread,
} from './threadRepository.ts';

/**
 * SMS threads with customers over OpenPhone: signed intake, the inbox, one outbox for every send,
 * and the SMS rules. The job handlers are plain methods (runEvent, runSend, runSweep) so tests can
 * drive them one step at a time.
 */
export class MessagingService {
  private readonly ctx: MessagingContext;
  private readonly limiter: SendRateLimiter | undefined;

  constructor(
    deps: ServiceDeps,
    options: {
      jobs: JobQueue | undefined;
      alerts: AlertSender;
      openphone: OpenPhoneAccount | undefined;
      webhookSecret: string | undefined;
      outbox?: Partial<OutboxTuning> | undefined;
    },
  ) {
    const outbox = { ...defaultOutboxTuning, ...options.outbox };
    this.ctx = {
      db: deps.db,
      logger: deps.logger.child({ component: 'messaging' }),
      now: deps.now,
      jobs: options.jobs,
      alerts: options.alerts,
      openphone: options.openphone,
      webhookSecret: options.webhookSecret,
      settings: deps.config.messaging,
      outbox,
      customerMessages: { handler: undefined },
      aiSendHold: { check: undefined },
    };
    this.limiter = options.openphone
      ? new SendRateLimiter(deps.db, options.openphone.apiKey, outbox.sendsPerSecond)
      : undefined;
  }

  /** The AI listens here; set once at start-up (it is built after messaging, which it sends through). */
  onCustomerMessage(handler: CustomerMessageHandler): void {
    this.ctx.customerMessages.handler = handler;
  }

  /** Lets the AI stop its own queued texts (kill switches) right up to the moment they are sent. */
  holdAiSends(check: AiSendHold): void {
    this.ctx.aiSendHold.check = check;
  }

  /** Queues a text in the caller's transaction: the one outbox every send goes through. */
  queueSend(tx: Tx, request: OutboundRequest): Promise<{ message: MessageRow; created: boolean }> {
    return enqueueSend(tx, this.ctx, request);
  }

  /** The thread with its contact and facility (unlocked), for the AI's decisions. */
  threadContext(db: Executor, threadId: string) {
    return findThread(db, threadId);
  }

  /**
   * Puts the thread in front of a person (needs a human) in the caller's transaction, announcing the
   * change; already waiting keeps its original time.
   */
  async needHuman(tx: Tx, threadId: string): Promise<void> {
    const locked = await lockThread(tx, threadId);
    if (!locked) throw notFound('Thread');
    if (locked.thread.needsHumanSince) return;
    const now = this.ctx.now();
    await updateThread(tx, threadId, { needsHumanSince: now, updatedAt: now });
    await publishThread(tx, threadId);
  }

  /** False: the webhook fails closed (no OPENPHONE_WEBHOOK_SECRET and not the demo). */
  get webhookConfigured(): boolean {
    return this.ctx.webhookSecret !== undefined;
  }

  /** Checks a webhook's signature over its raw bytes, before anything else is done with them. */
  verifyWebhook(headers: WebhookHeaders, rawBody: Buffer): SignatureCheck {
    return verifyOpenPhoneSignature({
      headers,
      rawBody,
      secret: this.ctx.webhookSecret,
      now: this.ctx.now(),
    });
  }

  /** Stores a verified webhook durably; acknowledge only after this resolves. */
  intake(input: Parameters<typeof intakeWebhook>[1]): Promise<IntakeResult> {
    return intakeWebhook(this.ctx, input);
  }

  /** The facility a thread (or a message's thread) belongs to, for the router's scoping middleware. */
  facilityOfThread(threadId: string): Promise<string | undefined> {
    return threadFacilityId(this.ctx.db, threadId);
  }

  facilityOfMessage(messageId: string): Promise<string | undefined> {
    return messageFacilityId(this.ctx.db, messageId);
  }

  list(user: StaffUser, scope: FacilityScope, input: ThreadListInput): Promise<ThreadPage> {
    return listThreads(this.ctx, user.id, scope, input);
  }

  get(user: StaffUser, threadId: string, options: { before?: string; limit?: number }): Promise<ThreadView> {
    return getThread(this.ctx, user.id, threadId, options);
  }

  /** How many inbound messages of a thread the user has read (for live unread counts). */
  async readCount(userId: string, threadId: string): Promise<number> {
    return (await readCounts(this.ctx.db, userId, [threadId])).get(threadId) ?? 0;
  }

  send(
    user: StaffUser,
    input: { threadId: string; body: string; idempotencyKey: string },
    audit: AuditContext,
  ): Promise<MessageView> {
    return sendStaffReply(this.ctx, user, input, audit);
  }

  assign(
    user: StaffUser,
    threadId: string,
    assigneeId: string | null,
    audit: AuditContext,
  ): Promise<ThreadSummary> {
    return assignThread(this.ctx, user, threadId, assigneeId, audit);
  }

  setStatus(
    user: StaffUser,
    threadId: string,
    input: { status: ThreadStatus; snoozedUntil?: Date | undefined },
    audit: AuditContext,
  ): Promise<ThreadSummary> {
    return setThreadStatus(this.ctx, user, threadId, input, audit);
  }

  pauseAi(
    user: StaffUser,
    threadId: string,
    input: { paused: boolean; hours?: number | undefined },
    audit: AuditContext,
  ): Promise<ThreadSummary> {
    return pauseAi(this.ctx, user, threadId, input, audit);
  }

  addNote(user: StaffUser, threadId: string, body: string): Promise<NoteView> {
    return addNote(this.ctx, user, threadId, body);
  }

  markRead(user: StaffUser, threadId: string, messageId?: string): Promise<{ unreadCount: number }> {
    return markRead(this.ctx, user, threadId, messageId);
  }

  retrySend(messageId: string, audit: AuditContext): Promise<MessageView> {
    return retrySend(this.ctx, messageId, audit);
  }

  runEvent(webhookEventId: number): Promise<EventOutcome> {
    return runEvent(this.ctx, webhookEventId);
  }

  runSend(messageId: string, hooks?: SendHooks): Promise<SendOutcome> {
    return runSend(this.ctx, this.limiter, messageId, hooks);
  }

  runSweep(): Promise<SweepOutcome> {
    return runSweep(this.ctx);
  }
}
