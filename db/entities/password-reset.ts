import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { baseProperties } from './base.ts';
import { User } from './user.ts';

/** A single-use, expiring password reset link. Only the SHA-256 of the token is stored. */
export const PasswordReset = defineEntity({
  name: 'PasswordReset',
  properties: {
    ...baseProperties,
    user: () => p.manyToOne(User).index(),
    tokenHash: p.string().length(64).unique(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
  },
});
export type PasswordReset = InferEntity<typeof PasswordReset>;
