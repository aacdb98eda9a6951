import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * Request counters of every throttle (`web-api/auth/throttle.ts`), kept by rate-limiter-flexible's
 * RateLimiterPostgres so that every API process shares them: one row per throttle and key (an IP,
 * an email, or an email at an IP). The table is made here rather than by the library, which would
 * otherwise create it on first use. `expire` is the end of the window or block, in epoch
 * milliseconds, as the library stores it.
 */
export const RateLimit = defineEntity({
  name: 'RateLimit',
  tableName: 'rate_limit',
  properties: {
    key: p.text().primary(),
    points: p.integer().default(0),
    expire: p.bigint('number').nullable(),
  },
});
export type RateLimit = InferEntity<typeof RateLimit>;
