import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import pg from 'pg';
import { SESSION_CHANGED_CHANNEL } from '../../db/entities/session.ts';

export { SESSION_CHANGED_CHANNEL };

export interface SessionStoreOptions {
  databaseUrl: string;
  /** How long a cached session is used without reading its row again, whatever happens. */
  maxAgeMs?: number;
  /** How many sessions the cache holds at most (the oldest go first). */
  maxEntries?: number;
  onListenerError?: (err: Error) => void;
}

interface Cached { json: string; expiresAt: number; cachedAt: number }

/** The store, with what the rest of the API needs of its cache. */
export type SessionStore = session.Store & {
  /** Drops sessions this process removed by SQL itself, before the notification comes back. */
  forget(sids: readonly string[]): void;
  close(): Promise<void>;
};

/**
 * The session store: rows in PostgreSQL (connect-pg-simple), read through a small cache in this
 * process. A signed-in page load otherwise costs a round trip to the database before its own
 * queries, and the session row changes rarely (sign-in, a CSRF token, the idle clock once a minute).
 *
 * The cache never serves a session that PostgreSQL no longer holds as it is: a trigger on the table
 * (declared on the Session entity) notifies every change and deletion, including those made by another
 * API process (sign-out, a password reset, a disabled user's sessions ended) or by hand in SQL,
 * and this process listens on its own connection. While that connection is down nothing is cached;
 * a read that races a notification is not cached; and any entry is read again after `maxAgeMs`.
 */
export function createSessionStore(pool: pg.Pool, opts: SessionStoreOptions): SessionStore {
  const PgStore = connectPgSimple(session);
  const maxAgeMs = opts.maxAgeMs ?? 10_000;
  const maxEntries = opts.maxEntries ?? 10_000;

  class CachedPgStore extends PgStore {
    readonly #cache = new Map<string, Cached>();
    /** Bumped by every notification: a read that started before one is not cached. */
    #generation = 0;
    #listener: pg.Client | null = null;
    #listening = false;
    #closed = false;
    #retry: NodeJS.Timeout | null = null;

    constructor() {
      super({
        pool,
        tableName: 'session',
        createTableIfMissing: false,
        // Expired rows are pruned every 15 minutes by each API process.
        pruneSessionInterval: 15 * 60,
        // No write per request: the row's expiry is the absolute timeout, and the idle timeout is
        // enforced by sessionTimeouts() from lastSeenAt (refreshed at most once a minute).
        disableTouch: true,
        errorLog: () => {},
      });
      if (maxAgeMs > 0) void this.#listen();
    }

    override get(sid: string, fn: (err: unknown, sess?: session.SessionData | null) => void): void {
      const hit = this.#cache.get(sid);
      const now = Date.now();
      if (hit && this.#listening && hit.expiresAt > now && now - hit.cachedAt < maxAgeMs) {
        // A fresh object each time: express-session changes the one it is given.
        process.nextTick(fn, null, JSON.parse(hit.json) as session.SessionData);
        return;
      }
      if (hit) this.#cache.delete(sid);
      const generation = this.#generation;
      super.get(sid, (err: unknown, sess?: session.SessionData | null) => {
        if (!err && sess && maxAgeMs > 0 && this.#listening && generation === this.#generation) this.#remember(sid, sess, now);
        fn(err, sess);
      });
    }

    override set(sid: string, sess: session.SessionData, fn?: (err?: unknown) => void): void {
      this.#forget(sid);
      super.set(sid, sess, fn);
    }

    override destroy(sid: string, fn?: (err?: unknown) => void): void {
      this.#forget(sid);
      super.destroy(sid, fn);
    }

    forget(sids: readonly string[]): void {
      for (const sid of sids) this.#forget(sid);
    }

    override async close(): Promise<void> {
      this.#closed = true;
      if (this.#retry) clearTimeout(this.#retry);
      this.#listening = false;
      this.#cache.clear();
      // Ending it may fail if the connection already broke; said, not hidden.
      await this.#listener?.end().catch((err: Error) => opts.onListenerError?.(err));
      super.close();
    }

    #remember(sid: string, sess: session.SessionData, now: number): void {
      const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : now + maxAgeMs;
      if (this.#cache.size >= maxEntries) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(sid, { json: JSON.stringify(sess), expiresAt: expires, cachedAt: now });
    }

    #forget(sid: string): void {
      this.#generation++;
      this.#cache.delete(sid);
    }

    async #listen(): Promise<void> {
      const client = new pg.Client({ connectionString: opts.databaseUrl });
      this.#listener = client;
      const lost = (err?: Error) => {
        if (this.#listener !== client) return;
        this.#listener = null;
        this.#listening = false;
        this.#generation++;
        this.#cache.clear();
        if (err) opts.onListenerError?.(err);
        client.end().catch((e: Error) => opts.onListenerError?.(e));
        if (!this.#closed) this.#retry = setTimeout(() => void this.#listen(), 1000);
      };
      client.on('error', lost);
      client.on('end', () => lost());
      client.on('notification', (msg) => {
        this.#generation++;
        if (!msg.payload) this.#cache.clear();
        else this.#cache.delete(msg.payload);
      });
      try {
        await client.connect();
        await client.query(`listen ${SESSION_CHANGED_CHANNEL}`);
        if (this.#listener === client && !this.#closed) this.#listening = true;
        else await client.end();
      } catch (err) {
        lost(err as Error);
      }
    }
  }

  return new CachedPgStore();
}
