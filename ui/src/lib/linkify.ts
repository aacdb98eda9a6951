/** A run of plain text, or a link when `href` is set. */
export interface Segment {
  text: string;
  href?: string;
}

// http(s) only: a mail body can never turn into a `javascript:` link.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/g;
// Sentence punctuation right after a URL belongs to the sentence, not the link.
const TRAILING = /[.,;:!?)\]]+$/;
/** Paths whose next segment is a secret token (invitation, password reset, signing, signed copy). */
const SECRET_PATH = /\/(invite|invitations|reset-password|sign|signed-copies)\/([^/?#]+)/;
const REDACTED = '••••';

/**
 * Splits plain text (an email's text body) into text and link segments, so the outbox shows ordinary
 * links as real links without rendering any HTML. A link that carries a token (or that the API already
 * redacted) is never a link: it shows as `https://…/sign/••••`, so nobody can follow it from here.
 */
export function linkify(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_PATTERN)) {
    const url = m[0].replace(TRAILING, '');
    const start = m.index;
    if (start > last) out.push({ text: text.slice(last, start) });
    const secret = SECRET_PATH.exec(url);
    if (secret) out.push({ text: `${url.slice(0, url.indexOf('//') + 2)}…/${secret[1]}/${REDACTED}` });
    else if (url.includes(REDACTED)) out.push({ text: url });
    else out.push({ text: url, href: url });
    last = start + url.length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}
