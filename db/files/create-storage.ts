import { LocalDiskStorage } from './local-disk.ts';
import { S3_COPY_LIMIT_BYTES, S3Storage, type S3Settings } from './s3.ts';
import type { FileStorage } from './storage.ts';

/** Which storage keeps uploaded files: a folder on local disk, or an S3-compatible bucket. */
export type StorageSettings = { kind: 'local'; dir: string } | ({ kind: 's3' } & S3Settings);

/** Builds the configured storage (the API's, and any process that reads or writes files). */
export function createFileStorage(settings: StorageSettings): FileStorage {
  return settings.kind === 's3' ? new S3Storage(settings) : new LocalDiskStorage(settings.dir);
}

/**
 * Reads PORTICO_STORAGE=local (default: `filesDir`) or s3 with the S3_* variables; throws naming a
 * missing or contradictory one. Every process that touches file contents (API, worker) reads the same.
 */
export function readStorageSettings(env: Record<string, string | undefined>, filesDir: string, uploadMaxBytes: number): StorageSettings {
  const kind = env.PORTICO_STORAGE?.trim() || 'local';
  if (kind === 'local') return { kind, dir: filesDir };
  if (kind !== 's3') throw new Error(`PORTICO_STORAGE must be "local" or "s3", got "${kind}"`);
  const bucket = env.S3_BUCKET?.trim();
  if (!bucket) throw new Error('S3_BUCKET is required when PORTICO_STORAGE=s3');
  const endpoint = env.S3_ENDPOINT?.trim() || null;
  if (endpoint) {
    try {
      new URL(endpoint);
    } catch {
      throw new Error(`S3_ENDPOINT must be an absolute URL, got "${endpoint}"`);
    }
  }
  const accessKeyId = env.S3_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY?.trim();
  if (!!accessKeyId !== !!secretAccessKey) throw new Error('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together (or neither, for the default credential chain)');
  const pathStyle = env.S3_FORCE_PATH_STYLE?.trim() || 'false';
  if (pathStyle !== 'true' && pathStyle !== 'false') throw new Error(`S3_FORCE_PATH_STYLE must be true or false, got "${pathStyle}"`);
  // An upload reaches its final key by a server-side copy, which S3 allows up to 5 GiB.
  if (uploadMaxBytes > S3_COPY_LIMIT_BYTES) throw new Error('PORTICO_UPLOAD_MAX_BYTES may be at most 5 GiB (5368709120) with PORTICO_STORAGE=s3');
  return {
    kind, bucket, endpoint, region: env.S3_REGION?.trim() || 'us-east-1',
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : null,
    forcePathStyle: pathStyle === 'true',
  };
}
