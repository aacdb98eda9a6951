/**
 * Where uploaded bytes live. The database keeps what a file is (owner, name, type, hash); a
 * storage keeps its content under a key. Every adapter streams: no upload is held in memory.
 */
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';

export interface StoredObject {
  /** The storage key: the SHA-256 of the content, so the same bytes are kept once. */
  key: string;
  sha256: string;
  size: number;
  /** The first bytes of the content, for type sniffing. */
  head: Buffer;
}

export interface FileStorage {
  /**
   * Stores a stream. Refuses (and keeps nothing of) content over `maxBytes` with FileTooLargeError,
   * and content `check` refuses after seeing the first bytes.
   */
  put(source: Readable, options: { maxBytes: number; check?: (head: Buffer) => void }): Promise<StoredObject>;
  /** The content, or null when the key is unknown. */
  open(key: string): Promise<Readable | null>;
}

export class FileTooLargeError extends Error {
  override name = 'FileTooLargeError';
  readonly maxBytes: number;
  constructor(maxBytes: number) {
    super(`The file is larger than ${formatBytes(maxBytes)}`);
    this.maxBytes = maxBytes;
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

/** How many leading bytes `put` collects for sniffing. */
export const HEAD_BYTES = 8192;

/** A storage key: the SHA-256 of the content in lower-case hex. */
export const STORAGE_KEY = /^[0-9a-f]{64}$/;

/**
 * The checks every adapter makes while bytes pass: a running SHA-256 and size, refusal past
 * `maxBytes` (FileTooLargeError), and `check` run once on the first HEAD_BYTES (or on the whole
 * content when it is shorter). Pipe the upload through `stream`; read `result()` once it has ended.
 */
export function meterUpload({ maxBytes, check }: { maxBytes: number; check?: (head: Buffer) => void }): {
  stream: Transform;
  result(): Omit<StoredObject, 'key'>;
} {
  const hash = createHash('sha256');
  let size = 0;
  const headChunks: Buffer[] = [];
  let headSize = 0;
  let checked = false;
  const runCheck = () => {
    if (checked) return;
    checked = true;
    check?.(Buffer.concat(headChunks));
  };
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new FileTooLargeError(maxBytes));
      if (headSize < HEAD_BYTES) {
        headChunks.push(chunk.subarray(0, HEAD_BYTES - headSize));
        headSize += Math.min(chunk.length, HEAD_BYTES - headSize);
        if (headSize >= HEAD_BYTES) {
          try { runCheck(); } catch (err) { return done(err as Error); }
        }
      }
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      try { runCheck(); done(); } catch (err) { done(err as Error); }
    },
  });
  let digest: string | null = null;
  return {
    stream,
    result: () => ({ sha256: (digest ??= hash.digest('hex')), size, head: Buffer.concat(headChunks) }),
  };
}
