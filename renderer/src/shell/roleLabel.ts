import type { Role } from '../../../shared/roles.ts';

export function roleLabel(role: Role): string {
  switch (role) {
    case 'frontdesk':
      return 'Front desk';
    case 'manager':
      return 'Manager';
    case 'admin':
      return 'Admin';
    default: {
      const unexpected: never = role;
      return unexpected;
    }
  }
}
