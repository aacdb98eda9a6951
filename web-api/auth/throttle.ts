import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Sign-in throttling kept in PostgreSQL, so every API process shares it.
 *
 * Two counters: one per (email, IP) pair and one per IP. The pair counter blocks after a few
 * failures, which stops guessing at one account; because it includes the IP, an attacker elsewhere
 * cannot lock the real user out (ASVS 6.1.1/6.3.1). The IP counter, with a much higher limit,
 * slows an attacker spraying many accounts. Blocks expire on their own; success clears the pair.
 */
export interface ThrottlePolicy {
  pairLimit: number;
  ipLimit: number;
  windowSeconds: number;
  blockSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = { pairLimit: 5, ipLimit: 50, windowSeconds: 15 * 60, blockSeconds: 15 * 60 };

const pairKey = (email: string, ip: string): string => `pair:${email.toLowerCase()}|${ip}`;
const ipKey = (ip: string): string => `ip:${ip}`;

export class LoginThrottle {
  private readonly policy: ThrottlePolicy;

  constructor(policy: ThrottlePolicy = DEFAULT_THROTTLE) {
    this.policy = policy;
  }

  /** Seconds until the caller may try again, or 0 when not blocked. */
  async retryAfter(em: EntityManager, email: string, ip: string): Promise<number> {
    const rows = await em.getConnection().execute<{ wait: string | null }[]>(
      `select ceil(extract(epoch from max(blocked_until) - now())) as wait
         from login_throttle where key in (?, ?) and blocked_until > now()`,
      [pairKey(email, ip), ipKey(ip)]);
    return Math.max(0, Number(rows[0]?.wait ?? 0));
  }

  /** Counts a failure on both keys; returns the wait now imposed (0 if none yet). */
  async fail(em: EntityManager, email: string, ip: string): Promise<number> {
    const conn = em.getConnection();
    const { windowSeconds, blockSeconds } = this.policy;
    for (const [key, limit] of [[pairKey(email, ip), this.policy.pairLimit], [ipKey(ip), this.policy.ipLimit]] as const) {
      // One atomic upsert: a new window starts when the old one has passed; the block is set when the limit is reached.
      await conn.execute(
        `insert into login_throttle as t (key, failures, window_started_at, blocked_until)
              values (?, 1, now(), case when 1 >= ? then now() + make_interval(secs => ?) end)
         on conflict (key) do update set
           failures = case when t.window_started_at < now() - make_interval(secs => ?) then 1 else t.failures + 1 end,
           window_started_at = case when t.window_started_at < now() - make_interval(secs => ?) then now() else t.window_started_at end,
           blocked_until = case
             when (case when t.window_started_at < now() - make_interval(secs => ?) then 1 else t.failures + 1 end) >= ?
               then now() + make_interval(secs => ?)
             else t.blocked_until end`,
        [key, limit, blockSeconds, windowSeconds, windowSeconds, windowSeconds, limit, blockSeconds]);
    }
    return this.retryAfter(em, email, ip);
  }

  /** A successful sign-in clears the pair counter (the IP counter keeps counting other accounts). */
  async succeed(em: EntityManager, email: string, ip: string): Promise<void> {
    await em.getConnection().execute('delete from login_throttle where key = ?', [pairKey(email, ip)]);
  }
}
