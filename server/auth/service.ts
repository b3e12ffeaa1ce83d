import type { Role } from '../../shared/roles.ts';
import type { StaffUser } from '../../shared/user.ts';
import { recordAudit } from '../audit/record.ts';
import type { AuditContext } from '../audit/types.ts';
import type { Executor } from '../db/types.ts';
import { DomainError } from '../errors.ts';
import type { ServiceDeps } from '../services.ts';
import { afterFailure, type LoginGate, loginGate, minutesUntil, secondsUntil } from './loginPolicy.ts';
import { verifyDummyPassword, verifyPassword } from './password.ts';
import {
  facilityIdsOf,
  findLiveSession,
  findUserByEmail,
  insertSession,
  lockUser,
  revokeSession,
  saveLoginCounters,
} from './repository.ts';
import { hashToken, looksLikeToken, newToken } from './tokens.ts';

/** Where a sign-in came from, as the transport saw it. */
export type LoginMeta = { requestId: string; ip: string | null; device: string | null };
export type LoginResult = { token: string; expiresAt: Date; user: StaffUser };
export type AuthenticatedSession = { user: StaffUser; sessionId: string };

type FailureReason = 'unknown_email' | 'wrong_password' | 'disabled' | 'locked' | 'throttled';
type Outcome = { ok: true; result: LoginResult } | { ok: false; error: DomainError };

// One message for an unknown email, a wrong password and a disabled account, so none can be told apart.
const wrongCredentials = () => new DomainError('unauthenticated', 'Email or password is incorrect');

function refusal(gate: Exclude<LoginGate, { kind: 'open' }>, now: Date): DomainError {
  if (gate.kind === 'locked') return lockedError(gate.until, now);
  const seconds = secondsUntil(gate.retryAt, now);
  return new DomainError(
    'rate_limited',
    `Too many failed sign-ins. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
    { retryAfterSeconds: seconds },
  );
}

function lockedError(until: Date, now: Date): DomainError {
  const minutes = minutesUntil(until, now);
  return new DomainError(
    'locked',
    `This account is locked after repeated failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'} or ask an admin to unlock it.`,
    { lockedUntil: until.toISOString() },
  );
}

export class AuthService {
  constructor(private readonly deps: ServiceDeps) {}

  async login(input: { email: string; password: string }, meta: LoginMeta): Promise<LoginResult> {
    const { db, config } = this.deps;
    const now = this.deps.now();
    const email = input.email.trim().toLowerCase();
    const found = await findUserByEmail(db, email);
    if (!found) {
      await verifyDummyPassword(input.password);
      await db.transaction((tx) => this.auditFailure(tx, meta, email, null, 'unknown_email'));
      throw wrongCredentials();
    }
    // A locked or throttled account is refused before the password is checked, so these attempts
    // cost no CPU and cannot be used to keep guessing. Disabled accounts skip this: their state is
    // not revealed, only "incorrect".
    const early = found.disabledAt ? undefined : loginGate(found, now, config.login);
    if (early && early.kind !== 'open') {
      await db.transaction((tx) => this.auditFailure(tx, meta, email, found.id, early.kind));
      throw refusal(early, now);
    }
    // Hash outside the transaction so the row lock is held for milliseconds, not a whole scrypt.
    const passwordOk = await verifyPassword(input.password, found.passwordHash);

    const outcome = await db.transaction(async (tx): Promise<Outcome> => {
      const user = await lockUser(tx, found.id);
      if (!user || user.disabledAt) {
        await this.auditFailure(tx, meta, email, found.id, user ? 'disabled' : 'unknown_email');
        return { ok: false, error: wrongCredentials() };
      }
      // Re-judged under the row lock: a concurrent attempt may have failed or locked it meanwhile.
      const gate = loginGate(user, now, config.login);
      if (gate.kind !== 'open') {
        await this.auditFailure(tx, meta, email, user.id, gate.kind);
        return { ok: false, error: refusal(gate, now) };
      }
      const ok =
        user.passwordHash === found.passwordHash
          ? passwordOk
          : await verifyPassword(input.password, user.passwordHash);
      if (!ok) {
        const counters = afterFailure(gate.counters, now, config.login);
        await saveLoginCounters(tx, user.id, counters);
        await this.auditFailure(tx, meta, email, user.id, 'wrong_password', counters.failedLoginCount);
        if (!counters.lockedUntil) return { ok: false, error: wrongCredentials() };
        await recordAudit(tx, this.failureContext(meta), {
          action: 'auth.locked',
          targetType: 'user',
          targetId: user.id,
          after: { failedLoginCount: counters.failedLoginCount, lockedUntil: counters.lockedUntil },
        });
        return { ok: false, error: lockedError(counters.lockedUntil, now) };
      }
      if (user.failedLoginCount !== 0 || user.lastFailedLoginAt || user.lockedUntil) {
        await saveLoginCounters(tx, user.id, {
          failedLoginCount: 0,
          lastFailedLoginAt: null,
          lockedUntil: null,
        });
      }
      const token = newToken();
      const expiresAt = new Date(now.getTime() + config.sessionTtlHours * 3_600_000);
      const session = await insertSession(tx, {
        userId: user.id,
        tokenHash: hashToken(token),
        createdAt: now,
        expiresAt,
        ip: meta.ip,
        device: meta.device,
      });
      const staffUser: StaffUser = {
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        facilityIds: await facilityIdsOf(tx, user.id),
      };
      await recordAudit(
        tx,
        { actor: { type: 'user', id: user.id, label: user.email }, ...meta },
        {
          action: 'auth.login',
          targetType: 'user',
          targetId: user.id,
          after: { sessionId: session.id, expiresAt },
        },
      );
      return { ok: true, result: { token, expiresAt, user: staffUser } };
    });
    // Thrown only now, after the commit: throwing inside would roll back the counters and audit row.
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  }

  /** The session behind a bearer token, or null if it is unknown, expired, revoked or its user disabled. */
  async authenticate(token: string): Promise<AuthenticatedSession | null> {
    if (!looksLikeToken(token)) return null;
    const rows = await findLiveSession(this.deps.db, hashToken(token), this.deps.now());
    const first = rows[0];
    if (!first) return null;
    return {
      sessionId: first.sessionId,
      user: {
        id: first.userId,
        email: first.email,
        name: first.name,
        role: first.role satisfies Role,
        facilityIds: rows.flatMap((row) => (row.facilityId ? [row.facilityId] : [])),
      },
    };
  }

  async logout(sessionId: string, auditContext: AuditContext): Promise<void> {
    const now = this.deps.now();
    await this.deps.db.transaction(async (tx) => {
      const revoked = await revokeSession(tx, sessionId, now);
      // Already revoked: nothing changed, so there is nothing to audit.
      if (!revoked) return;
      await recordAudit(tx, auditContext, {
        action: 'auth.logout',
        targetType: 'user',
        targetId: revoked.userId,
        after: { sessionId, revokedAt: now },
      });
    });
  }

  private failureContext(meta: LoginMeta): AuditContext {
    return { actor: { type: 'system', label: 'auth' }, ...meta };
  }

  private auditFailure(
    tx: Executor,
    meta: LoginMeta,
    email: string,
    userId: string | null,
    reason: FailureReason,
    failedLoginCount?: number,
  ) {
    return recordAudit(tx, this.failureContext(meta), {
      action: 'auth.login_failed',
      targetType: userId ? 'user' : null,
      targetId: userId,
      after: { email, reason, failedLoginCount },
    });
  }
}
