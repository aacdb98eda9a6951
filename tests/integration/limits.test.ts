/**
 * Limits before reading, no session rows for anonymous visitors, and no caching of API answers.
 */
import { once } from 'node:events';
import { connect } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';

const UPLOAD_MAX = 1024 * 1024;
const JSON_LIMIT = 100 * 1024;
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ env: { PORTICO_UPLOAD_MAX_BYTES: String(UPLOAD_MAX) } });
});
afterAll(async () => app?.close());

interface Exchange { status: number; head: string; closed: boolean; sentBeforeAnswer: number; ms: number }

/**
 * Sends a request over a raw socket: a declared Content-Length with only a few bytes of body, or a
 * chunked body streamed until the server answers (at most `streamMax` bytes). Resolves once the
 * server closed the connection, or after five seconds.
 */
async function exchange(path: string, headers: Record<string, string>, body: { tiny: string } | { streamMax: number }): Promise<Exchange> {
  const socket = connect(Number(new URL(app.url).port), '127.0.0.1');
  await once(socket, 'connect');
  const started = performance.now();
  let response = '';
  let sent = 0;
  let sentBeforeAnswer = -1;
  let closed = false;
  let answeredMs = -1;
  socket.on('data', (d: Buffer) => {
    response += d.toString('latin1');
    if (sentBeforeAnswer < 0) { sentBeforeAnswer = sent; answeredMs = performance.now() - started; }
  });
  socket.on('error', () => { /* the server may reset a connection that still sends */ });
  const closing = new Promise<void>((resolve) => socket.once('close', () => { closed = true; resolve(); }));
  const head = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
  socket.write(head);
  if ('tiny' in body) {
    socket.write(body.tiny);
    sent = body.tiny.length;
  } else {
    const chunk = Buffer.concat([Buffer.from(`${(64 * 1024).toString(16)}\r\n`), Buffer.alloc(64 * 1024, 0x20), Buffer.from('\r\n')]);
    while (!closed && sentBeforeAnswer < 0 && sent < body.streamMax) {
      sent += 64 * 1024;
      if (!socket.write(chunk)) await Promise.race([once(socket, 'drain').catch(() => undefined), closing]);
    }
  }
  await Promise.race([closing, new Promise((r) => setTimeout(r, 5_000))]);
  socket.destroy();
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);
  return { status, head: response.split('\r\n\r\n')[0] ?? '', closed, sentBeforeAnswer, ms: answeredMs };
}

/** A cookie and CSRF token of an anonymous visitor, for raw requests past the CSRF check. */
async function anonymous(): Promise<Record<string, string>> {
  const c = new ApiClient(app.url);
  await c.session();
  return { cookie: c.csrfCookie, 'x-csrf-token': c.csrf };
}

describe('limits before reading (413)', () => {
  it('answers a JSON body declared at 300 MB at once and closes the connection without reading it', async () => {
    const r = await exchange('/api/auth/password-reset/request', { 'Content-Type': 'application/json', 'Content-Length': String(300 * 1024 * 1024) }, { tiny: '{"email":"a@' });
    expect(r.status).toBe(413);
    expect(r.head).toMatch(/\r\nconnection: close/i);
    expect(r.closed).toBe(true);
    expect(r.ms).toBeLessThan(2_000);
  });

  it('answers a streamed JSON body (no Content-Length) once it passes 100 kB, and closes the connection', async () => {
    const r = await exchange('/api/auth/login', { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }, { streamMax: 50 * 1024 * 1024 });
    expect(r.status).toBe(413);
    expect(r.closed).toBe(true);
    // Answered within a few chunks of the limit, not after the whole stream.
    expect(r.sentBeforeAnswer).toBeLessThan(JSON_LIMIT + 8 * 1024 * 1024);
  });

  it('answers /api/verify over the upload limit from Content-Length, before reading', async () => {
    const r = await exchange('/api/verify', { ...(await anonymous()), 'Content-Type': 'application/pdf', 'Content-Length': String(300 * 1024 * 1024) }, { tiny: '%PDF-1.7\n' });
    expect(r.status).toBe(413);
    expect(r.closed).toBe(true);
    expect(r.ms).toBeLessThan(2_000);
  });

  it('answers /api/verify streamed past the upload limit with 413 and closes the connection', async () => {
    const r = await exchange('/api/verify', { ...(await anonymous()), 'Content-Type': 'application/pdf', 'Transfer-Encoding': 'chunked' }, { streamMax: 100 * 1024 * 1024 });
    expect(r.status).toBe(413);
    expect(r.closed).toBe(true);
    expect(r.sentBeforeAnswer).toBeLessThan(UPLOAD_MAX + 8 * 1024 * 1024);
  });

  it('still reads JSON bodies under the limit, refuses invalid JSON and other charsets', async () => {
    const c = new ApiClient(app.url);
    await c.session();
    expect((await c.post('/api/auth/login', { email: 'nobody-limits@example.test', password: 'x'.repeat(50) })).status).toBe(401);
    expect((await c.post('/api/auth/login', '"just a string"', { headers: { 'content-type': 'application/json' } })).body.error.code).toBe('invalid_json');
    const latin1 = await c.post('/api/auth/login', '{}', { headers: { 'content-type': 'application/json; charset=latin1' } });
    expect(latin1.status).toBe(415);
    const verify = await c.post('/api/verify', undefined, { raw: Buffer.from('%PDF-1.7\nnot sealed here\n%%EOF\n'), headers: { 'content-type': 'application/pdf' } });
    expect(verify.status).toBe(200);
    expect(verify.body.match).toBe(false);
  });
});

describe('anonymous visitors store nothing (GET /api/session)', () => {
  const anonymousRows = async () => Number((await app.deps.orm.em.getConnection().execute<{ n: string }[]>(
    `select count(*) as n from session where sess->'passport' is null and sess->'signingGrant' is null`))[0]!.n);

  it('answers a cookieless GET /api/session with a token and no session cookie or row', async () => {
    const before = await anonymousRows();
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${app.url}/api/session`);
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie().some((c) => /portico\.sid=/.test(c))).toBe(false);
    }
    expect(await anonymousRows()).toBe(before);
  });

  it("accepts the anonymous token with its cookie, and refuses it without the cookie or with another visitor's", async () => {
    const c = new ApiClient(app.url);
    await c.session();
    expect(c.csrfCookie).toMatch(/^portico\.csrf=/);
    expect((await c.post('/api/auth/login', { email: 'nobody-limits@example.test', password: 'wrong password' })).status).toBe(401);
    const noCookie = new ApiClient(app.url);
    noCookie.csrf = c.csrf;
    expect((await noCookie.post('/api/auth/login', { email: 'nobody-limits@example.test', password: 'wrong password' })).status).toBe(403);
    const other = new ApiClient(app.url);
    await other.session();
    other.csrf = c.csrf;
    expect((await other.post('/api/auth/login', { email: 'nobody-limits@example.test', password: 'wrong password' })).status).toBe(403);
    const forged = new ApiClient(app.url);
    forged.csrfCookie = `portico.csrf=${randomBytes(32).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
    forged.csrf = forged.csrfCookie.split('=')[1]!;
    expect((await forged.post('/api/auth/login', { email: 'nobody-limits@example.test', password: 'wrong password' })).status).toBe(403);
  });

  it('stores no session at sign-out either', async () => {
    const world = await makeWorld(app.deps.orm.em.fork());
    const c = new ApiClient(app.url);
    expect((await c.login(world.users.memberA.email, PASSWORD)).status).toBe(200);
    const before = await anonymousRows();
    const out = await c.post('/api/auth/logout');
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().some((x) => /portico\.sid=/.test(x))).toBe(false);
    expect(await anonymousRows()).toBe(before);
    // The token answered works for signing in again.
    c.cookie = '';
    expect((await c.post('/api/auth/login', { email: world.users.memberA.email, password: PASSWORD })).status).toBe(200);
  });
});

describe('Cache-Control: no-store', () => {
  it('is on every signed-in API answer and download, whatever the route and status', async () => {
    const world = await makeWorld(app.deps.orm.em.fork());
    const admin = new ApiClient(app.url);
    expect((await admin.login(world.users.admin.email, PASSWORD)).status).toBe(200);
    const member = new ApiClient(app.url);
    expect((await member.login(world.users.memberA.email, PASSWORD)).status).toBe(200);

    // A real download: a library file uploaded and fetched back.
    const up = await member.post(`/api/accounts/${world.a.id}/library/files?name=${encodeURIComponent('notes.pdf')}`, undefined, {
      raw: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x41), Buffer.from('\n%%EOF\n')]), headers: { 'content-type': 'application/octet-stream' },
    });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const dl = await fetch(`${app.url}/api/library/files/${up.body.file.id}/versions/1/download`, { headers: { cookie: member.cookie } });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('cache-control')).toMatch(/no-store/);
    // A page image: a template's PDF rendered for placing fields.
    const pdf = await PDFDocument.create();
    pdf.addPage([612, 792]);
    const tpl = await admin.post('/api/template-files?name=page.pdf', undefined, { raw: Buffer.from(await pdf.save()), headers: { 'content-type': 'application/pdf' } });
    expect(tpl.status, JSON.stringify(tpl.body)).toBe(201);
    const page = await fetch(`${app.url}/api/template-files/${tpl.body.file.sha256}/pages/1?w=200`, { headers: { cookie: admin.cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toMatch(/no-store/);

    // Every GET route of the OpenAPI document, its ids filled in at random: found or not, allowed
    // or not, the answer is never kept by a cache. The public logo is the one exception.
    const doc = (await admin.get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const paths = Object.entries(doc.paths).filter(([p, ops]) => p.startsWith('/api/') && 'get' in ops).map(([p]) => p);
    expect(paths.length).toBeGreaterThan(30);
    const checked: string[] = [];
    for (const path of paths) {
      if (path === '/api/branding/logo' || path === '/api/openapi.json') continue;
      const url = path.replace(/\{(\w+)\}|:(\w+)/g, (_m, a: string | undefined, b: string | undefined) => {
        const name = a ?? b ?? '';
        if (/sha256/i.test(name)) return 'a'.repeat(64);
        if (/page|version|number/i.test(name)) return '1';
        if (/token/i.test(name)) return randomBytes(24).toString('base64url');
        return randomUUID();
      });
      for (const c of [admin, member]) {
        const res = await fetch(app.url + url, { headers: { cookie: c.cookie } });
        expect(res.headers.get('cache-control') ?? '', `${url} → ${res.status}`).toMatch(/no-store/);
      }
      checked.push(path);
    }
    expect(checked.length).toBeGreaterThan(30);
  });
});
