import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The session store's table (connect-pg-simple's layout). Mapped so the migrations own it and so
 * sessions can be ended per user (logout everywhere, disabled users).
 */
export const Session = defineEntity({
  name: 'Session',
  tableName: 'session',
  properties: {
    sid: p.string().length(255).primary(),
    sess: p.json<Record<string, unknown>>(),
    expire: p.datetime(6).index(),
  },
});
export type Session = InferEntity<typeof Session>;
