import { useQuery } from '@tanstack/react-query';
import { hasRole } from '../../../../shared/roles.ts';
import type { StaffUser } from '../../../../shared/user.ts';
import { useTRPC } from '../../api/trpc.ts';

type Person = { id: string; name: string };
/** Someone a thread could be given to, and where they work (admins work everywhere). */
export type Assignee = Person & { facilityIds: string[]; everywhere: boolean };

/**
 * Who else a thread can be given to. Only managers may list staff (`users.list`), so front desk
 * gets null and can assign to themselves only; the server checks that the person works at the
 * thread's facility either way.
 */
export function useAssignees(user: StaffUser): Assignee[] | null {
  const trpc = useTRPC();
  const canList = hasRole(user.role, 'manager');
  const users = useQuery({ ...trpc.users.list.queryOptions({}), enabled: canList });
  if (!canList || !users.data) return null;
  return users.data
    .filter((person) => person.disabledAt === null)
    .map((person) => ({
      id: person.id,
      name: person.name,
      facilityIds: person.facilityIds,
      everywhere: person.role === 'admin',
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Of those, the ones who work at `facilityId`: the server refuses anyone else. */
export function assigneesAt(assignees: Assignee[] | null, facilityId: string): Person[] | null {
  if (!assignees) return null;
  return assignees.filter((person) => person.everywhere || person.facilityIds.includes(facilityId));
}
