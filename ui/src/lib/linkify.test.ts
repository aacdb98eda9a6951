import { describe, expect, it } from 'vitest';
import { linkify } from './linkify.ts';

describe('linkify', () => {
  it('turns http(s) URLs into links and keeps the text around them', () => {
    expect(linkify('Accept: https://portal.example/invite/abc_123-x.\nThanks')).toEqual([
      { text: 'Accept: ' },
      { text: 'https://portal.example/invite/abc_123-x', href: 'https://portal.example/invite/abc_123-x' },
      { text: '.\nThanks' },
    ]);
  });

  it('leaves text without links alone and never links other schemes', () => {
    expect(linkify('Hello')).toEqual([{ text: 'Hello' }]);
    expect(linkify('javascript:alert(1) mailto:a@b.c')).toEqual([{ text: 'javascript:alert(1) mailto:a@b.c' }]);
    expect(linkify('')).toEqual([]);
  });

  it('finds several links, including one in parentheses', () => {
    const segs = linkify('(http://a.test/x) and http://b.test');
    expect(segs.filter((s) => s.href).map((s) => s.href)).toEqual(['http://a.test/x', 'http://b.test']);
    expect(segs.map((s) => s.text).join('')).toBe('(http://a.test/x) and http://b.test');
  });
});
