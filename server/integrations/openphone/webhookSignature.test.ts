import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  legacySignatureHeader,
  parseWebhookSecret,
  type SignatureCheck,
  signOpenPhoneWebhook,
  standardSignatureHeader,
  verifyOpenPhoneSignature,
  type WebhookHeaders,
} from './webhookSignature.ts';

// The known-answer vector from shared/INTEGRATIONS.md (Standard Webhooks).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: '1614265330',
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const vectorNow = new Date(Number(VECTOR.timestamp) * 1000);
const vectorHeaders = (overrides: WebhookHeaders = {}): WebhookHeaders => ({
  'webhook-id': VECTOR.id,
  'webhook-timestamp': VECTOR.timestamp,
  'webhook-signature': VECTOR.signature,
  ...overrides,
});

const LEGACY_SECRET = randomBytes(32).toString('base64');
const STANDARD_SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const NOW = new Date('2026-11-20T19:30:55.400Z');
const BODY = Buffer.from(
  '{"id":"EVc67e","object":"event","apiVersion":"v3","createdAt":"2026-11-20T19:30:55.400Z","type":"message.received","data":{"object":{"id":"AC24a8","body":"My door code isn\'t working"}}}',
);

const legacyHeaders = (at: Date = NOW, body: Buffer = BODY) => ({
  'openphone-signature': legacySignatureHeader(LEGACY_SECRET, at.getTime(), body),
});

function verify(headers: WebhookHeaders, options: { secret?: string; body?: Buffer; now?: Date } = {}) {
  return verifyOpenPhoneSignature({
    headers,
    rawBody: options.body ?? BODY,
    secret: 'secret' in options ? options.secret : LEGACY_SECRET,
    now: options.now ?? NOW,
  });
}

const flipByte = (body: Buffer, index: number) => {
  const copy = Buffer.from(body);
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
};

const reserialised = (body: Buffer) => Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1));

const shift = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

function expectRejected(check: SignatureCheck): void {
  expect(check.ok).toBe(false);
}

describe('Standard Webhooks scheme', () => {
  it('accepts the known-answer vector at its own time, and names the delivery', () => {
    const check = verify(vectorHeaders(), {
      secret: VECTOR.secret,
      body: Buffer.from(VECTOR.body),
      now: vectorNow,
    });
    expect(check).toEqual({ ok: true, scheme: 'standard', deliveryId: VECTOR.id });
  });

  it('produces the known-answer signature when signing', () => {
    expect(
      standardSignatureHeader(VECTOR.secret, VECTOR.id, Number(VECTOR.timestamp), Buffer.from(VECTOR.body)),
    ).toBe(VECTOR.signature);
    expect(
      signOpenPhoneWebhook({
        secret: VECTOR.secret,
        rawBody: VECTOR.body,
        now: vectorNow,
        webhookId: VECTOR.id,
      }),
    ).toEqual(vectorHeaders());
  });

  const vectorWith = (overrides: { body?: string | Buffer; now?: Date; headers?: WebhookHeaders }) =>
    verify(vectorHeaders(overrides.headers), {
      secret: VECTOR.secret,
      body: Buffer.from(overrides.body ?? VECTOR.body),
      now: overrides.now ?? vectorNow,
    });

  it('rejects the vector with one body byte flipped, or re-serialised with other whitespace', () => {
    for (let index = 0; index < VECTOR.body.length; index++) {
      expectRejected(vectorWith({ body: flipByte(Buffer.from(VECTOR.body), index) }));
    }
    expectRejected(vectorWith({ body: '{"test":2432232314}' }));
    expectRejected(vectorWith({ body: `${VECTOR.body}\n` }));
  });

  it('accepts up to 5 minutes of skew either way and rejects 301 s stale or future', () => {
    expect(vectorWith({ now: shift(vectorNow, 300) }).ok).toBe(true);
    expect(vectorWith({ now: shift(vectorNow, -300) }).ok).toBe(true);
    expect(vectorWith({ now: shift(vectorNow, 301) })).toEqual({
      ok: false,
      reason: 'signature timestamp outside the 5-minute window',
    });
    expectRejected(vectorWith({ now: shift(vectorNow, -301) }));
  });

  it('rejects a changed id or timestamp, since both are signed', () => {
    expectRejected(vectorWith({ headers: { 'webhook-id': `${VECTOR.id}x` } }));
    expectRejected(vectorWith({ headers: { 'webhook-timestamp': String(Number(VECTOR.timestamp) + 1) } }));
  });

  it('accepts any matching v1 entry among several, and ignores other versions', () => {
    const wrong = `v1,${randomBytes(32).toString('base64')}`;
    const entries = [`v1a,${randomBytes(64).toString('base64')}`, wrong, VECTOR.signature, 'v2,abc'];
    expect(vectorWith({ headers: { 'webhook-signature': entries.join(' ') } }).ok).toBe(true);
    // Node joins a repeated header with ", ".
    expect(vectorWith({ headers: { 'webhook-signature': `${wrong}, ${VECTOR.signature}` } }).ok).toBe(true);
    expect(vectorWith({ headers: { 'webhook-signature': [wrong, VECTOR.signature] } }).ok).toBe(true);
    expectRejected(
      vectorWith({ headers: { 'webhook-signature': `${wrong} v1a,${VECTOR.signature.slice(3)}` } }),
    );
  });

  it('reads headers whatever their case', () => {
    const headers = {
      'Webhook-Id': VECTOR.id,
      'WEBHOOK-TIMESTAMP': VECTOR.timestamp,
      'Webhook-Signature': VECTOR.signature,
    };
    expect(
      verify(headers, { secret: VECTOR.secret, body: Buffer.from(VECTOR.body), now: vectorNow }).ok,
    ).toBe(true);
  });

  it('rejects missing, malformed, wrong-length and non-base64 headers without throwing', () => {
    const digest = VECTOR.signature.slice(3);
    const cases: WebhookHeaders[] = [
      { 'webhook-id': undefined },
      { 'webhook-timestamp': undefined },
      { 'webhook-signature': undefined },
      { 'webhook-id': '' },
      { 'webhook-id': 'has space' },
      { 'webhook-id': 'x'.repeat(300) },
      { 'webhook-id': [VECTOR.id, VECTOR.id] },
      { 'webhook-timestamp': '' },
      { 'webhook-timestamp': '1614265330.5' },
      { 'webhook-timestamp': '-1614265330' },
      { 'webhook-timestamp': '16142653300000000' },
      { 'webhook-timestamp': 'soon' },
      { 'webhook-signature': '' },
      { 'webhook-signature': digest },
      { 'webhook-signature': 'v1,' },
      { 'webhook-signature': 'v1' },
      { 'webhook-signature': `v1,${digest.slice(0, -4)}` },
      { 'webhook-signature': `v1,${digest}AAAA` },
      { 'webhook-signature': `v1,${digest.replace('+', '-')}` },
      { 'webhook-signature': `v1,${digest.replace('=', '!')}` },
      { 'webhook-signature': `v1,${'*'.repeat(44)}` },
      { 'webhook-signature': `v1,${digest}==` },
      { 'webhook-signature': `v2,${digest}` },
      { 'webhook-signature': `v1,${digest} `.repeat(40) },
      { 'webhook-signature': 'v1,'.padEnd(10_000, 'A') },
    ];
    for (const overrides of cases) {
      const check = vectorWith({ headers: overrides });
      expect(check.ok, JSON.stringify(overrides).slice(0, 80)).toBe(false);
    }
  });

  it('accepts a signature whose base64 padding was dropped', () => {
    expect(vectorWith({ headers: { 'webhook-signature': VECTOR.signature.replace(/=+$/, '') } }).ok).toBe(
      true,
    );
  });
});

describe('legacy openphone-signature scheme', () => {
  it('accepts a valid signature over the raw bytes; no delivery id', () => {
    expect(verify(legacyHeaders())).toEqual({ ok: true, scheme: 'legacy', deliveryId: null });
  });

  it('signs `<timestamp ms>.<raw body>` with the base64-decoded secret, digest in base64', () => {
    const header = legacySignatureHeader(LEGACY_SECRET, NOW.getTime(), BODY);
    expect(header).toMatch(/^hmac;1;\d{13};[A-Za-z0-9+/]{43}=$/);
    expect(header.split(';')[2]).toBe(String(NOW.getTime()));
    expect(signOpenPhoneWebhook({ secret: LEGACY_SECRET, rawBody: BODY, now: NOW })).toEqual({
      'openphone-signature': header,
    });
  });

  it('rejects one body byte flipped, anywhere', () => {
    for (const index of [0, 1, 40, BODY.length - 2, BODY.length - 1]) {
      expect(verify(legacyHeaders(), { body: flipByte(BODY, index) })).toEqual({
        ok: false,
        reason: 'signature does not match',
      });
    }
  });

  it('rejects the same JSON re-serialised with other whitespace', () => {
    const pretty = reserialised(BODY);
    expect(JSON.parse(pretty.toString())).toEqual(JSON.parse(BODY.toString()));
    expectRejected(verify(legacyHeaders(), { body: pretty }));
  });

  it('rejects a timestamp 301 s stale or in the future, accepts 300 s', () => {
    expect(verify(legacyHeaders(shift(NOW, -300))).ok).toBe(true);
    expect(verify(legacyHeaders(shift(NOW, 300))).ok).toBe(true);
    expect(verify(legacyHeaders(shift(NOW, -301)))).toEqual({
      ok: false,
      reason: 'signature timestamp outside the 5-minute window',
    });
    expectRejected(verify(legacyHeaders(shift(NOW, 301))));
  });

  it('reads a 10-digit timestamp as seconds (the unit is unconfirmed)', () => {
    const seconds = Math.floor(NOW.getTime() / 1000);
    const header = legacySignatureHeader(LEGACY_SECRET, seconds, BODY);
    expect(verify({ 'openphone-signature': header }).ok).toBe(true);
    expectRejected(verify({ 'openphone-signature': header }, { now: shift(NOW, 400) }));
  });

  it('accepts a match on any one of several comma-separated signatures', () => {
    const good = legacyHeaders()['openphone-signature'];
    const stale = legacyHeaders(shift(NOW, -3600))['openphone-signature'];
    const forged = `hmac;1;${NOW.getTime()};${randomBytes(32).toString('base64')}`;
    expect(verify({ 'openphone-signature': `${forged},${stale}, ${good}` }).ok).toBe(true);
    expect(verify({ 'openphone-signature': ['junk', good] }).ok).toBe(true);
    expectRejected(verify({ 'openphone-signature': `${forged},${stale}` }));
  });

  it('rejects missing, malformed, wrong-length and non-base64 signatures without throwing', () => {
    const good = legacyHeaders()['openphone-signature'];
    const [, , timestamp, digest = ''] = good.split(';');
    const cases: WebhookHeaders[] = [
      {},
      { 'openphone-signature': undefined },
      { 'openphone-signature': '' },
      { 'openphone-signature': ',,,' },
      { 'openphone-signature': digest },
      { 'openphone-signature': `hmac;1;${timestamp}` },
      { 'openphone-signature': `hmac;1;${timestamp};${digest};extra` },
      { 'openphone-signature': `hmac;2;${timestamp};${digest}` },
      { 'openphone-signature': `sha1;1;${timestamp};${digest}` },
      { 'openphone-signature': `hmac;1;;${digest}` },
      { 'openphone-signature': `hmac;1;${timestamp};` },
      { 'openphone-signature': `hmac;1;${timestamp?.slice(0, 12)};${digest}` },
      { 'openphone-signature': `hmac;1;${timestamp}0;${digest}` },
      { 'openphone-signature': `hmac;1;1e12;${digest}` },
      { 'openphone-signature': `hmac;1;${timestamp};${digest.slice(0, 20)}` },
      { 'openphone-signature': `hmac;1;${timestamp};${digest}${digest}` },
      { 'openphone-signature': `hmac;1;${timestamp};${Buffer.from(digest, 'base64').toString('hex')}` },
      { 'openphone-signature': `hmac;1;${timestamp};${digest.replace(/[+/]/g, '_')}x` },
      { 'openphone-signature': `hmac;1;${timestamp};${digest.slice(0, -2)}%3D` },
      { 'openphone-signature': `hmac;1;${timestamp};${digest.slice(0, -1)}===` },
      { 'openphone-signature': `hmac;1;${timestamp};${'\u00e9'.repeat(44)}` },
      { 'openphone-signature': `${good},`.repeat(30) },
      { 'openphone-signature': `${good},${'x'.repeat(10_000)}` },
      // A Standard Webhooks delivery where the secret says legacy: verified by the secret's scheme only.
      { 'webhook-id': 'msg_1', 'webhook-timestamp': '1', 'webhook-signature': 'v1,AAAA' },
    ];
    for (const headers of cases) {
      const check = verify(headers);
      expect(check.ok, JSON.stringify(headers).slice(0, 80)).toBe(false);
    }
  });

  it('is verified by the scheme the secret implies when both headers are present', () => {
    const legacy = legacyHeaders();
    const standard = signOpenPhoneWebhook({
      secret: STANDARD_SECRET,
      rawBody: BODY,
      now: NOW,
      webhookId: 'msg_both',
    });
    const both = { ...legacy, ...standard };
    expect(verify(both)).toEqual({ ok: true, scheme: 'legacy', deliveryId: null });
    expect(verify(both, { secret: STANDARD_SECRET })).toEqual({
      ok: true,
      scheme: 'standard',
      deliveryId: 'msg_both',
    });
    expectRejected(verify(legacy, { secret: STANDARD_SECRET }));
    expectRejected(verify(standard));
  });
});

describe('the secret', () => {
  it('fails closed when no secret is configured', () => {
    for (const secret of [undefined, '', '   ']) {
      expect(verify(legacyHeaders(), { secret })).toEqual({
        ok: false,
        reason: 'no webhook secret configured',
      });
    }
  });

  it('refuses a secret that is not base64 instead of using its text as the key', () => {
    for (const secret of ['not base64!', 'whsec_not base64!', 'whsec_', 'abc$']) {
      const check = verify(legacyHeaders(), { secret });
      expect(check.ok).toBe(false);
      expect(check.ok ? '' : check.reason).toMatch(/secret/);
    }
  });

  it('tells which scheme a secret implies', () => {
    expect(parseWebhookSecret(VECTOR.secret)).toMatchObject({ scheme: 'standard' });
    expect(parseWebhookSecret(` ${LEGACY_SECRET}\n`)).toMatchObject({ scheme: 'legacy' });
    expect(parseWebhookSecret(LEGACY_SECRET)).toMatchObject({ key: Buffer.from(LEGACY_SECRET, 'base64') });
    expect(parseWebhookSecret(undefined)).toEqual({ error: 'no webhook secret configured' });
  });

  it('a signature made with another secret does not verify', () => {
    const other = randomBytes(32).toString('base64');
    const header = legacySignatureHeader(other, NOW.getTime(), BODY);
    expectRejected(verify({ 'openphone-signature': header }));
  });
});

describe('robustness', () => {
  // A small deterministic generator, so a failure can be replayed from the seed in its message.
  function rng(seed: number) {
    let state = seed >>> 0;
    return () => {
      state = (state * 1_664_525 + 1_013_904_223) >>> 0;
      return state / 2 ** 32;
    };
  }

  it('never throws on a few hundred random header strings, for either scheme', () => {
    const alphabet = 'hmacv1;,. =+/_-whsec0123456789ABCDEFabcdefxyz\u00e9\u0000\n\t\u{1F600}';
    const good = legacyHeaders()['openphone-signature'];
    const goodStandard = VECTOR.signature;
    for (let seed = 1; seed <= 400; seed++) {
      const random = rng(seed);
      const pick = () => alphabet[Math.floor(random() * alphabet.length)] ?? '';
      const text = (max: number) => Array.from({ length: Math.floor(random() * max) }, pick).join('');
      // Mutate a real header half the time, so the parser gets past its first checks too.
      const mutate = (value: string) => {
        const at = Math.floor(random() * value.length);
        return `${value.slice(0, at)}${text(6)}${value.slice(at + Math.floor(random() * 4))}`;
      };
      const headers: WebhookHeaders = {
        'openphone-signature': random() < 0.5 ? mutate(good) : text(120),
        'webhook-id': random() < 0.5 ? VECTOR.id : text(40),
        'webhook-timestamp': random() < 0.5 ? VECTOR.timestamp : text(14),
        'webhook-signature': random() < 0.5 ? mutate(goodStandard) : text(120),
      };
      if (random() < 0.2) headers['webhook-signature'] = [text(50), text(50)];
      for (const secret of [LEGACY_SECRET, VECTOR.secret, text(30)]) {
        const run = () =>
          verifyOpenPhoneSignature({ headers, rawBody: Buffer.from(text(60)), secret, now: vectorNow });
        expect(run, `seed ${seed}`).not.toThrow();
        expect(run().ok, `seed ${seed}`).toBe(false);
      }
    }
  });
});
