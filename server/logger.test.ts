import { describe, expect, it } from 'vitest';
import { createLogger, describeDatabaseUrl } from './logger.ts';
import { captureStream } from './test/streams.ts';

function capture() {
  const { stream, chunks } = captureStream();
  return { lines: chunks, logger: createLogger({ level: 'info', destination: stream }) };
}

describe('logger', () => {
  it('writes structured JSON lines', () => {
    const { lines, logger } = capture();
    logger.info({ bayId: 'b1' }, 'bay reset requested');
    const line = JSON.parse(lines[0] ?? '{}');
    expect(line).toMatchObject({ level: 30, msg: 'bay reset requested', bayId: 'b1', service: 'clubos' });
    expect(typeof line.time).toBe('string');
  });

  it('redacts secrets and tokens wherever they appear', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        token: 'cos_secret-token',
        password: 'hunter2hunter2',
        req: { headers: { authorization: 'Bearer cos_secret-token' } },
        integration: { clientSecret: 'ninja-secret', apiKey: 'op-key' },
      },
      'login',
    );
    const text = lines.join('');
    for (const secret of ['cos_secret-token', 'hunter2hunter2', 'ninja-secret', 'op-key']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
  });

  it('describes a database URL without its credentials', () => {
    expect(describeDatabaseUrl('postgres://clubos:s3cret@db.example:6543/prod')).toBe(
      'postgres://db.example:6543/prod',
    );
    expect(describeDatabaseUrl('not a url')).not.toContain('not a url');
  });
});
