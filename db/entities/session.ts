import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The session store's table (connect-pg-simple's layout). Mapped so the migrations own it and so
 * sessions can be ended per user (logout everywhere, disabled users).
 */
/** The channel on which every change or deletion of a session row is announced, with its id. */
export const SESSION_CHANGED_CHANNEL = 'portico_session_changed';

export const Session = defineEntity({
  name: 'Session',
  tableName: 'session',
  // Each API process keeps the sessions it has read in memory (web-api/auth/session-store.ts): this
  // tells all of them when a row changes or goes (sign-out, a reset, another process, SQL by hand).
  triggers: [
    { name: 'session_changed', timing: 'after', events: ['update', 'delete'], forEach: 'row', body: `perform pg_notify('${SESSION_CHANGED_CHANNEL}', old.sid); return null;` },
  ],
  properties: {
    sid: p.string().length(255).primary(),
    sess: p.json<Record<string, unknown>>(),
    expire: p.datetime(6).index(),
  },
});
export type Session = InferEntity<typeof Session>;
