import type OpenAI from 'openai';
import { AuditService } from './audit/service.ts';
import { AuthService } from './auth/service.ts';
import { BayService } from './bays/service.ts';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/client.ts';
import type { Db } from './db/types.ts';
import { EventBus } from './events/bus.ts';
import { FacilityService } from './facilities/service.ts';
import { createNinjaOneClient } from './integrations/ninjaone/client.ts';
import type { NinjaOneApi } from './integrations/ninjaone/types.ts';
import { createOpenAIClient } from './integrations/openai/client.ts';
import { createOpenPhoneClient } from './integrations/openphone/client.ts';
import { SlackNotifier } from './integrations/slack/notifier.ts';
import { ProposalService } from './intelligence/proposals/service.ts';
import { QualityService } from './intelligence/quality/service.ts';
import { IntelligenceService } from './intelligence/service.ts';
import { SopService } from './intelligence/sops/service.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Logger } from './logger.ts';
import type { OpenPhoneAccount, OutboxTuning } from './messaging/context.ts';
import type { CustomerSimulator } from './messaging/demo.ts';
import { MessagingService } from './messaging/service.ts';
import { UserService } from './users/service.ts';

/** What every service may depend on. `now` is injectable so time-based rules can be tested. */
export type ServiceDeps = {
  db: Db;
  config: Config;
  logger: Logger;
  now: () => Date;
};

export type Services = {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  jobs: JobQueue | undefined;
  audit: AuditService;
  auth: AuthService;
  users: UserService;
  facilities: FacilityService;
  bays: BayService;
  messaging: MessagingService;
  sops: SopService;
  proposals: ProposalService;
  quality: QualityService;
  intelligence: IntelligenceService;
  /** Set in demo mode: plays customers through the fake OpenPhone. */
  simulator: CustomerSimulator | undefined;
  /** Unset when NinjaOne is not configured (and no demo fake was started). */
  ninjaone: NinjaOneApi | undefined;
  alerts: SlackNotifier;
  events: EventBus;
  /** Set when this server holds an embedded database and accepts CLI commands for it. */
  localAdminKey: string | undefined;
};

/** The composition root for domain services; transports (HTTP, CLI, tests) all build on this. */
export function createServices(options: {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  jobs?: JobQueue;
  now?: () => Date;
  localAdminKey?: string;
  /** Overrides the client built from config.ninjaone (the demo passes one for its fake NinjaOne). */
  ninjaone?: NinjaOneApi;
  /** Overrides the client built from config.openphone (the demo passes its fake OpenPhone's). */
  openphone?: OpenPhoneAccount;
  /** Overrides OPENPHONE_WEBHOOK_SECRET: the demo's own secret, which only its simulator signs with. */
  openphoneWebhookSecret?: string;
  /** Outbox knobs for tests (a faster backoff, another rate limit). */
  outbox?: Partial<OutboxTuning>;
  simulator?: CustomerSimulator;
  /** Overrides the client built from config.ai.openai (the demo passes its fake OpenAI's). */
  openai?: OpenAI;
}): Services {
  const deps: ServiceDeps = {
    db: options.database.db,
    config: options.config,
    logger: options.logger,
    now: options.now ?? (() => new Date()),
  };
  const ninjaone =
    options.ninjaone ?? (options.config.ninjaone ? createNinjaOneClient(options.config.ninjaone) : undefined);
  const alerts = new SlackNotifier({
    jobs: options.jobs,
    webhookUrl: options.config.slack?.webhookUrl,
    logger: options.logger,
  });
  const bays = new BayService(deps, { ninjaone, jobs: options.jobs, alerts });
  const { apiUrl, apiKey, webhookSecret } = options.config.openphone;
  const openphone =
    options.openphone ??
    (apiKey ? { api: createOpenPhoneClient({ url: apiUrl, apiKey }), apiKey } : undefined);
  const messaging = new MessagingService(deps, {
    jobs: options.jobs,
    alerts,
    openphone,
    webhookSecret: options.openphoneWebhookSecret ?? webhookSecret,
    outbox: options.outbox,
  });
  const sops = new SopService(deps);
  const openaiConfig = options.config.ai.openai;
  const openai =
    options.openai ??
    (openaiConfig
      ? createOpenAIClient({
          apiKey: openaiConfig.apiKey,
          ...(openaiConfig.baseURL ? { baseURL: openaiConfig.baseURL } : {}),
          timeoutMs: openaiConfig.timeoutMs,
          maxRetries: openaiConfig.maxRetries,
        })
      : undefined);
  const proposals = new ProposalService(deps, sops, options.jobs, alerts, openai);
  const intelligence = new IntelligenceService(deps, {
    jobs: options.jobs,
    alerts,
    messaging,
    bays,
    sops,
    openai,
  });
  return {
    config: options.config,
    logger: options.logger,
    database: options.database,
    jobs: options.jobs,
    audit: new AuditService(deps),
    auth: new AuthService(deps),
    users: new UserService(deps),
    // Only a real NinjaOne is checked: the demo's fake knows the demo's devices and nothing else.
    facilities: new FacilityService(deps, (file) =>
      options.config.ninjaone ? bays.checkSetup(file) : Promise.resolve(),
    ),
    bays,
    messaging,
    sops,
    proposals,
    quality: new QualityService(deps, sops, alerts),
    intelligence,
    simulator: options.simulator,
    ninjaone,
    alerts,
    events: new EventBus(options.database, options.logger),
    localAdminKey: options.localAdminKey,
  };
}
