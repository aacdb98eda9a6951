import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3Settings } from '../../db/files/s3.ts';

/**
 * A local S3-compatible server (s3rver, MIT) on a free loopback port, with one bucket, its data in a
 * temporary folder removed on close. Good for the S3 API the storage uses: multipart uploads,
 * copies, reads, deletes and listings.
 */
export async function startS3Server(bucket = 'portico-test'): Promise<{ settings: S3Settings; close(): Promise<void> }> {
  const directory = mkdtempSync(join(tmpdir(), 'portico-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    settings: {
      bucket, endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', forcePathStyle: true,
      // s3rver's fixed credentials.
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    },
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
