import { z } from 'zod';
import { roleSchema } from '../../shared/roles.ts';
import type { StaffUser } from '../../shared/user.ts';
import { recordAudit } from '../audit/record.ts';
import type { AuditContext } from '../audit/types.ts';
import { hashPassword } from '../auth/password.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { DomainError, notFound } from '../errors.ts';
import { facilityIdsBySlug } from '../facilities/repository.ts';
import type { FacilityScope } from '../facilities/scope.ts';
import { formatPath } from '../facilities/setupFile.ts';
import type { ServiceDeps } from '../services.ts';
import {
  addMemberships,
  clearLoginCounters,
  emailTaken,
  insertUser,
  listUsers,
  lockUserRow,
} from './repository.ts';

export const MIN_PASSWORD_LENGTH = 12;

export const newUserSchema = z.object({
  email: z.email({ error: 'expected an email address' }).transform((email) => email.toLowerCase()),
  name: z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(200, { error: 'must be at most 200 characters' }),
  role: roleSchema,
  facilitySlugs: z.array(z.string()),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, { error: `must be at least ${MIN_PASSWORD_LENGTH} characters` })
    .max(1024, { error: 'must be at most 1024 characters' }),
});

export type NewUser = z.input<typeof newUserSchema>;

export type UserSummary = StaffUser & { lockedUntil: Date | null; disabledAt: Date | null; createdAt: Date };

export class UserService {
  constructor(private readonly deps: ServiceDeps) {}

  async addUser(input: NewUser, auditContext: AuditContext): Promise<StaffUser> {
    const parsed = newUserSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DomainError(
        'invalid_input',
        issue ? `${formatPath(issue.path)}: ${issue.message}` : 'Invalid user',
      );
    }
    const { email, name, role, password } = parsed.data;
    const slugs = [...new Set(parsed.data.facilitySlugs)];
    // Admins run the whole installation; everyone else works at a facility.
    if (role !== 'admin' && slugs.length === 0) {
      throw new DomainError('invalid_input', `A ${role} needs at least one facility`);
    }
    const passwordHash = await hashPassword(password);
    const now = this.deps.now();
    try {
      return await this.deps.db.transaction(async (tx) => {
        const ids = await facilityIdsBySlug(tx, slugs);
        const unknown = slugs.find((slug) => !ids.has(slug));
        if (unknown !== undefined) throw new DomainError('invalid_input', `Unknown facility "${unknown}"`);
        if (await emailTaken(tx, email)) throw duplicateEmail(email);
        const user = await insertUser(tx, { email, name, role, passwordHash }, now);
        const facilityIds = slugs.flatMap((slug) => ids.get(slug) ?? []);
        await addMemberships(tx, user.id, facilityIds);
        await recordAudit(tx, auditContext, {
          action: 'user.created',
          targetType: 'user',
          targetId: user.id,
          facilityId: facilityIds.length === 1 ? facilityIds[0] : null,
          after: { email, name, role, facilities: slugs },
        });
        return { ...user, facilityIds };
      });
    } catch (error) {
      // Two adds of one email racing past the check above: the unique index decides.
      if (isUniqueViolation(error)) throw duplicateEmail(email);
      throw error;
    }
  }

  /** Users who share a facility in scope; only memberships inside the scope are shown. */
  async list(facilityScope: FacilityScope): Promise<UserSummary[]> {
    const rows = await listUsers(this.deps.db, facilityScope);
    if (facilityScope === 'all') return rows;
    return rows.map((row) => ({
      ...row,
      facilityIds: row.facilityIds.filter((id) => facilityScope.includes(id)),
    }));
  }

  /** Lifts a sign-in lock and forgets past failures, so the next attempt starts afresh. */
  async unlock(userId: string, auditContext: AuditContext): Promise<void> {
    const now = this.deps.now();
    await this.deps.db.transaction(async (tx) => {
      const user = await lockUserRow(tx, userId);
      if (!user) throw notFound('User');
      await clearLoginCounters(tx, user.id, now);
      await recordAudit(tx, auditContext, {
        action: 'user.unlocked',
        targetType: 'user',
        targetId: user.id,
        before: { failedLoginCount: user.failedLoginCount, lockedUntil: user.lockedUntil },
        after: { failedLoginCount: 0, lockedUntil: null },
      });
    });
  }
}

const duplicateEmail = (email: string) =>
  new DomainError('conflict', `A user with email ${email} already exists`);
