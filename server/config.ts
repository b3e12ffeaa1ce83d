import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseWebhookSecret } from './integrations/openphone/webhookSignature.ts';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const postgresUrl = z
  .string()
  .url()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must start with postgres:// or postgresql://');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4310),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: postgresUrl.optional(),
  CLUBOS_DATA_DIR: z.string().min(1).default('.clubos/data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CLUBOS_SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(12),
  CLUBOS_LOGIN_THROTTLE_AFTER: z.coerce.number().int().min(1).default(5),
  CLUBOS_LOGIN_LOCK_AFTER: z.coerce.number().int().min(2).default(10),
  CLUBOS_LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  CLUBOS_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  CLUBOS_DEMO: booleanFlag.optional(),
  CLUBOS_WEB_DIR: z.string().min(1).optional(),
  CLUBOS_SOPS_DIR: z.string().min(1).optional(),
  SOPS_DIR: z.string().min(1).optional(),
  NINJAONE_URL: z.url({ protocol: /^https?$/ }).optional(),
  NINJAONE_CLIENT_ID: z.string().min(1).optional(),
  NINJAONE_CLIENT_SECRET: z.string().min(1).optional(),
  CLUBOS_BAY_POLL_SECONDS: z.coerce.number().int().min(5).max(3600).default(30),
  CLUBOS_BAY_OFFLINE_ATTENTION_MINUTES: z.coerce.number().positive().default(5),
  CLUBOS_BAY_ACTION_TIMEOUT_MINUTES: z.coerce.number().positive().default(10),
  CLUBOS_BAY_COOLDOWN_RESTART_MINUTES: z.coerce.number().min(0).default(5),
  CLUBOS_BAY_COOLDOWN_REBOOT_MINUTES: z.coerce.number().min(0).default(10),
  SLACK_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  OPENPHONE_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.openphone.com'),
  OPENPHONE_API_KEY: z.string().min(1).optional(),
  OPENPHONE_WEBHOOK_SECRET: z.string().min(1).optional(),
  CLUBOS_AI_PAUSE_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(4),
  CLUBOS_MISSED_CALL_TEXT_INTERVAL_MINUTES: z.coerce.number().min(0).default(60),
  CLUBOS_OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  CLUBOS_OPENAI_MODEL: z.string().min(1).default('gpt-4o'),
  CLUBOS_OPENAI_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(20_000),
  CLUBOS_OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  CLUBOS_AI_DEBOUNCE_SECONDS: z.coerce.number().min(0).max(60).default(3),
  CLUBOS_AI_DAILY_BUDGET_USD: z.coerce.number().min(0).default(10),
  CLUBOS_AI_REPLIES_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(10),
  CLUBOS_AI_RESET_OFFER_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(15),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  CLUBOS_CLAUDE_MODEL: z.string().min(1).default('claude-sonnet-4-6'),
  CLUBOS_CLAUDE_DAILY_BUDGET_USD: z.coerce.number().min(0).default(5),
  CLUBOS_QUALITY_MIN_REPLIES: z.coerce.number().int().min(1).max(100_000).default(20),
  CLUBOS_QUALITY_MAX_RATE_INCREASE: z.coerce.number().min(0).max(1).default(0.15),
  CLUBOS_CORS_ORIGINS: z
    .string()
    .default('app://clubos')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i, 'expected comma-separated origins'))),
});

export type Config = {
  port: number;
  host: string;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  sessionTtlHours: number;
  login: { throttleAfter: number; lockAfter: number; lockMinutes: number };
  shutdownTimeoutMs: number;
  demo: boolean | undefined;
  /** The built web UI served at `/`. */
  webDir: string;
  /** The markdown SOPs imported at first start (and by `clubos sops import`). */
  sopsDir: string;
  /**
   * Set only when the operator names a folder (SOPS_DIR or CLUBOS_SOPS_DIR): every new current SOP
   * version is mirrored there. Never the shipped sops/ folder by default.
   */
  sopsMirrorDir: string | undefined;
  /** Origins allowed to call the API cross-origin (the desktop app's `app://clubos`). */
  corsOrigins: string[];
  /** Unset: no credentials, so the demo runs against the built-in fake NinjaOne. */
  ninjaone: { url: string; clientId: string; clientSecret: string } | undefined;
  bays: {
    pollSeconds: number;
    offlineAttentionMs: number;
    actionTimeoutMs: number;
    cooldownMs: { 'restart-sim': number; 'reboot-pc': number };
  };
  slack: { webhookUrl: string } | undefined;
  openphone: {
    apiUrl: string;
    /** Unset: no real OpenPhone; the demo runs against the built-in fake. */
    apiKey: string | undefined;
    /** Unset: the webhook refuses everything (fails closed), except the demo's own simulator. */
    webhookSecret: string | undefined;
  };
  messaging: {
    /** How long a staff member's manual reply pauses the AI on that thread. */
    aiPauseMs: number;
    /** At most one missed-call auto-text per customer number within this interval. */
    missedCallTextIntervalMs: number;
    /** Send attempts before an outbound message is dead-lettered. */
    outboxMaxAttempts: number;
  };
  ai: {
    /** Unset: no real model; agents route offline and every answer is a draft. */
    openai:
      | { apiKey: string; baseURL: string | undefined; timeoutMs: number; maxRetries: number }
      | undefined;
    model: string;
    /** A burst of texts within this window gets one answer. */
    debounceMs: number;
    /** Per facility, per day in its timezone, unless a manager set the facility's own. */
    dailyBudgetUsd: number;
    /** AI answers per customer number per hour; past it, the thread goes to a person. */
    repliesPerHour: number;
    /** How long a Tech Support reset offer waits for the customer's YES. */
    resetOfferMs: number;
    /** Unset: SOP analysis takes the offline path (staff corrections become proposals directly). */
    anthropic: { apiKey: string; baseURL: string | undefined; model: string } | undefined;
    /** USD per UTC day for all Claude analysis. */
    claudeDailyBudgetUsd: number;
  };
  /** The quality watch: when replies on a new SOP version are flagged more often than on the one before. */
  quality: {
    /** Replies a new version needs before it is judged. */
    minReplies: number;
    /** How much higher (absolute, 0.15 = 15 points) its unhelpful rate may be before managers are alerted. */
    maxRateIncrease: number;
  };
};

const defaultWebDir = fileURLToPath(new URL('../out/renderer', import.meta.url));
const defaultSopsDir = fileURLToPath(new URL('../sops', import.meta.url));

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once at boot; a bad variable stops start-up with its name in the message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "unset" (common in .env files and CI matrices).
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  if (e.CLUBOS_LOGIN_LOCK_AFTER <= e.CLUBOS_LOGIN_THROTTLE_AFTER) {
    throw new ConfigError(
      'Invalid configuration:\n  CLUBOS_LOGIN_LOCK_AFTER: must be greater than CLUBOS_LOGIN_THROTTLE_AFTER',
    );
  }
  const ninjaVariables = [e.NINJAONE_URL, e.NINJAONE_CLIENT_ID, e.NINJAONE_CLIENT_SECRET];
  if (ninjaVariables.some(Boolean) && !ninjaVariables.every(Boolean)) {
    const missing = ['NINJAONE_URL', 'NINJAONE_CLIENT_ID', 'NINJAONE_CLIENT_SECRET'].filter(
      (_, index) => !ninjaVariables[index],
    );
    throw new ConfigError(
      `Invalid configuration:\n${missing.map((name) => `  ${name}: required when any NINJAONE_* variable is set`).join('\n')}`,
    );
  }
  if (e.OPENPHONE_WEBHOOK_SECRET) {
    const secret = parseWebhookSecret(e.OPENPHONE_WEBHOOK_SECRET);
    // A bad secret would refuse every webhook later; say so now, naming the variable but not its value.
    if ('error' in secret) {
      throw new ConfigError(
        `Invalid configuration:\n  OPENPHONE_WEBHOOK_SECRET: expected a base64 key or a whsec_ key (${secret.error})`,
      );
    }
  }
  const minutes = (value: number) => Math.round(value * 60_000);
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: e.CLUBOS_DATA_DIR },
    dataDir: e.CLUBOS_DATA_DIR,
    logLevel: e.LOG_LEVEL,
    sessionTtlHours: e.CLUBOS_SESSION_TTL_HOURS,
    login: {
      throttleAfter: e.CLUBOS_LOGIN_THROTTLE_AFTER,
      lockAfter: e.CLUBOS_LOGIN_LOCK_AFTER,
      lockMinutes: e.CLUBOS_LOGIN_LOCK_MINUTES,
    },
    shutdownTimeoutMs: e.CLUBOS_SHUTDOWN_TIMEOUT_MS,
    demo: e.CLUBOS_DEMO,
    webDir: e.CLUBOS_WEB_DIR ?? defaultWebDir,
    sopsDir: e.CLUBOS_SOPS_DIR ?? e.SOPS_DIR ?? defaultSopsDir,
    sopsMirrorDir: e.CLUBOS_SOPS_DIR ?? e.SOPS_DIR,
    corsOrigins: e.CLUBOS_CORS_ORIGINS,
    ninjaone:
      e.NINJAONE_URL && e.NINJAONE_CLIENT_ID && e.NINJAONE_CLIENT_SECRET
        ? { url: e.NINJAONE_URL, clientId: e.NINJAONE_CLIENT_ID, clientSecret: e.NINJAONE_CLIENT_SECRET }
        : undefined,
    bays: {
      pollSeconds: e.CLUBOS_BAY_POLL_SECONDS,
      offlineAttentionMs: minutes(e.CLUBOS_BAY_OFFLINE_ATTENTION_MINUTES),
      actionTimeoutMs: minutes(e.CLUBOS_BAY_ACTION_TIMEOUT_MINUTES),
      cooldownMs: {
        'restart-sim': minutes(e.CLUBOS_BAY_COOLDOWN_RESTART_MINUTES),
        'reboot-pc': minutes(e.CLUBOS_BAY_COOLDOWN_REBOOT_MINUTES),
      },
    },
    slack: e.SLACK_WEBHOOK_URL ? { webhookUrl: e.SLACK_WEBHOOK_URL } : undefined,
    openphone: {
      apiUrl: e.OPENPHONE_API_URL,
      apiKey: e.OPENPHONE_API_KEY,
      webhookSecret: e.OPENPHONE_WEBHOOK_SECRET,
    },
    messaging: {
      aiPauseMs: Math.round(e.CLUBOS_AI_PAUSE_HOURS * 3_600_000),
      missedCallTextIntervalMs: minutes(e.CLUBOS_MISSED_CALL_TEXT_INTERVAL_MINUTES),
      outboxMaxAttempts: e.CLUBOS_OUTBOX_MAX_ATTEMPTS,
    },
    ai: {
      openai: e.OPENAI_API_KEY
        ? {
            apiKey: e.OPENAI_API_KEY,
            baseURL: e.OPENAI_BASE_URL,
            timeoutMs: e.CLUBOS_OPENAI_TIMEOUT_MS,
            maxRetries: e.CLUBOS_OPENAI_MAX_RETRIES,
          }
        : undefined,
      model: e.CLUBOS_OPENAI_MODEL,
      debounceMs: Math.round(e.CLUBOS_AI_DEBOUNCE_SECONDS * 1000),
      dailyBudgetUsd: e.CLUBOS_AI_DAILY_BUDGET_USD,
      repliesPerHour: e.CLUBOS_AI_REPLIES_PER_HOUR,
      resetOfferMs: minutes(e.CLUBOS_AI_RESET_OFFER_MINUTES),
      anthropic: e.ANTHROPIC_API_KEY
        ? { apiKey: e.ANTHROPIC_API_KEY, baseURL: e.ANTHROPIC_BASE_URL, model: e.CLUBOS_CLAUDE_MODEL }
        : undefined,
      claudeDailyBudgetUsd: e.CLUBOS_CLAUDE_DAILY_BUDGET_USD,
    },
    quality: {
      minReplies: e.CLUBOS_QUALITY_MIN_REPLIES,
      maxRateIncrease: e.CLUBOS_QUALITY_MAX_RATE_INCREASE,
    },
  };
}
