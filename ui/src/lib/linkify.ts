/** A run of plain text, or a link when `href` is set. */
export interface Segment {
  text: string;
  href?: string;
}

// http(s) only: a mail body can never turn into a `javascript:` link.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/g;
// Sentence punctuation right after a URL belongs to the sentence, not the link.
const TRAILING = /[.,;:!?)\]]+$/;

/**
 * Splits plain text (an email's text body) into text and link segments, so the outbox can show
 * invitation and reset links as real links without rendering any HTML.
 */
export function linkify(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_PATTERN)) {
    const url = m[0].replace(TRAILING, '');
    const start = m.index;
    if (start > last) out.push({ text: text.slice(last, start) });
    out.push({ text: url, href: url });
    last = start + url.length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}
