import type { Request, RequestHandler } from 'express';
import type pg from 'pg';
import type { Logger } from 'pino';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../db/audit.ts';
import { AppError } from '../errors.ts';
import { afterResponse } from '../after-response.ts';

/**
 * Every throttle of the API, counted in PostgreSQL (`rate_limit`) by rate-limiter-flexible so that
 * every API process shares them. A throttle allows `limit` hits per key within `windowSeconds`;
 * the hit that reaches the limit blocks the key for `blockSeconds` (every block expires on its own).
 *
 * - `loginPair` / `loginIp`: failed sign-ins per (email, IP) and per IP. Because the pair includes
 *   the IP, an attacker elsewhere cannot lock the real user out (ASVS 6.1.1/6.3.1); the IP counter,
 *   much higher, slows an attacker spraying many accounts. A successful sign-in clears the pair.
 * - `resetEmail` / `resetIp`: password-reset requests per email (known or not, so the answer says
 *   nothing about the address) and per IP: nobody can flood an inbox.
 * - `links`: unknown, used or expired invitation, reset and signing links per IP (secret guessing).
 * - `verify`: `POST /api/verify` per IP (each request hashes up to the upload limit).
 *
 * One-time codes keep their own counters on the signing link (attempts per code, codes per link),
 * counted by the single UPDATE that checks them.
 */
export interface ThrottleRule {
  limit: number;
  windowSeconds: number;
  blockSeconds: number;
}

export type ThrottleName = 'loginPair' | 'loginIp' | 'resetEmail' | 'resetIp' | 'links' | 'verify';

export type ThrottlePolicy = Record<ThrottleName, ThrottleRule>;

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  loginPair: { limit: 5, windowSeconds: 15 * 60, blockSeconds: 15 * 60 },
  loginIp: { limit: 50, windowSeconds: 15 * 60, blockSeconds: 15 * 60 },
  resetEmail: { limit: 3, windowSeconds: 60 * 60, blockSeconds: 60 * 60 },
  resetIp: { limit: 20, windowSeconds: 60 * 60, blockSeconds: 60 * 60 },
  links: { limit: 20, windowSeconds: 15 * 60, blockSeconds: 15 * 60 },
  verify: { limit: 30, windowSeconds: 60 * 60, blockSeconds: 60 * 60 },
};

/** The table made by the migration (the library is told not to create it). */
const TABLE = 'rate_limit';

/** One throttle: a counter per key with a window and a block. */
export class Throttle {
  readonly name: ThrottleName;
  readonly rule: ThrottleRule;
  private readonly counter: RateLimiterPostgres;
  /** One point per key per block: the first refusal of a block is audited, the rest are not. */
  private readonly refusals: RateLimiterPostgres;

  constructor(name: ThrottleName, rule: ThrottleRule, pool: pg.Pool) {
    this.name = name;
    this.rule = rule;
    const common = { storeClient: pool, storeType: 'pool', tableName: TABLE, tableCreated: true };
    this.counter = new RateLimiterPostgres({ ...common, keyPrefix: name, points: rule.limit, duration: rule.windowSeconds });
    this.refusals = new RateLimiterPostgres({ ...common, keyPrefix: `${name}.refused`, points: 1, duration: rule.blockSeconds, clearExpiredByTimeout: false });
  }

  /** Seconds until the key may be used again, or 0; counts nothing. */
  async retryAfter(key: string): Promise<number> {
    const res = await this.counter.get(key);
    return res && res.consumedPoints >= this.rule.limit ? seconds(res.msBeforeNext) : 0;
  }

  /**
   * Counts one hit on the key. `allowed` is false once the limit was already reached (the caller
   * refuses the request); `retryAfter` is the wait now imposed, which the hit reaching the limit
   * starts (that hit itself is still allowed).
   */
  async hit(key: string): Promise<{ allowed: boolean; retryAfter: number }> {
    let res: RateLimiterRes;
    try {
      res = await this.counter.consume(key);
    } catch (err) {
      if (err instanceof RateLimiterRes) return { allowed: false, retryAfter: seconds(err.msBeforeNext) };
      throw err;
    }
    if (res.consumedPoints < this.rule.limit) return { allowed: true, retryAfter: 0 };
    // The limit is reached: block for the full block time, however late in the window.
    if (res.msBeforeNext < this.rule.blockSeconds * 1000) await this.counter.block(key, this.rule.blockSeconds);
    return { allowed: true, retryAfter: Math.max(this.rule.blockSeconds, seconds(res.msBeforeNext)) };
  }

  /** Forgets the key (a successful sign-in clears its pair). */
  async clear(key: string): Promise<void> {
    await this.counter.delete(key);
  }

  /** True for the first refusal of the key in a block, so that a flood writes one audit event. */
  async firstRefusal(key: string): Promise<boolean> {
    try {
      await this.refusals.consume(key);
      return true;
    } catch (err) {
      if (err instanceof RateLimiterRes) return false;
      throw err;
    }
  }
}

/** All the throttles, built once per API process over the given pool. */
export class Throttles {
  readonly loginPair: Throttle;
  readonly loginIp: Throttle;
  readonly resetEmail: Throttle;
  readonly resetIp: Throttle;
  readonly links: Throttle;
  readonly verify: Throttle;

  constructor(pool: pg.Pool, policy: Partial<ThrottlePolicy> = {}) {
    const rule = (name: ThrottleName) => new Throttle(name, { ...DEFAULT_THROTTLE[name], ...policy[name] }, pool);
    this.loginPair = rule('loginPair');
    this.loginIp = rule('loginIp');
    this.resetEmail = rule('resetEmail');
    this.resetIp = rule('resetIp');
    this.links = rule('links');
    this.verify = rule('verify');
  }
}

/** The key of the sign-in pair throttle. */
export const loginPairKey = (email: string, address: string): string => `${email.toLowerCase()}|${address}`;

/**
 * The throttle key of a client address: an IPv4 address as it is, an IPv6 address by its /64
 * network (what one subscriber is usually given, so that rotating through it escapes nothing).
 */
export function addressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  const [head = '', tail] = ip.split('%')[0]!.split('::');
  const before = head ? head.split(':') : [];
  const after = tail ? tail.split(':') : [];
  const groups = tail === undefined ? before : [...before, ...Array<string>(Math.max(0, 8 - before.length - after.length)).fill('0'), ...after];
  return `${groups.slice(0, 4).map((g) => (parseInt(g, 16) || 0).toString(16)).join(':')}::/64`;
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** 429 with Retry-After. */
export function tooManyRequests(retryAfter: number, message: string): AppError {
  return new AppError('too_many_attempts', message, { headers: { 'Retry-After': String(retryAfter) } });
}

/**
 * Records a refusal by a throttle, once per key and block, after the answer: a flood of refused
 * anonymous requests neither waits for nor queues on the audit trail's lock, and writes one event.
 */
export function auditRefusal(deps: { orm: { em: EntityManager } }, req: Request, throttle: Throttle, key: string, action: string, data: Record<string, unknown>): void {
  const ip = req.ip ?? null;
  const userAgent = req.get('user-agent') ?? null;
  afterResponse(req, `recording a refusal by the ${throttle.name} throttle`, async () => {
    if (!(await throttle.firstRefusal(key))) return;
    await recordAudit(deps.orm.em.fork(), { action, actor: null, ip, userAgent, data: { ...data, throttle: throttle.name } });
  });
}

/** Where the routes that take a secret link live (`linkThrottle` is mounted on them). */
export const LINK_PATHS = ['/api/invitations', '/api/sign', '/api/auth/password-reset/complete'];

/**
 * Guards routes that take a secret link (invitations, password reset, signing): an IP that sent
 * too many unknown, used or expired links is refused with 429 before the link is looked up. A
 * route answers such a link with 404 `link_invalid`, which counts one failure for the IP.
 */
export function linkThrottle(deps: { orm: { em: EntityManager }; logger: Logger; throttles: Throttles }): RequestHandler {
  const { links } = deps.throttles;
  return (req, res, next) => {
    const ip = addressKey(req.ip);
    links.retryAfter(ip).then((wait) => {
      if (wait > 0) {
        auditRefusal(deps, req, links, ip, 'link.throttled', { path: req.baseUrl });
        next(tooManyRequests(wait, 'Too many invalid links from this address; try again later'));
        return;
      }
      res.on('finish', () => {
        if (res.statusCode !== 404) return;
        links.hit(ip).catch((err: unknown) => deps.logger.error({ err }, 'could not count an invalid link'));
      });
      next();
    }, next);
  };
}
