import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeUser, PASSWORD } from '../support/fixtures.ts';
import { OPENAPI_FILE, openApiText } from '../../web-api/openapi-routes.ts';

let app: TestApp;
let admin: ApiClient;
// A real 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  app = await startTestApp();
  const u = await makeUser(app.deps.orm.em.fork(), 'admin');
  admin = new ApiClient(app.url);
  await admin.login(u.email, PASSWORD);
});
afterAll(async () => app?.close());

describe('branding', () => {
  it('an admin sets name and colour; every visitor gets them', async () => {
    const res = await admin.put('/api/admin/branding', { businessName: 'Northwind Studio', primaryColor: '#0F766E', emailFrom: 'hello@northwind.test' });
    expect(res.status).toBe(200);
    const anon = await new ApiClient(app.url).get('/api/branding');
    expect(anon.body).toMatchObject({ businessName: 'Northwind Studio', primaryColor: '#0f766e' });
  });

  it('names each bad field', async () => {
    const res = await admin.put('/api/admin/branding', { businessName: '', primaryColor: 'teal', emailFrom: 'nope' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['businessName', 'emailFrom', 'primaryColor']);
  });

  it('accepts a PNG logo and serves it back with nosniff', async () => {
    const up = await admin.put('/api/admin/branding/logo', undefined, { raw: PNG, headers: { 'content-type': 'image/png' } });
    expect(up.status).toBe(200);
    const logo = await fetch(app.url + up.body.branding.logoUrl);
    expect(logo.headers.get('content-type')).toBe('image/png');
    expect(logo.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await logo.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('refuses a logo over 512 KB with 413', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(600 * 1024)]);
    const res = await admin.put('/api/admin/branding/logo', undefined, { raw: big, headers: { 'content-type': 'image/png' } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('refuses content that is not an image with 415, whatever the claimed type', async () => {
    const html = Buffer.from('<svg onload="alert(1)"></svg>');
    const res = await admin.put('/api/admin/branding/logo', undefined, { raw: html, headers: { 'content-type': 'image/png' } });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });
});

describe('API description and health', () => {
  it('serves an OpenAPI document that covers the routes with their schemas', async () => {
    const doc = (await new ApiClient(app.url).get('/api/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/api/auth/login', '/api/home', '/api/accounts/{accountId}', '/api/engagements/{engagementId}/milestones/{milestoneId}/complete', '/readyz',
    ]));
    const login = doc.paths['/api/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
    expect(login.responses['429']).toBeDefined();
    // The running API describes itself exactly as the committed contract does (no route left out of it).
    expect(openApiText(doc as Record<string, unknown>), 'run npm run openapi:write').toBe(readFileSync(join(import.meta.dirname, '../..', OPENAPI_FILE), 'utf8'));
  });

  it('reports readiness of PostgreSQL and Temporal', async () => {
    const res = await fetch(`${app.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { postgres: 'ok', temporal: 'ok' } });
  });

  it('answers unknown API routes with the error shape', async () => {
    const res = await new ApiClient(app.url).get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'No such API route' } });
  });
});
