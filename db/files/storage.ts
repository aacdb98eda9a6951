/**
 * Where uploaded bytes live. The database keeps what a file is (owner, name, type, hash); a
 * storage keeps its content under a key. Every adapter streams: no upload is held in memory.
 */
import type { Readable } from 'node:stream';

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
