/** Roles as people read them, and who is a client (the API's `Role`). */
import type { Role } from './api/schema.d.ts';

export const ROLE_LABELS: Record<Role, string> = {
  client_member: 'Client member',
  client_admin: 'Client admin',
  staff: 'Staff',
  admin: 'Admin',
  compliance_reviewer: 'Compliance reviewer',
};

export const isClient = (role: Role): boolean => role === 'client_member' || role === 'client_admin';
