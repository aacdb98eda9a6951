import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Failed sign-in counters, one row per throttle key (an IP, or an email at an IP). */
export const LoginThrottle = defineEntity({
  name: 'LoginThrottle',
  properties: {
    key: p.string().length(400).primary(),
    failures: p.integer(),
    windowStartedAt: p.datetime(),
    blockedUntil: p.datetime().nullable(),
  },
});
export type LoginThrottle = InferEntity<typeof LoginThrottle>;
