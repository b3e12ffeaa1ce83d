import { type Logger, pino } from 'pino';

export type { Logger };

// Any of these keys, at any of these depths, is replaced before a line is written.
const sensitiveKeys = [
  'password',
  'passwordHash',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'secret',
  'clientSecret',
  'client_secret',
  'apiKey',
  'authorization',
  'Authorization',
  'cookie',
  'databaseUrl',
  'DATABASE_URL',
];

export const redactPaths = [
  ...sensitiveKeys,
  ...sensitiveKeys.map((key) => `*.${key}`),
  ...sensitiveKeys.map((key) => `*.*.${key}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
];

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'clubos' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[redacted]' },
    },
    options.destination ?? process.stdout,
  );
}

/** Removes credentials from a connection URL so it can be shown in messages and logs. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '[unparseable database url]';
  }
}
