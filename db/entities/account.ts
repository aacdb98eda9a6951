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
    /**
     * Who receives this account's audit checkpoint digests by email: `client_admins` (the account's
     * active client admins) or `address` (`auditDigestAddress`); null: none.
     */
    auditDigestTo: p.string().length(20).nullable(),
    auditDigestAddress: p.string().length(254).nullable(),
    /** When digests were last switched on: checkpoints signed before it are not sent. */
    auditDigestSince: p.datetime(3).nullable(),
  },
});
export type Account = InferEntity<typeof Account>;
