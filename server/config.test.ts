import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to PGlite on 127.0.0.1:4310 with nothing set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4310);
    expect(config.host).toBe('127.0.0.1');
    expect(config.database).toEqual({ kind: 'pglite', dataDir: '.clubos/data' });
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://app@db.internal:5432/clubos' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://app@db.internal:5432/clubos' });
  });

  it.each([
    ['PORT', 'not-a-port'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/clubos'],
    ['LOG_LEVEL', 'loud'],
    ['CLUBOS_SESSION_TTL_HOURS', '-1'],
    ['CLUBOS_DEMO', 'maybe'],
  ])('names %s when it is invalid (%s)', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it('needs all three NinjaOne variables or none, and names the missing ones', () => {
    expect(loadConfig({}).ninjaone).toBeUndefined();
    expect(() => loadConfig({ NINJAONE_URL: 'https://app.ninjarmm.com' })).toThrow(
      /NINJAONE_CLIENT_ID[\s\S]*NINJAONE_CLIENT_SECRET/,
    );
    const config = loadConfig({
      NINJAONE_URL: 'https://eu.ninjarmm.com',
      NINJAONE_CLIENT_ID: 'id',
      NINJAONE_CLIENT_SECRET: 'secret',
    });
    expect(config.ninjaone).toEqual({
      url: 'https://eu.ninjarmm.com',
      clientId: 'id',
      clientSecret: 'secret',
    });
  });

  it('converts bay timings to milliseconds', () => {
    const config = loadConfig({ CLUBOS_BAY_COOLDOWN_RESTART_MINUTES: '0.5' });
    expect(config.bays.cooldownMs['restart-sim']).toBe(30_000);
    expect(config.bays.cooldownMs['reboot-pc']).toBe(600_000);
    expect(config.bays.offlineAttentionMs).toBe(300_000);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(4310);
  });

  it('refuses a lock threshold at or below the throttle threshold', () => {
    expect(() => loadConfig({ CLUBOS_LOGIN_THROTTLE_AFTER: '5', CLUBOS_LOGIN_LOCK_AFTER: '5' })).toThrow(
      /CLUBOS_LOGIN_LOCK_AFTER/,
    );
  });

  it('reads the OpenPhone and messaging variables, with their defaults', () => {
    const defaults = loadConfig({});
    expect(defaults.openphone).toEqual({
      apiUrl: 'https://api.openphone.com',
      apiKey: undefined,
      webhookSecret: undefined,
    });
    expect(defaults.messaging).toEqual({
      aiPauseMs: 4 * 3_600_000,
      missedCallTextIntervalMs: 60 * 60_000,
      outboxMaxAttempts: 8,
    });
    const config = loadConfig({
      OPENPHONE_API_URL: 'http://127.0.0.1:9999',
      OPENPHONE_API_KEY: 'op-key',
      OPENPHONE_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      CLUBOS_AI_PAUSE_HOURS: '0.5',
      CLUBOS_MISSED_CALL_TEXT_INTERVAL_MINUTES: '15',
      CLUBOS_OUTBOX_MAX_ATTEMPTS: '3',
    });
    expect(config.openphone).toEqual({
      apiUrl: 'http://127.0.0.1:9999',
      apiKey: 'op-key',
      webhookSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    });
    expect(config.messaging).toEqual({
      aiPauseMs: 1_800_000,
      missedCallTextIntervalMs: 900_000,
      outboxMaxAttempts: 3,
    });
  });

  it.each([
    ['OPENPHONE_API_URL', 'ftp://api.openphone.com'],
    ['OPENPHONE_WEBHOOK_SECRET', 'not base64!'],
    ['CLUBOS_AI_PAUSE_HOURS', '0'],
    ['CLUBOS_MISSED_CALL_TEXT_INTERVAL_MINUTES', '-5'],
    ['CLUBOS_OUTBOX_MAX_ATTEMPTS', '0'],
  ])('names %s when it is invalid (%s)', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it('never quotes the webhook secret in its error', () => {
    expect(() => loadConfig({ OPENPHONE_WEBHOOK_SECRET: 'whsec_%%%secret' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('%%%secret') }),
    );
  });
});
