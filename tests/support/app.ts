import { mkdtempSync, rmSync } from 'node:fs';
import pg from 'pg';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { expect, inject } from 'vitest';
import { loadApiConfig, type ApiConfig } from '../../web-api/config.ts';
import { createAppDeps } from '../../web-api/bootstrap.ts';
import { createApp } from '../../web-api/app.ts';
import type { AppDeps } from '../../web-api/deps.ts';
import { DEFAULT_THROTTLE, type ThrottlePolicy } from '../../web-api/auth/throttle.ts';

export interface TestApp {
  url: string;
  deps: AppDeps;
  config: ApiConfig;
  close(): Promise<void>;
}

/** Starts the real API on a free port against the run's database and Temporal server. */
export async function startTestApp(opts: { env?: Record<string, string>; throttle?: Partial<ThrottlePolicy>; ui?: boolean; logStream?: { write(line: string): void } } = {}): Promise<TestApp> {
  // Each app keeps its uploads in a folder of its own, removed when it closes.
  const filesDir = mkdtempSync(join(tmpdir(), 'portico-files-'));
  const config = loadApiConfig({
    NODE_ENV: 'test',
    PORTICO_FILES_DIR: filesDir,
    DATABASE_URL: inject('databaseUrl'),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: inject('taskQueue'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    UI_DIR: opts.ui ? undefined as unknown as string : '',
    // A loaded test machine may take seconds to answer; tests of the deadline itself set their own.
    PORTICO_TEMPORAL_DEADLINE_MS: '15000',
    ...opts.env,
  });
  // Every test app shares 127.0.0.1 and the database, so the per-address throttles would count
  // the whole run's requests together; they are relaxed unless a test sets its own.
  const throttle = opts.throttle ?? { resetIp: { ...DEFAULT_THROTTLE.resetIp, limit: 100_000 }, links: { ...DEFAULT_THROTTLE.links, limit: 100_000 }, verify: { ...DEFAULT_THROTTLE.verify, limit: 100_000 } };
  const { deps, close } = await createAppDeps(config, { throttle, logStream: opts.logStream });
  const server: Server = createServer(createApp(deps));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  config.publicUrl = url;
  return {
    url, deps, config,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      // A close that takes long is a defect to find: say what the database is doing meanwhile.
      const slow = setTimeout(() => void reportSlowClose(config.databaseUrl), 30_000);
      try {
        await close();
      } finally {
        clearTimeout(slow);
      }
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

async function reportSlowClose(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query(`select pid, state, wait_event_type, wait_event, now() - xact_start as xact_age, left(query, 200) as query
      from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`);
    console.error('[test app] close() has taken 30 s; busy connections of the run database:', JSON.stringify(rows, null, 1));
  } finally {
    await client.end();
  }
}

/** A browser-like client: keeps the session cookie and sends the CSRF token on writes. */
export class ApiClient {
  /** The session cookie (`name=value`), once there is a session. */
  cookie = '';
  /** The anonymous CSRF cookie, for requests before there is a session. */
  csrfCookie = '';
  csrf = '';
  readonly baseUrl: string;
  readonly headers: Record<string, string>;

  constructor(baseUrl: string, headers: Record<string, string> = {}) {
    this.baseUrl = baseUrl;
    this.headers = headers;
  }

  async request(method: string, path: string, body?: unknown, extra: { headers?: Record<string, string>; raw?: Buffer } = {}): Promise<{ status: number; body: any; headers: Headers }> {
    if (method !== 'GET' && !this.csrf) await this.session();
    const headers: Record<string, string> = { ...this.headers, ...extra.headers };
    const cookies = [this.cookie, this.csrfCookie].filter(Boolean).join('; ');
    if (cookies) headers.cookie = cookies;
    if (method !== 'GET' && this.csrf) headers['x-csrf-token'] ??= this.csrf;
    let payload: BodyInit | undefined;
    if (extra.raw) payload = new Uint8Array(extra.raw);
    else if (body !== undefined) { headers['content-type'] ??= 'application/json'; payload = typeof body === 'string' ? body : JSON.stringify(body); }
    const res = await fetch(this.baseUrl + path, { method, headers, body: payload, redirect: 'manual' });
    const setCookie = res.headers.getSetCookie();
    for (const c of setCookie) {
      const pair = c.split(';')[0]!;
      if (/^(__Host-)?portico\.sid=/.test(pair)) this.cookie = pair;
      if (/^(__Host-)?portico\.csrf=/.test(pair)) this.csrfCookie = pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
    const json = parsed as { csrfToken?: string } | undefined;
    if (json && typeof json === 'object' && typeof json.csrfToken === 'string') this.csrf = json.csrfToken;
    return { status: res.status, body: parsed, headers: res.headers };
  }

  get(path: string) { return this.request('GET', path); }
  post(path: string, body?: unknown, extra?: { headers?: Record<string, string>; raw?: Buffer }) { return this.request('POST', path, body ?? {}, extra); }
  put(path: string, body?: unknown, extra?: { headers?: Record<string, string>; raw?: Buffer }) { return this.request('PUT', path, body, extra); }
  patch(path: string, body?: unknown) { return this.request('PATCH', path, body ?? {}); }
  session() { return this.request('GET', '/api/session'); }

  async login(email: string, password: string) {
    await this.session();
    return this.post('/api/auth/login', { email, password });
  }
}

/** Awaits an API answer and expects it to be a success, naming `what` and the body when it is not. */
export async function ok<T = any>(p: Promise<{ status: number; body: any }>, what: string): Promise<T> {
  const res = await p;
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body as T;
}
