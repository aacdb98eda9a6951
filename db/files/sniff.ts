/**
 * The type of a file, decided by its first bytes — never by its name or the type a client claims.
 * Only the types the portal accepts are recognised; anything else is `null` and refused.
 */

const OOXML: [string, string][] = [
  ['word/', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xl/', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['ppt/', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
];

export const KNOWN_TYPES = [
  'application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/zip', 'text/plain', 'text/csv',
  ...OOXML.map(([, t]) => t),
  'application/vnd.oasis.opendocument.text', 'application/vnd.oasis.opendocument.spreadsheet',
] as const;

export function sniffType(head: Buffer): string | null {
  const ascii = (from: number, to: number) => head.toString('latin1', from, to);
  if (ascii(0, 5) === '%PDF-') return 'application/pdf';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) {
    // A zip; office documents announce themselves in the first entries.
    const text = head.toString('latin1');
    if (ascii(30, 38) === 'mimetype') {
      const odf = /application\/vnd\.oasis\.opendocument\.(text|spreadsheet)/.exec(ascii(38, 120));
      if (odf) return odf[0];
    }
    if (text.includes('[Content_Types].xml')) {
      for (const [dir, type] of OOXML) if (text.includes(dir)) return type;
    }
    return 'application/zip';
  }
  if (isText(head)) return 'text/plain';
  return null;
}

export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';

/** The image types a logo or a drawn signature may have, by the same bytes as `sniffType`; anything else (SVG, HTML) is `null`. */
export function sniffImage(buf: Buffer): ImageType | null {
  const type = sniffType(buf);
  return type === 'image/png' || type === 'image/jpeg' || type === 'image/webp' ? type : null;
}

/** UTF-8 without NUL bytes or other binary control characters (tabs, newlines and form feeds are fine). */
function isText(head: Buffer): boolean {
  if (head.length === 0) return false;
  for (const b of head) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return false;
  // The sample may end inside a multi-byte character: drop up to three trailing bytes of one.
  let end = head.length;
  for (let i = 0; i < 3 && end > 0 && (head[end - 1]! & 0xc0) === 0x80; i++) end--;
  if (end > 0 && head[end - 1]! >= 0xc0) end--;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a file of the sniffed type may go where `accept` lists media types. Text is text: a CSV
 * cannot be told from other text by its bytes, so `text/csv` accepts text whose name ends in .csv.
 */
export function isAccepted(sniffed: string | null, accept: readonly string[], name: string): boolean {
  if (!sniffed) return false;
  if (accept.includes(sniffed)) return true;
  return sniffed === 'text/plain' && accept.includes('text/csv') && /\.csv$/i.test(name);
}

/** The stored type: a text file accepted as CSV is served as CSV. */
export function storedType(sniffed: string, name: string): string {
  return sniffed === 'text/plain' && /\.csv$/i.test(name) ? 'text/csv' : sniffed;
}
