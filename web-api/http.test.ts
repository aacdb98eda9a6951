import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { fields, findBadText, route, textProblem } from './http.ts';
import { cleanFileName } from './services/files.ts';

describe('textProblem and findBadText', () => {
  it('refuse a NUL and an unpaired surrogate, and nothing else', () => {
    expect(textProblem('a\u0000b')).toBe('Must not contain a NUL character');
    for (const s of ['a\ud800b', '\udc00', 'end\ud83d']) expect(textProblem(s)).toBe('Must not contain an unpaired UTF-16 surrogate');
    for (const s of ['', 'Café 🎉', '\u202Eabc', '\uFFFD']) expect(textProblem(s)).toBeNull();
  });

  it('name the first bad string by its field path, keys included', () => {
    expect(findBadText({ title: 'ok', milestones: ['fine', { title: 'x\u0000' }] })).toEqual({ path: 'milestones.1.title', message: 'Must not contain a NUL character' });
    expect(findBadText({ ['k\ud800']: 1 })).toEqual({ path: 'k\uFFFD', message: 'Must not contain an unpaired UTF-16 surrogate' });
    expect(findBadText({ name: 'a\u0000' }, ['query'])?.path).toBe('query.name');
    expect(findBadText('\u0000')?.path).toBe('body');
    expect(findBadText({ n: 1, b: true, z: null, list: [1, 'ok'] })).toBeNull();
  });
});

describe('fields.uuid', () => {
  it('accepts either case and gives the lowercase id', () => {
    expect(fields.uuid.parse('0B5A4E2C-9F1D-4C3B-8A7E-6D5C4B3A2F10')).toBe('0b5a4e2c-9f1d-4c3b-8a7e-6d5c4b3a2f10');
    expect(fields.uuid.safeParse('not-an-id').success).toBe(false);
  });
});

describe('cleanFileName', () => {
  it('drops paths, C0 and C1 controls and bidi controls, and keeps the rest', () => {
    expect(cleanFileName('invoice\u202Efdp.bat')).toBe('invoicefdp.bat');
    expect(cleanFileName('../../etc/\u2066passwd\u2069')).toBe('passwd');
    expect(cleanFileName('a\u0000b\u0085c\u200E\u200F\u061C.pdf')).toBe('abc.pdf');
    expect(cleanFileName('lone\ud800.pdf')).toBe('lone\uFFFD.pdf');
    expect(cleanFileName('Café 🎉.pdf')).toBe('Café 🎉.pdf');
    expect(cleanFileName('\u202E')).toBe('upload');
    expect(cleanFileName('x'.repeat(300))).toHaveLength(255);
  });
});

describe('route() under test holds each JSON answer to its response schema', () => {
  async function answer(response: z.ZodType | undefined, out: unknown): Promise<{ status: number; body: unknown }> {
    const app = express();
    const router = express.Router();
    route(router, { method: 'get', path: `/check/${randomUUID()}`, tag: 't', auth: 'public', summary: 't', ...(response ? { response } : {}) }, () => out);
    app.use(router);
    app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => { res.status(500).json({ error: 'internal' }); });
    const path = (router.stack.at(-1)!.route as { path: string }).path;
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
      return { status: res.status, body: res.status === 204 ? null : await res.json() };
    } finally {
      server.close();
    }
  }

  it('sends an answer that matches', async () => {
    expect(await answer(z.strictObject({ id: z.string(), at: z.string() }), { id: 'a', at: new Date(0) })).toEqual({ status: 200, body: { id: 'a', at: '1970-01-01T00:00:00.000Z' } });
  });

  it('answers 500 for a wrong value, an undocumented field, JSON without a schema, or no answer where one is declared', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect((await answer(z.object({ n: z.number() }), { n: 'x' })).status).toBe(500);
      // A plain (non-strict) object too: the field the schema does not name is caught, however deep.
      expect((await answer(z.object({ list: z.array(z.object({ a: z.number() })) }), { list: [{ a: 1, secret: 'x' }] })).status).toBe(500);
      expect((await answer(undefined, { n: 1 })).status).toBe(500);
      expect((await answer(z.object({ n: z.number() }), undefined)).status).toBe(500);
      const logged = stderr.mock.calls.map((c) => String(c[0])).join('');
      expect(logged).toMatch(/Response check: GET \/check\/\S+ answered what its response schema refuses: .*"path":\["n"\]/);
      expect(logged).toMatch(/answered fields its response schema does not name: list\.0\.secret/);
      expect(logged).toMatch(/answered JSON but declares no response schema/);
      expect(logged).toMatch(/declares a JSON answer but sent none/);
    } finally {
      stderr.mockRestore();
    }
  });
});
