/** Template keys: lower-case letters, digits and dashes, at most 60 characters (the API's rule). */
const MAX = 60;

/** "Kick-off call!" → "kick-off-call"; the fallback when nothing usable is left. */
export function slugify(text: string, fallback = 'item'): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX - 4)
    .replace(/-+$/, '');
  return slug || fallback;
}

/** The base itself when free, else base-2, base-3…; the key is added to `taken`. */
export function uniqueKey(base: string, taken: Set<string>): string {
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
  taken.add(key);
  return key;
}

/** Whether a key is one the API accepts. */
export function isKey(key: string): boolean {
  return /^[a-z0-9][a-z0-9-]{0,59}$/.test(key);
}
