import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { baseProperties } from './base.ts';
import { Account } from './account.ts';
import { ROLES, User } from './user.ts';

/** A single-use, expiring invitation. Only the SHA-256 of the token is stored. */
export const Invitation = defineEntity({
  name: 'Invitation',
  properties: {
    ...baseProperties,
    email: p.string().length(254),
    name: p.string().length(200).nullable(),
    role: p.enum(ROLES),
    account: () => p.manyToOne(Account).nullable().index(),
    invitedBy: () => p.manyToOne(User),
    tokenHash: p.string().length(64).unique(),
    expiresAt: p.datetime(),
    acceptedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});
export type Invitation = InferEntity<typeof Invitation>;
