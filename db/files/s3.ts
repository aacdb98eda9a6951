import { createHash, randomUUID } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client, S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { meterUpload, STORAGE_KEY, type FileStorage, type StoredObject } from './storage.ts';

/** Where and how to reach an S3-compatible bucket. */
export interface S3Settings {
  bucket: string;
  /** Unset: AWS itself; set for MinIO, Ceph, R2, Garage and the like. */
  endpoint: string | null;
  region: string;
  /** Unset: the SDK's default chain (environment, instance profile, web identity). */
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
  /** `bucket` in the path instead of the host name (most self-hosted servers need this). */
  forcePathStyle: boolean;
}

/** The largest object a single CopyObject may copy; bigger uploads are refused by the configuration. */
export const S3_COPY_LIMIT_BYTES = 5 * 1024 ** 3;

/** Multipart upload sizing: at most QUEUE × PART bytes of an upload are in memory at once. */
const PART_BYTES = 5 * 1024 * 1024;
const QUEUE = 2;

/**
 * Files in an S3-compatible bucket, content-addressed under `<sha256>` like LocalDiskStorage.
 * An upload streams (multipart, bounded memory) to a temporary key `tmp/<uuid>` while its hash,
 * size and type are checked; once complete it is read back and compared, and only then copied to
 * its final key and the temporary object deleted. A crash leaves at most a `tmp/` object, which a
 * bucket lifecycle rule expires; nothing partial ever appears under a content key.
 */
export class S3Storage implements FileStorage {
  readonly client: S3Client;
  readonly bucket: string;

  constructor(settings: S3Settings, client?: S3Client) {
    this.bucket = settings.bucket;
    this.client = client ?? new S3Client({
      region: settings.region,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      forcePathStyle: settings.forcePathStyle,
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
    });
  }

  async put(source: Readable, options: { maxBytes: number; check?: (head: Buffer) => void }): Promise<StoredObject> {
    // Plain ASCII (no escaping needed as a CopySource).
    const tmpKey = `tmp/${randomUUID()}`;
    const meter = meterUpload(options);
    const body = new PassThrough();
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: tmpKey, Body: body, ContentType: 'application/octet-stream' },
      partSize: PART_BYTES,
      queueSize: QUEUE,
      leavePartsOnError: false,
    });
    const uploaded = upload.done();
    // A failed upload stops reading the body: end the pipeline too rather than wait on it forever.
    uploaded.catch((err: Error) => body.destroy(err));
    try {
      try {
        await pipeline(source, meter.stream, body);
      } catch (err) {
        // The uploader reads the error from the body, aborts the multipart upload (its parts are
        // deleted) and settles; upload.abort() would settle at once and leave that to run later.
        body.destroy(err as Error);
        await uploaded.catch(() => undefined);
        throw err;
      }
      await uploaded;
      const { sha256, size, head } = meter.result();
      await this.verify(tmpKey, sha256, size);
      if (!(await this.exists(sha256, size))) {
        await this.client.send(new CopyObjectCommand({
          Bucket: this.bucket, Key: sha256, CopySource: `${this.bucket}/${tmpKey}`,
          ContentType: 'application/octet-stream', MetadataDirective: 'REPLACE',
        }));
      }
      await this.remove(tmpKey);
      return { key: sha256, sha256, size, head };
    } catch (err) {
      await uploaded.catch(() => undefined);
      await this.remove(tmpKey);
      // Drain what the client still sends so the refusal can be answered on the same connection.
      source.resume();
      throw err;
    }
  }

  async open(key: string): Promise<Readable | null> {
    if (!STORAGE_KEY.test(key)) return null;
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return res.Body as Readable;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  /** Reads the temporary object back: what the bucket holds is exactly what was received. */
  private async verify(key: string, sha256: string, size: number): Promise<void> {
    const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const hash = createHash('sha256');
    let read = 0;
    for await (const chunk of res.Body as Readable) {
      hash.update(chunk as Buffer);
      read += (chunk as Buffer).length;
    }
    if (read !== size || hash.digest('hex') !== sha256) throw new Error('The stored object does not match what was received');
  }

  /** Whether the content is already stored (the same bytes uploaded before). */
  private async exists(key: string, size: number): Promise<boolean> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength === size;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  private async remove(key: string): Promise<void> {
    // Deleting a key that is not there succeeds; any other failure leaves a tmp/ object for the lifecycle rule.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })).catch(() => undefined);
  }
}

function isMissing(err: unknown): boolean {
  return err instanceof S3ServiceException && (err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404);
}
