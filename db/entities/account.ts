import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { baseProperties } from './base.ts';

/** A client company. Everything a client sees hangs off exactly one account. */
export const Account = defineEntity({
  name: 'Account',
  properties: {
    ...baseProperties,
    name: p.string().length(200),
    /** Short description of where the relationship stands, shown on staff lists. */
    stage: p.string().length(40).default('onboarding'),
    /** Storage quota of the account's files in bytes; null: the configured default. */
    storageQuotaBytes: p.bigint('number').nullable(),
  },
});
export type Account = InferEntity<typeof Account>;
