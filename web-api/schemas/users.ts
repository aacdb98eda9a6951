import { z } from 'zod';
import { ROLES } from '../../db/entities/user.ts';

/** Answer schemas about people: who is signed in (the session's user) and what signing in answers. */
export const Role = z.enum(ROLES).meta({ id: 'Role' });

export const UserView = z.object({
  id: z.uuid(), email: z.string(), name: z.string(), role: Role,
  accountId: z.uuid().nullable(), accountName: z.string().nullable(),
}).meta({ id: 'User' });

/** Signing in (a password, an invitation, a reset) answers the user and the new session's CSRF token. */
export const SignedIn = z.object({ user: UserView, csrfToken: z.string() }).meta({ id: 'SignedIn' });
