import { describe, expect, it } from 'vitest';
import { isKey, slugify, uniqueKey } from './keys.ts';

describe('slugify', () => {
  it('lower-cases and joins words with dashes', () => {
    expect(slugify('Kick-off call!')).toBe('kick-off-call');
    expect(slugify('  Upload   brand assets ')).toBe('upload-brand-assets');
  });
  it('drops accents and other scripts', () => {
    expect(slugify('Café résumé')).toBe('cafe-resume');
    expect(slugify('日本', 'phase')).toBe('phase');
  });
  it('falls back when nothing is left', () => {
    expect(slugify('', 'milestone')).toBe('milestone');
    expect(slugify('!!!')).toBe('item');
  });
  it('stays a valid key, with room for a suffix', () => {
    const s = slugify('a'.repeat(100));
    expect(s.length).toBeLessThanOrEqual(56);
    expect(isKey(s)).toBe(true);
    expect(isKey(slugify('x '.repeat(40)))).toBe(true);
  });
});

describe('uniqueKey', () => {
  it('numbers repeats and records what it hands out', () => {
    const taken = new Set(['intro']);
    expect(uniqueKey('intro', taken)).toBe('intro-2');
    expect(uniqueKey('intro', taken)).toBe('intro-3');
    expect(uniqueKey('other', taken)).toBe('other');
    expect([...taken]).toEqual(['intro', 'intro-2', 'intro-3', 'other']);
  });
});

describe('isKey', () => {
  it('follows the API rule', () => {
    expect(isKey('a-1')).toBe(true);
    expect(isKey('-a')).toBe(false);
    expect(isKey('A')).toBe(false);
    expect(isKey('')).toBe(false);
  });
});
