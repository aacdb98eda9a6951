import { describe, expect, it } from 'vitest';
import { fields, findBadText, textProblem } from './http.ts';
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
