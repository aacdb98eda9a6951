// Upload benchmark: streams generated files of 10, 50 and 200 MB into an account's file library and
// reports the throughput and the API process's peak memory during each upload. Neither side holds
// a file in memory: the body is produced chunk by chunk as the request is sent.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const MB = 1024 * 1024;
const CHUNK = 64 * 1024;
const SIZES = (process.env.BENCH_UPLOAD_MB ?? '10,50,200').split(',').map(Number);

export interface UploadBenchResult { sizeMB: number; seconds: number; mbPerSecond: number; rssBeforeMiB: number; peakRssMiB: number; growthMiB: number }

/** VmRSS of a process in KiB (Linux /proc). */
function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** A PDF-looking body of `bytes`, generated as it is read: a header, then a pattern. */
function generatedBody(bytes: number): { stream: ReadableStream<Uint8Array>; sha256: () => string } {
  const hash = createHash('sha256');
  let sent = 0;
  const pattern = Buffer.alloc(CHUNK);
  for (let i = 0; i < CHUNK; i++) pattern[i] = (i * 31 + 7) & 0xff;
  const stream = new ReadableStream<Uint8Array>({
    pull(ctrl) {
      if (sent >= bytes) { ctrl.close(); return; }
      const n = Math.min(CHUNK, bytes - sent);
      const chunk = Buffer.from(pattern.subarray(0, n));
      if (sent === 0) chunk.write('%PDF-1.7\n');
      // Vary each chunk so the content is not one repeated block.
      chunk.writeUInt32BE(sent / CHUNK, n - 4);
      hash.update(chunk);
      sent += n;
      ctrl.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    },
  });
  return { stream, sha256: () => hash.digest('hex') };
}

/**
 * Uploads one generated file of `sizeMB` to the library of `accountId` while sampling the API's
 * resident memory every 10 ms; checks the server's SHA-256 against the one computed while sending.
 */
async function uploadOnce(base: string, session: { cookie: string; csrf: string }, accountId: string, apiPid: number, sizeMB: number): Promise<UploadBenchResult> {
  const rssBefore = rssKiB(apiPid);
  let peak = rssBefore;
  const sampler = setInterval(() => { peak = Math.max(peak, rssKiB(apiPid)); }, 10);
  const body = generatedBody(sizeMB * MB);
  const t0 = performance.now();
  try {
    const res = await fetch(`${base}/api/accounts/${accountId}/library/files?name=bench-${sizeMB}MB-${Date.now()}.pdf`, {
      method: 'POST', body: body.stream, duplex: 'half',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/octet-stream', 'content-length': String(sizeMB * MB) },
    } as RequestInit);
    const text = await res.text();
    if (res.status !== 201) throw new Error(`upload of ${sizeMB} MB: ${res.status} ${text}`);
    const seconds = (performance.now() - t0) / 1000;
    const stored = (JSON.parse(text) as { file: { sha256: string; size: number } }).file;
    if (stored.size !== sizeMB * MB || stored.sha256 !== body.sha256()) throw new Error(`upload of ${sizeMB} MB: stored content differs from what was sent`);
    peak = Math.max(peak, rssKiB(apiPid));
    return {
      sizeMB, seconds, mbPerSecond: sizeMB / seconds, rssBeforeMiB: rssBefore / 1024, peakRssMiB: peak / 1024, growthMiB: (peak - rssBefore) / 1024,
    };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * Uploads generated files of 10, 50 and 200 MB (BENCH_UPLOAD_MB overrides; after a 1 MB warm-up)
 * as the signed-in user and prints a markdown table: throughput, and the API's resident memory
 * before and at its peak during each upload. Streaming shows as a plateau: Node collects upload
 * buffers in batches (V8 lets some tens of MiB of garbage build up first), so the first uploads
 * raise the peak, and past that a 4× larger file raises it by no more than noise.
 * The API must accept uploads of the largest size (PORTICO_UPLOAD_MAX_BYTES).
 */
export async function benchUpload(opts: { base: string; session: { cookie: string; csrf: string }; accountId: string; apiPid: number }): Promise<UploadBenchResult[]> {
  const { base, session, accountId, apiPid } = opts;
  await uploadOnce(base, session, accountId, apiPid, 1);
  const results: UploadBenchResult[] = [];
  for (const size of SIZES) results.push(await uploadOnce(base, session, accountId, apiPid, size));
  console.log('\nLibrary uploads — generated files streamed to POST /api/accounts/:id/library/files (local disk storage), one at a time');
  console.log('| file | seconds | MB/s | API RSS before | API peak RSS during | growth |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(`| ${r.sizeMB} MB | ${r.seconds.toFixed(2)} | ${r.mbPerSecond.toFixed(0)} | ${r.rssBeforeMiB.toFixed(0)} MiB | ${r.peakRssMiB.toFixed(0)} MiB | ${r.growthMiB.toFixed(1)} MiB |`);
  }
  if (results.length >= 2) {
    const [prev, last] = results.slice(-2) as [UploadBenchResult, UploadBenchResult];
    // 16 MiB of slack for GC timing and socket buffers.
    const flat = last.peakRssMiB <= prev.peakRssMiB + 16;
    console.log(`memory does not grow with file size: ${flat ? 'yes' : 'NO'} — peak RSS ${prev.peakRssMiB.toFixed(0)} MiB during the ${prev.sizeMB} MB upload, ${last.peakRssMiB.toFixed(0)} MiB during the ${last.sizeMB} MB upload`);
  }
  return results;
}
