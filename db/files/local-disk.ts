import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { meterUpload, STORAGE_KEY, type FileStorage, type StoredObject } from './storage.ts';

/**
 * Files on local disk, content-addressed: `<dir>/<first two hex digits>/<sha256>`. A write goes to
 * a temporary file in the same folder tree, is flushed to disk, its hash is checked, and only then
 * renamed into place: a crash leaves either the whole file or nothing under its key.
 */
export class LocalDiskStorage implements FileStorage {
  readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), key);
  }

  async put(source: Readable, { maxBytes, check }: { maxBytes: number; check?: (head: Buffer) => void }): Promise<StoredObject> {
    const tmpDir = join(this.dir, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${randomUUID()}.part`);
    const meter = meterUpload({ maxBytes, check });
    try {
      await pipeline(source, meter.stream, createWriteStream(tmp, { flags: 'wx' }));
      const handle = await open(tmp, 'r+');
      try { await handle.sync(); } finally { await handle.close(); }
      const { sha256, size, head } = meter.result();
      // Read back and compare: what is on disk is what was received.
      const onDisk = createHash('sha256');
      await pipeline(createReadStream(tmp), onDisk);
      if (onDisk.digest('hex') !== sha256) throw new Error('The stored file does not match what was received');
      const target = this.path(sha256);
      await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
      await rename(tmp, target);
      return { key: sha256, sha256, size, head };
    } catch (err) {
      await rm(tmp, { force: true });
      // Drain what the client still sends so the refusal can be answered on the same connection.
      source.resume();
      throw err;
    }
  }

  async open(key: string): Promise<Readable | null> {
    if (!STORAGE_KEY.test(key)) return null;
    const path = this.path(key);
    try {
      await stat(path);
    } catch {
      return null;
    }
    return createReadStream(path);
  }
}
