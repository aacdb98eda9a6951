import type { PDFFont } from 'pdf-lib';

/** Control characters (tabs, line feeds…) have no glyph: one space each, except that line breaks stay. */
export function cleanText(text: string, keepNewlines = false): string {
  const t = text.replace(/\r\n?/g, '\n').replace(keepNewlines ? /[\u0000-\u0009\u000b-\u001f\u007f]/g : /[\u0000-\u001f\u007f]/g, ' ');
  return keepNewlines ? t.split('\n').map((l) => l.trimEnd()).join('\n').trim() : t.replace(/\s+/g, ' ').trim();
}

/**
 * Greedy word wrap to `width` points; a word longer than a line (a hash, a user agent) is broken
 * between characters. Line breaks in `text` are kept.
 */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      // Hard-break a word wider than the line.
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        const chars = [...rest];
        let n = 1;
        while (n < chars.length && font.widthOfTextAtSize(chars.slice(0, n + 1).join(''), size) <= width) n++;
        lines.push(chars.slice(0, n).join(''));
        rest = chars.slice(n).join('');
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/** A font's vertical metrics per point of size: the full line box, and the part below the baseline. */
export function metrics(font: PDFFont): { height: number; descent: number } {
  const height = font.heightAtSize(1, { descender: true });
  return { height, descent: height - font.heightAtSize(1, { descender: false }) };
}

export interface FittedText {
  size: number;
  lines: string[];
  /** Distance between baselines, in points. */
  leading: number;
}

/**
 * The largest size (at most `maxSize`, at least `minSize`) at which `text` fits a `width` × `height`
 * box, on one line or, if `wrap`, on several. At the smallest size whatever does not fit is cut and
 * ends with an ellipsis, so the text never spills out of its box.
 */
export function fitText(text: string, font: PDFFont, width: number, height: number, opts: { maxSize: number; minSize?: number; wrap: boolean; lineGap?: number }): FittedText {
  const { height: lineHeight } = metrics(font);
  const gap = opts.lineGap ?? 0.15;
  const minSize = Math.min(opts.minSize ?? 4, opts.maxSize);
  const leading = (size: number) => size * (lineHeight + gap);
  const fits = (size: number, lines: string[]) =>
    lines.length * size * lineHeight + (lines.length - 1) * size * gap <= height + 1e-6 && lines.every((l) => font.widthOfTextAtSize(l, size) <= width + 1e-6);
  let size = Math.min(opts.maxSize, height / lineHeight);
  const single = font.widthOfTextAtSize(text, 1);
  if (!opts.wrap && single > 0) size = Math.min(size, width / single);
  size = Math.max(minSize, size);
  let lines = opts.wrap ? wrapText(text, font, size, width) : [text];
  // Step down a quarter point at a time: a few dozen layouts at most for a field.
  while (opts.wrap && !fits(size, lines) && size - 0.25 >= minSize) {
    size -= 0.25;
    lines = wrapText(text, font, size, width);
  }
  if (!fits(size, lines)) lines = truncate(lines, font, size, width, Math.max(1, Math.floor((height + size * gap) / leading(size))));
  return { size, lines, leading: leading(size) };
}

/** The first `maxLines` lines, the last of them cut to end with an ellipsis within `width`. */
function truncate(lines: string[], font: PDFFont, size: number, width: number, maxLines: number): string[] {
  const kept = lines.slice(0, maxLines);
  const last = kept.length - 1;
  if (lines.length <= maxLines && font.widthOfTextAtSize(kept[last] ?? '', size) <= width) return kept;
  const chars = [...(kept[last] ?? '')];
  while (chars.length && font.widthOfTextAtSize(`${chars.join('')}…`, size) > width) chars.pop();
  kept[last] = `${chars.join('').trimEnd()}…`;
  return kept;
}
