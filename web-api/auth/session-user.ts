import type { Role } from '../../db/entities/user.ts';

/** What a request knows about its signed-in user (loaded per request from the session's user id). */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  accountId: string | null;
  accountName: string | null;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}
  }
}

declare module 'express-session' {
  interface SessionData {
    csrfToken: string;
    /** When the user signed in (ms); enforces the absolute timeout. */
    authenticatedAt: number;
    /** Last request (ms, refreshed at most once a minute); enforces the idle timeout. */
    lastSeenAt: number;
    /** A signer identified by an emailed link and a one-time code (no account needed): which signer, until when. */
    signingGrant?: { signerId: string; documentId: string; method: string; expiresAt: number };
  }
}
