import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { baseProperties } from './base.ts';
import { Account } from './account.ts';

export const ROLES = ['client_member', 'client_admin', 'staff', 'admin', 'compliance_reviewer'] as const;
export type Role = (typeof ROLES)[number];
export const CLIENT_ROLES = ['client_member', 'client_admin'] as const satisfies readonly Role[];
export const INTERNAL_ROLES = ['staff', 'admin', 'compliance_reviewer'] as const satisfies readonly Role[];

export const User = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: {
    ...baseProperties,
    /** Stored lower-cased; the unique index makes sign-in by email unambiguous. */
    email: p.string().length(254).unique(),
    name: p.string().length(200),
    role: p.enum(ROLES),
    /** Clients belong to exactly one account; internal users to none. */
    account: () => p.manyToOne(Account).nullable().index(),
    /** Job title shown to clients on the account team card. */
    title: p.string().length(120).nullable(),
    phone: p.string().length(40).nullable(),
    passwordHash: p.text().nullable().lazy(),
    passwordChangedAt: p.datetime().nullable(),
    disabledAt: p.datetime().nullable(),
    lastLoginAt: p.datetime().nullable(),
  },
});
export type User = InferEntity<typeof User>;

export function isClientRole(role: Role): role is (typeof CLIENT_ROLES)[number] {
  return role === 'client_member' || role === 'client_admin';
}
