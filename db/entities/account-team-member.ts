import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { baseProperties } from './base.ts';
import { Account } from './account.ts';
import { User } from './user.ts';

/** A staff member assigned to an account, shown to the client with their role on the team. */
export const AccountTeamMember = defineEntity({
  name: 'AccountTeamMember',
  uniques: [{ properties: ['account', 'user'] }],
  properties: {
    ...baseProperties,
    account: () => p.manyToOne(Account),
    user: () => p.manyToOne(User).index(),
    /** e.g. "Account manager", "Lead engineer". */
    teamRole: p.string().length(80),
    isManager: p.boolean().default(false),
  },
});
export type AccountTeamMember = InferEntity<typeof AccountTeamMember>;
