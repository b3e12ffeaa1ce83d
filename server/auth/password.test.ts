import { describe, expect, it } from 'vitest';
import { hashPassword, verifyDummyPassword, verifyPassword } from './password.ts';
import { hashToken, looksLikeToken, newToken } from './tokens.ts';

describe('password hashing', () => {
  it('stores scrypt parameters, salt and hash, and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash, so equal passwords do not produce equal hashes', async () => {
    const [a, b] = await Promise.all([hashPassword('same password!'), hashPassword('same password!')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password!', a)).toBe(true);
    expect(await verifyPassword('same password!', b)).toBe(true);
  });

  it('rejects stored values it did not write instead of throwing', async () => {
    for (const stored of [
      '',
      'plain',
      'bcrypt$1$2$3$4$5',
      'scrypt$x$8$1$c2FsdA==$aGFzaA==',
      'scrypt$1073741824$8$1$c2FsdA==$aGFzaA==',
    ]) {
      expect(await verifyPassword('anything', stored)).toBe(false);
    }
  });

  it('the dummy check for unknown emails always fails but costs as much as a real one', async () => {
    const stored = await hashPassword('the real one');
    expect(await verifyDummyPassword('the real one')).toBe(false);
    // Fastest of three on each side, so a busy machine slowing one run does not decide the outcome.
    const fastest = async (work: () => Promise<unknown>) => {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        await work();
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const real = await fastest(() => verifyPassword('a guess', stored));
    const dummy = await fastest(() => verifyDummyPassword('a guess'));
    expect(dummy).toBeGreaterThan(real / 3);
    expect(dummy).toBeLessThan(real * 3);
  });
});

describe('session tokens', () => {
  it('are opaque, prefixed, unique, and stored only as a SHA-256', () => {
    const token = newToken();
    expect(token).toMatch(/^cos_[A-Za-z0-9_-]{43}$/);
    expect(looksLikeToken(token)).toBe(true);
    expect(newToken()).not.toBe(token);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toContain(token.slice(4));
  });

  it('garbage is recognised without a database lookup', () => {
    expect(looksLikeToken('')).toBe(false);
    expect(looksLikeToken('Bearer x')).toBe(false);
    expect(looksLikeToken(`cos_${'a'.repeat(500)}`)).toBe(false);
  });
});
