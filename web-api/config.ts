import { DEFAULT_DATABASE_URL } from '../db/orm.ts';
import { DEVELOPMENT_SESSION_SECRET } from '../db/audit-checkpoint.ts';
import { readStorageSettings, type StorageSettings } from '../db/files/create-storage.ts';

/** Typed configuration of the API process, read once at start-up; a bad value names its variable. */
export interface ApiConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  taskQueue: string;
  /** How long a request waits for Temporal before answering 202 (a queued change) or 503 (a decision). */
  temporalDeadlineMs: number;
  /** Secret used to sign session cookies. Required in production. */
  sessionSecret: string;
  /** Seals the audit signing key (PORTICO_AUDIT_SIGNING_KEY, else SESSION_SECRET). */
  auditSigningSecret: string;
  /** Public base URL, used in emailed links. */
  publicUrl: string;
  /** SMTP URL for nodemailer; unset keeps mail in the outbox (development only). */
  smtpUrl: string | null;
  /** express `trust proxy` setting: number of hops, or false. */
  trustProxy: number | false;
  /** Secure, `__Host-`-prefixed cookie. On in production. */
  secureCookies: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** How long a session read from the database serves this process's requests (changes end it at once); 0 turns the cache off. */
  sessionCacheMs: number;
  logLevel: string;
  uiDir: string | null;
  /** Length of a checklist "day" in ms (due dates, reminders). Real days unless shortened for demos and tests. */
  dayMs: number;
  /** Stripe Checkout, when both are set: the secret API key and the webhook endpoint's signing secret. */
  stripe: { secretKey: string; webhookSecret: string } | null;
  /** Folder of the local file storage (uploads). */
  filesDir: string;
  /** Largest upload accepted, in bytes (413 beyond). */
  uploadMaxBytes: number;
  /** Storage quota of an account's files in bytes, unless the account has its own. */
  accountQuotaBytes: number;
  /** Where file contents are kept: `filesDir` on local disk (default) or an S3-compatible bucket. */
  storage: StorageSettings;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/** 5 GiB: the storage quota of an account without one of its own. */
export const DEFAULT_ACCOUNT_QUOTA_BYTES = 5 * 1024 ** 3;

function int(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

function storageSettings(env: Env, filesDir: string, uploadMaxBytes: number): StorageSettings {
  try {
    return readStorageSettings(env, filesDir, uploadMaxBytes);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}

function stripeSettings(env: Env): { secretKey: string; webhookSecret: string } | null {
  const secretKey = env.STRIPE_SECRET_KEY?.trim();
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET?.trim();
  if (!secretKey && !webhookSecret) return null;
  if (!secretKey || !webhookSecret) throw new ConfigError('STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET must be set together (or neither: bank transfer only)');
  return { secretKey, webhookSecret };
}

/** Reads the API configuration from the environment. Throws ConfigError naming the variable at fault. */
export function loadApiConfig(env: Env = process.env): ApiConfig {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const production = nodeEnv === 'production';
  const sessionSecret = env.SESSION_SECRET ?? (production ? undefined : DEVELOPMENT_SESSION_SECRET);
  if (!sessionSecret) throw new ConfigError('SESSION_SECRET is required in production');
  if (production && sessionSecret.length < 32) throw new ConfigError('SESSION_SECRET must be at least 32 characters');
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (production && !smtpUrl) {
    throw new ConfigError('SMTP_URL is required in production (without it mail would only stay in the outbox)');
  }
  const port = int(env, 'PORT', 3000);
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute URL, got "${publicUrl}"`);
  }
  const filesDir = env.PORTICO_FILES_DIR || new URL('../data/files', import.meta.url).pathname;
  const uploadMaxBytes = int(env, 'PORTICO_UPLOAD_MAX_BYTES', 25 * 1024 * 1024) || 25 * 1024 * 1024;
  const trustRaw = env.TRUST_PROXY;
  const trustProxy = trustRaw === undefined || trustRaw === '' || trustRaw === 'false' ? false : int(env, 'TRUST_PROXY', 0);
  return {
    env: nodeEnv,
    port,
    host: env.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl: env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    temporalAddress: env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    temporalNamespace: env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'portico',
    temporalDeadlineMs: int(env, 'PORTICO_TEMPORAL_DEADLINE_MS', 4000) || 4000,
    sessionSecret,
    auditSigningSecret: env.PORTICO_AUDIT_SIGNING_KEY || sessionSecret,
    publicUrl,
    smtpUrl,
    trustProxy,
    secureCookies: env.SECURE_COOKIES ? env.SECURE_COOKIES === 'true' : production,
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 30),
    sessionAbsoluteHours: int(env, 'SESSION_ABSOLUTE_HOURS', 12),
    sessionCacheMs: int(env, 'PORTICO_SESSION_CACHE_MS', 10_000),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    uiDir: env.UI_DIR === '' ? null : (env.UI_DIR ?? new URL('../ui/build', import.meta.url).pathname),
    dayMs: int(env, 'PORTICO_DAY_MS', 86_400_000) || 86_400_000,
    stripe: stripeSettings(env),
    filesDir,
    uploadMaxBytes,
    accountQuotaBytes: int(env, 'PORTICO_ACCOUNT_QUOTA_BYTES', DEFAULT_ACCOUNT_QUOTA_BYTES),
    storage: storageSettings(env, filesDir, uploadMaxBytes),
  };
}
