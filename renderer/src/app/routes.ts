import type { Role } from '../../../shared/roles.ts';
import { hasRole } from '../../../shared/roles.ts';

export const routes = [
  { id: 'bays', label: 'Bays', minRole: 'frontdesk' },
  { id: 'inbox', label: 'Inbox', minRole: 'frontdesk' },
  { id: 'sops', label: 'SOPs', minRole: 'frontdesk' },
  { id: 'proposals', label: 'Proposals', minRole: 'manager' },
  { id: 'quality', label: 'Quality', minRole: 'manager' },
  { id: 'audit', label: 'Audit', minRole: 'manager' },
  { id: 'ai', label: 'AI settings', minRole: 'manager' },
  { id: 'settings', label: 'Settings', minRole: 'frontdesk' },
] as const satisfies readonly { id: string; label: string; minRole: Role }[];

export type Route = (typeof routes)[number];
export type RouteId = Route['id'];

export const DEFAULT_ROUTE: RouteId = 'bays';

export function hrefFor(id: RouteId): string {
  return `#/${id}`;
}

/** `#/audit` → the audit route; an empty hash is the default screen; anything else is not found. */
export function routeFromHash(hash: string): Route | undefined {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] || DEFAULT_ROUTE;
  return routes.find((route) => route.id === id);
}

/** Whether a role may open a screen. The server enforces the same rule on the data behind it. */
export function canOpen(route: Route, role: Role): boolean {
  return hasRole(role, route.minRole);
}
