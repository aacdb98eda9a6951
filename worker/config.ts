import { DEFAULT_DATABASE_URL } from '../db/orm.ts';
import { readSigningSettings, type SigningSettings } from '../domain/signing/sealer.ts';
import { DEVELOPMENT_SESSION_SECRET } from '../db/audit-checkpoint.ts';

/** Typed configuration of the worker process, read once. */
export interface WorkerConfig {
  databaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  taskQueue: string;
  smtpUrl: string | null;
  /** Base of links in reminder emails. */
  publicUrl: string;
  production: boolean;
  /** Folder of the local file storage: the same as the API's. */
  filesDir: string;
  /** The certificate sealed PDFs are signed with: a configured PKCS#12, or the generated one and its secret. */
  signing: SigningSettings;
  /**
   * How many workflows the worker keeps in memory between their tasks (Temporal's sticky cache). A
   * workflow not held must be replayed from its history at its next task. From the benchmark: about
   * 0.33 MiB of worker memory per cached workflow, so the default of 3,000 takes about 1 GiB.
   */
  maxCachedWorkflows: number;
  /** Where the worker serves Temporal's worker metrics in the Prometheus format (host:port), if anywhere. */
  metricsAddress: string | null;
  /** Automatic signed checkpoints of the audit chain, and the accounts' digests. */
  audit: {
    /** Opens the installation's signing key: PORTICO_AUDIT_SIGNING_KEY, else SESSION_SECRET (the API's). */
    signingSecret: string;
    checkpointEvery: number;
    checkpointIntervalMs: number;
    pollMs: number;
    digestSpacingMs: number;
  };
}

/**
 * The sticky cache's default size, measured rather than left to the SDK: the SDK sizes it from the
 * V8 heap limit, which follows the machine's memory, so the same load thrashed the cache on one
 * machine and not on another. 3,000 × 0.33 MiB ≈ 1 GiB (README, Benchmark).
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 3000;

/** A whole number ≥ `min` from the environment, or the default; anything else names the variable. */
function int(env: Record<string, string | undefined>, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number of at least ${min}, got "${raw}"`);
  return n;
}

export function loadWorkerConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  const production = env.NODE_ENV === 'production';
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (production && !smtpUrl) throw new Error('SMTP_URL is required in production');
  // The worker signs checkpoints with the key the API (and `npm run audit:checkpoint`) opens: the same secret.
  const signingSecret = env.PORTICO_AUDIT_SIGNING_KEY || env.SESSION_SECRET || (production ? '' : DEVELOPMENT_SESSION_SECRET);
  if (!signingSecret) throw new Error('SESSION_SECRET (or PORTICO_AUDIT_SIGNING_KEY) is required in production: the worker signs the audit checkpoints with the key it opens');
  return {
    databaseUrl: env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    temporalAddress: env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    temporalNamespace: env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'portico',
    smtpUrl,
    publicUrl: (env.PUBLIC_URL ?? 'http://localhost:3000').replace(/\/$/, ''),
    production,
    filesDir: env.PORTICO_FILES_DIR || new URL('../data/files', import.meta.url).pathname,
    signing: readSigningSettings(env),
    maxCachedWorkflows: int(env, 'PORTICO_WORKER_MAX_CACHED_WORKFLOWS', DEFAULT_MAX_CACHED_WORKFLOWS, 2),
    metricsAddress: env.PORTICO_WORKER_METRICS_ADDRESS?.trim() || null,
    audit: {
      signingSecret,
      checkpointEvery: int(env, 'PORTICO_AUDIT_CHECKPOINT_EVERY', 1000, 1),
      checkpointIntervalMs: int(env, 'PORTICO_AUDIT_CHECKPOINT_INTERVAL_MS', 3_600_000, 1),
      pollMs: int(env, 'PORTICO_AUDIT_CHECKPOINT_POLL_MS', 10_000, 100),
      digestSpacingMs: int(env, 'PORTICO_AUDIT_DIGEST_SPACING_MS', 86_400_000, 0),
    },
  };
}
