import { z } from 'zod';

export const roles = ['frontdesk', 'manager', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

const rank: Record<Role, number> = { frontdesk: 0, manager: 1, admin: 2 };

/** Roles are ordered: a manager can do what front desk can, an admin what a manager can. */
export function hasRole(role: Role, atLeast: Role): boolean {
  return rank[role] >= rank[atLeast];
}
