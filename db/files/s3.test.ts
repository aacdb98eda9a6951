/**
 * The S3 storage against a real S3-compatible server (s3rver) on loopback: bytes and hash survive a
 * multipart round trip, a refused upload (too large, or a type the check refuses) leaves nothing in
 * the bucket, the same content is kept once, and an unknown key opens as null.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { S3Storage } from './s3.ts';
import { FileTooLargeError } from './storage.ts';
import { startS3Server } from '../../tests/support/s3-server.ts';

const MiB = 1024 * 1024;
let server: Awaited<ReturnType<typeof startS3Server>>;
let storage: S3Storage;

/** `total` bytes in 1 MiB chunks, never all in memory: a PDF header, then a pattern seeded by `seed`. */
function pdfStream(total: number, seed: number): { stream: Readable; sha256: string } {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  for (let sent = 0; sent < total; sent += MiB) {
    const chunk = Buffer.alloc(Math.min(MiB, total - sent), (sent / MiB + seed) % 251);
    if (sent === 0) chunk.write('%PDF-1.7\n');
    hash.update(chunk);
    chunks.push(chunk);
  }
  return { stream: Readable.from(chunks), sha256: hash.digest('hex') };
}

const keys = async () => ((await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket }))).Contents ?? []).map((o) => o.Key).sort();
/** The S3 operations the storage sent, in order (s3rver keeps no list of open multipart uploads to ask). */
const sent: string[] = [];
const pdfOnly = (head: Buffer) => { if (head.toString('latin1', 0, 5) !== '%PDF-') throw new Error('not a PDF'); };

beforeAll(async () => {
  server = await startS3Server();
  storage = new S3Storage(server.settings);
  storage.client.middlewareStack.add((next, context) => (args) => { sent.push(context.commandName ?? '?'); return next(args); }, { step: 'initialize' });
});
afterAll(async () => server?.close());

describe('S3 storage', () => {
  let first: string;

  it('streams a multipart upload to its SHA-256 key and reads back the same bytes', async () => {
    const { stream, sha256 } = pdfStream(12 * MiB + 123, 1);
    const stored = await storage.put(stream, { maxBytes: 20 * MiB, check: pdfOnly });
    expect(stored).toMatchObject({ key: sha256, sha256, size: 12 * MiB + 123 });
    expect(stored.head.toString('latin1', 0, 5)).toBe('%PDF-');
    first = sha256;

    const back = await storage.open(stored.key);
    expect(back).not.toBeNull();
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of back!) { hash.update(chunk as Buffer); size += (chunk as Buffer).length; }
    expect(size).toBe(12 * MiB + 123);
    expect(hash.digest('hex')).toBe(sha256);
    // Only the final key: the temporary object is gone.
    expect(await keys()).toEqual([sha256]);
  }, 30_000);

  it('keeps the same content once', async () => {
    const { stream, sha256 } = pdfStream(12 * MiB + 123, 1);
    expect((await storage.put(stream, { maxBytes: 20 * MiB })).key).toBe(sha256);
    expect(await keys()).toEqual([first]);
  }, 30_000);

  it('refuses content over maxBytes and leaves no object or multipart upload behind', async () => {
    sent.length = 0;
    const { stream } = pdfStream(12 * MiB, 2);
    await expect(storage.put(stream, { maxBytes: 7 * MiB })).rejects.toBeInstanceOf(FileTooLargeError);
    // The first part had gone out; the multipart upload is aborted, not left to linger.
    expect(sent).toContain('CreateMultipartUploadCommand');
    expect(sent).toContain('AbortMultipartUploadCommand');
    expect(sent).not.toContain('CompleteMultipartUploadCommand');
    expect(sent).not.toContain('CopyObjectCommand');
    // Small enough for a single PUT that never starts: refused within the first chunk.
    await expect(storage.put(pdfStream(2 * MiB, 3).stream, { maxBytes: MiB / 2 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await keys()).toEqual([first]);
  }, 30_000);

  it('refuses content its check refuses and leaves nothing behind', async () => {
    sent.length = 0;
    const exe = Readable.from([Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(6 * MiB, 9)])]);
    await expect(storage.put(exe, { maxBytes: 20 * MiB, check: pdfOnly })).rejects.toThrow('not a PDF');
    const tiny = Readable.from([Buffer.from('MZ')]);
    await expect(storage.put(tiny, { maxBytes: 20 * MiB, check: pdfOnly })).rejects.toThrow('not a PDF');
    expect(await keys()).toEqual([first]);
    // Refused on the first bytes: no part and no object was ever written.
    expect(sent.filter((c) => /^(PutObject|UploadPart|CompleteMultipartUpload|CopyObject)Command$/.test(c))).toEqual([]);
  }, 30_000);

  it('opens an unknown or malformed key as null', async () => {
    expect(await storage.open('0'.repeat(64))).toBeNull();
    expect(await storage.open('../etc/passwd')).toBeNull();
    expect(await storage.open(`tmp/${'a'.repeat(36)}`)).toBeNull();
  });
});
