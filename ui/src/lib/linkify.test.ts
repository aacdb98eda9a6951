import { describe, expect, it } from 'vitest';
import { linkify } from './linkify.ts';

describe('linkify', () => {
  it('turns http(s) URLs into links and keeps the text around them', () => {
    expect(linkify('Open: https://portal.example/documents/abc_123-x.\nThanks')).toEqual([
      { text: 'Open: ' },
      { text: 'https://portal.example/documents/abc_123-x', href: 'https://portal.example/documents/abc_123-x' },
      { text: '.\nThanks' },
    ]);
  });

  it('never links or shows a token: invitation, reset, signing and signed-copy links show redacted', () => {
    for (const [url, shown] of [
      ['https://portal.example/invite/abc_123-x', 'https://…/invite/••••'],
      ['https://portal.example/reset-password/abc_123-x', 'https://…/reset-password/••••'],
      ['http://portal.example/sign/abc_123-x', 'http://…/sign/••••'],
      ['https://portal.example/api/signed-copies/abc_123-x', 'https://…/signed-copies/••••'],
    ]) {
      expect(linkify(`Go: ${url}.`)).toEqual([{ text: 'Go: ' }, { text: shown }, { text: '.' }]);
    }
    // Already redacted by the API: text, not a dead link.
    expect(linkify('https://portal.example/welcome?t=••••')).toEqual([{ text: 'https://portal.example/welcome?t=••••' }]);
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
