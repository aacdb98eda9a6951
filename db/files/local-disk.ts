import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileTooLargeError, HEAD_BYTES, type FileStorage, type StoredObject } from './storage.ts';

const KEY = /^[0-9a-f]{64}$/;

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
    const meter = new Transform({
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
    try {
      await pipeline(source, meter, createWriteStream(tmp, { flags: 'wx' }));
      const handle = await open(tmp, 'r+');
      try { await handle.sync(); } finally { await handle.close(); }
      const sha256 = hash.digest('hex');
      // Read back and compare: what is on disk is what was received.
      const onDisk = createHash('sha256');
      await pipeline(createReadStream(tmp), onDisk);
      if (onDisk.digest('hex') !== sha256) throw new Error('The stored file does not match what was received');
      const target = this.path(sha256);
      await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
      await rename(tmp, target);
      return { key: sha256, sha256, size, head: Buffer.concat(headChunks) };
    } catch (err) {
      await rm(tmp, { force: true });
      // Drain what the client still sends so the refusal can be answered on the same connection.
      source.resume();
      throw err;
    }
  }

  async open(key: string): Promise<Readable | null> {
    if (!KEY.test(key)) return null;
    const path = this.path(key);
    try {
      await stat(path);
    } catch {
      return null;
    }
    return createReadStream(path);
  }
}
