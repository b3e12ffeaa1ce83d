import type OpenAI from 'openai';
import type { Agent } from '../../shared/agents.ts';
import type { AgentMode, AiRunView, AiSettingsView, FeedbackRecord } from '../../shared/ai.ts';
import type { StaffUser } from '../../shared/user.ts';
import type { AuditContext } from '../audit/types.ts';
import type { BayService } from '../bays/service.ts';
import type { MessageRow } from '../db/schema/index.ts';
import type { Tx } from '../db/types.ts';
import { DomainError, notFound } from '../errors.ts';
import type { FacilityScope } from '../facilities/scope.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { AlertSender } from '../messaging/context.ts';
import type { MessagingService } from '../messaging/service.ts';
import type { ServiceDeps } from '../services.ts';
import type { IntelligenceContext } from './engine/context.ts';
import { aiSettings, setBudget, setKillSwitch, setMode } from './engine/controls.ts';
import { onCustomerMessage } from './engine/customerMessage.ts';
import { approveDraft, discardDraft } from './engine/drafts.ts';
import { exportFeedback, flagByStaff, runIdOfMessage } from './engine/feedback.ts';
import { sendingStopped } from './engine/gates.ts';
import type { ReplyJob } from './engine/jobs.ts';
import { type ReplyOutcome, runReply } from './engine/replyJob.ts';
import { findRun } from './engine/repository.ts';
import { onResetFinished } from './engine/resetTool.ts';
import { loadRun, threadRunViews } from './engine/runEvents.ts';
import type { SopService } from './sops/service.ts';

/**
 * The intelligence engine: every customer text is checked for an emergency at once, then answered
 * after the debounce by one of four agents from the SOPs, as a shadow, a draft or an automatic send.
 * It listens to messaging (customer texts) and bays (reset outcomes), and sends only through the outbox.
 */
export class IntelligenceService {
  private readonly ctx: IntelligenceContext;

  constructor(
    deps: ServiceDeps,
    options: {
      jobs: JobQueue | undefined;
      alerts: AlertSender;
      messaging: MessagingService;
      bays: BayService;
      sops: SopService;
      openai: OpenAI | undefined;
    },
  ) {
    this.ctx = {
      db: deps.db,
      logger: deps.logger.child({ component: 'intelligence' }),
      now: deps.now,
      jobs: options.jobs,
      alerts: options.alerts,
      messaging: options.messaging,
      bays: options.bays,
      sops: options.sops,
      openai: options.openai,
      settings: deps.config.ai,
    };
    options.messaging.onCustomerMessage((tx, message) => this.onCustomerMessage(tx, message));
    options.messaging.holdAiSends((db, facilityId) => sendingStopped(db, facilityId));
    options.bays.onActionFinished((tx, finished) => onResetFinished(this.ctx, tx, finished));
  }

  get modelConfigured(): boolean {
    return this.ctx.openai !== undefined;
  }

  onCustomerMessage(tx: Tx, message: MessageRow): Promise<string> {
    return onCustomerMessage(this.ctx, tx, message);
  }

  runReply(job: ReplyJob): Promise<ReplyOutcome> {
    return runReply(this.ctx, job);
  }

  async facilityOfRun(runId: string): Promise<string | undefined> {
    return (await findRun(this.ctx.db, runId))?.facilityId;
  }

  async run(runId: string): Promise<AiRunView> {
    const loaded = await loadRun(this.ctx.db, runId);
    if (!loaded) throw notFound('AI answer');
    return loaded.view;
  }

  threadRuns(threadId: string): Promise<AiRunView[]> {
    return threadRunViews(this.ctx.db, threadId);
  }

  approve(user: StaffUser, input: { runId: string; body?: string | undefined }, audit: AuditContext) {
    return approveDraft(this.ctx, user, input, audit);
  }

  discard(user: StaffUser, input: { runId: string }, audit: AuditContext) {
    return discardDraft(this.ctx, user, input, audit);
  }

  settings(scope: FacilityScope): Promise<AiSettingsView> {
    return aiSettings(this.ctx, scope);
  }

  setMode(
    user: StaffUser,
    input: { facilityId: string; agent: Agent; mode: AgentMode },
    audit: AuditContext,
  ) {
    return setMode(this.ctx, user, input, audit);
  }

  setKillSwitch(user: StaffUser, input: { facilityId: string | null; on: boolean }, audit: AuditContext) {
    return setKillSwitch(this.ctx, user, input, audit);
  }

  setBudget(user: StaffUser, input: { facilityId: string; dailyBudgetUsd: number }, audit: AuditContext) {
    return setBudget(this.ctx, user, input, audit);
  }

  /** Flags an AI answer by its run, or by the message it was sent as. */
  async flag(
    user: StaffUser,
    input: {
      runId?: string | undefined;
      messageId?: string | undefined;
      reason: string;
      correction?: string | undefined;
    },
    audit: AuditContext,
  ): Promise<void> {
    const runId =
      input.runId ?? (input.messageId ? await runIdOfMessage(this.ctx.db, input.messageId) : undefined);
    if (!runId) throw new DomainError('invalid_input', 'Say which answer: a message id or an AI answer id.');
    await flagByStaff(this.ctx, user, { runId, reason: input.reason, correction: input.correction }, audit);
  }

  /** Flagged answers in the scope, oldest first; `since` is a UTC day like "2026-11-01". */
  exportFeedback(filter: { since?: string | undefined; scope: FacilityScope }): Promise<FeedbackRecord[]> {
    const since = filter.since ? new Date(`${filter.since}T00:00:00Z`) : undefined;
    return exportFeedback(this.ctx.db, { since, scope: filter.scope });
  }
}
