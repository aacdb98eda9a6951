import { describe, expect, it } from 'vitest';
import { brandProperties, contrast, inkOnWhite, parseHex, textOn } from './color.ts';

const WHITE = [255, 255, 255] as const;

describe('brand colour', () => {
  it('parses #rrggbb and #rgb and refuses the rest', () => {
    expect(parseHex('#2f5bd3')).toEqual([47, 91, 211]);
    expect(parseHex('#fff')).toEqual([255, 255, 255]);
    expect(parseHex('blue')).toBeNull();
    expect(parseHex('#12345')).toBeNull();
  });

  it('computes WCAG contrast ratios', () => {
    expect(contrast([0, 0, 0], WHITE)).toBeCloseTo(21, 5);
    expect(contrast(WHITE, WHITE)).toBe(1);
  });

  it('puts white text on dark brands and dark text on light ones, always at least 4.5:1', () => {
    expect(textOn('#2f5bd3')).toBe('#ffffff');
    expect(textOn('#ffd43b')).toBe('#111827');
    for (const hex of ['#2f5bd3', '#ffd43b', '#00ff00', '#808080', '#777777', '#767676', '#ff7f50', '#7fffd4', '#000000', '#ffffff']) {
      const bg = parseHex(hex)!;
      expect(contrast(bg, parseHex(textOn(hex))!), hex).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('darkens a light brand until links on white reach 4.5:1, and keeps a dark one as it is', () => {
    expect(inkOnWhite('#1f3f99')).toBe('#1f3f99');
    const ink = inkOnWhite('#ffd43b');
    expect(contrast(parseHex(ink)!, WHITE)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(parseHex(ink)!, WHITE)).toBeLessThan(5.2);
  });

  it('falls back to the default brand for a broken value', () => {
    expect(brandProperties('nope')['--brand']).toBe('#2f5bd3');
    expect(brandProperties('#ABCDEF')['--brand']).toBe('#abcdef');
  });
});
