/**
 * Stripe's API for tests: stripe-mock (Stripe's own mock, which validates every request against
 * Stripe's OpenAPI spec and answers with fixture objects) behind a small recording proxy.
 *
 * stripe-mock keeps no state: it echoes some request fields in its answer (mode, URLs,
 * customer_email, client_reference_id) but not others (metadata, amounts, currency), gives every
 * call a new id and ignores Idempotency-Key. The proxy records each request as it was sent, so a
 * test can check the parameters and headers the adapter really put on the wire.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveStripeMock } from '../../scripts/lib/stripe-mock.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw form-encoded body, and it decoded (`line_items[0][quantity]` → '1'). */
  body: string;
  form: Record<string, string>;
  status: number;
  response: unknown;
}

export interface StripeMock {
  /** Where the adapter should send its requests (the recording proxy). */
  host: string;
  port: number;
  protocol: 'http';
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

async function spawnStripeMock(bin: string): Promise<{ child: ChildProcess; port: number }> {
  // Port 0 lets the system choose, so parallel runs never collide; stripe-mock prints the port it
  // got. HTTPS is on by default on a fixed port: move it to a free one on loopback too.
  const child = spawn(bin, ['-http-addr', '127.0.0.1:0', '-https-addr', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`stripe-mock did not start in 30 s:\n${out}`)); }, 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Listening for HTTP at address: [^\s]*:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`stripe-mock exited with ${code}:\n${out}`)); });
  });
}

function startRecordingProxy(upstreamPort: number, requests: RecordedRequest[]): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const upstream = httpRequest(
        { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          const answer: Buffer[] = [];
          up.on('data', (c: Buffer) => answer.push(c));
          up.on('end', () => {
            const text = Buffer.concat(answer).toString('utf8');
            let response: unknown = text;
            try { response = JSON.parse(text); } catch { /* not JSON: keep the text */ }
            requests.push({
              method: req.method ?? '', path: req.url ?? '', headers: req.headers,
              body: body.toString('utf8'), form: Object.fromEntries(new URLSearchParams(body.toString('utf8'))),
              status: up.statusCode ?? 0, response,
            });
            res.writeHead(up.statusCode ?? 502, up.headers);
            res.end(text);
          });
        },
      );
      upstream.on('error', (err) => { res.writeHead(502); res.end(String(err)); });
      upstream.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** Starts stripe-mock (building it first if needed, see scripts/lib/stripe-mock.ts) and the proxy. */
export async function startStripeMock(log: (msg: string) => void = () => {}): Promise<StripeMock> {
  const bin = await resolveStripeMock(log);
  const { child, port } = await spawnStripeMock(bin);
  const requests: RecordedRequest[] = [];
  let proxy: Server;
  try {
    proxy = await startRecordingProxy(port, requests);
  } catch (err) {
    child.kill('SIGTERM');
    throw err;
  }
  return {
    host: '127.0.0.1',
    port: (proxy.address() as AddressInfo).port,
    protocol: 'http',
    requests,
    async stop() {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
