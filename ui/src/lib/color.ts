/**
 * Brand colour maths (WCAG 2.x relative luminance and contrast ratio), so an admin's colour
 * choice can never make text unreadable: button text flips between white and near-black, and
 * links use a darkened "ink" shade of the brand that reaches 4.5:1 on white.
 */

export type Rgb = readonly [number, number, number];

const WHITE: Rgb = [255, 255, 255];
const DARK_TEXT = '#111827';
const DARK: Rgb = [0x11, 0x18, 0x27];

/** `#rrggbb` (or `#rgb`) → RGB; anything else → null. */
export function parseHex(hex: string): Rgb | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG relative luminance, 0 (black) … 1 (white). */
export function luminance([r, g, b]: Rgb): number {
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio between two colours, 1 … 21. */
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * A text colour that reaches 4.5:1 on a background of `hex`: white where it does, else a soft
 * near-black, else pure black (white or black reaches at least 4.58:1 on any colour).
 */
export function textOn(hex: string): string {
  const c = parseHex(hex);
  if (!c) return '#ffffff';
  if (contrast(c, WHITE) >= 4.5) return '#ffffff';
  return contrast(c, DARK) >= 4.5 ? DARK_TEXT : '#000000';
}

/**
 * The brand colour itself if it already reaches `min`:1 against white, otherwise the lightest
 * darker shade of it that does (for links and text on white cards).
 */
export function inkOnWhite(hex: string, min = 4.5): string {
  const c = parseHex(hex);
  if (!c) return '#1f3f99';
  for (let k = 1; k >= 0; k -= 0.02) {
    const shade: Rgb = [c[0] * k, c[1] * k, c[2] * k];
    if (contrast(shade, WHITE) >= min) return toHex(shade);
  }
  return '#000000';
}

/** The CSS custom properties the stylesheet reads for the brand. */
export function brandProperties(hex: string): Record<'--brand' | '--brand-on' | '--brand-ink', string> {
  const valid = parseHex(hex) ? toHex(parseHex(hex)!) : '#2f5bd3';
  return { '--brand': valid, '--brand-on': textOn(valid), '--brand-ink': inkOnWhite(valid) };
}
