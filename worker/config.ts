import { DEFAULT_DATABASE_URL } from '../db/orm.ts';
import { readSigningSettings, type SigningSettings } from '../activities/sealer.ts';

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
}

export function loadWorkerConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  const production = env.NODE_ENV === 'production';
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (production && !smtpUrl) throw new Error('SMTP_URL is required in production');
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
  };
}
