/**
 * Secrets (link tokens, one-time codes) out of everything people read: logs, audit data, the admin
 * outbox. Two layers: the exact secrets a writer declared (`enqueueEmail({ secrets })`), and, as a
 * net under that, the path segment after every route that carries a token in its URL.
 */

/** What a secret shows as. */
export const REDACTED = '••••';

/**
 * Paths whose next segment is a secret: the UI's `/invite/`, `/reset-password/` and `/sign/` pages,
 * and the API routes that take the same tokens (`/api/invitations/<token>`, `/api/sign/<token>/…`,
 * `/api/signed-copies/<token>`). Matched anywhere in a URL or a text, so a full link in an email
 * body is caught as well as a request path.
 */
const SECRET_PATH = /(\/(?:invite|invitations|reset-password|sign|signed-copies)\/)[^/?#\s"'<>]+/g;

/** Replaces the token segment of every secret-carrying path in `text` with `replacement`. */
export function redactSecretPaths(text: string, replacement = REDACTED): string {
  return text.replace(SECRET_PATH, (_m, prefix: string) => `${prefix}${replacement}`);
}

/** How a secret may appear in an HTML body besides as itself. */
const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Replaces every occurrence of each declared secret (and its HTML-escaped form) in `text`, then any
 * secret-carrying path the writer forgot to declare.
 */
export function redactSecrets(text: string, secrets: readonly string[] | null | undefined): string {
  let out = text;
  for (const secret of secrets ?? []) {
    // A very short "secret" would blank out ordinary words: writers declare tokens and codes only.
    if (secret.length < 4) continue;
    out = out.split(secret).join(REDACTED);
    const escaped = escapeHtml(secret);
    if (escaped !== secret) out = out.split(escaped).join(REDACTED);
  }
  return redactSecretPaths(out);
}
