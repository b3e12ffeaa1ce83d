import type { Role } from './roles.ts';

/** The signed-in staff member as the API returns it (never includes credentials). */
export type StaffUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  facilityIds: string[];
};
