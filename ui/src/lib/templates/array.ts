/**
 * Moves the entry at `index` one place up (-1) or down (1), in place; returns whether it moved
 * (not past either end).
 */
export function move<T>(list: T[], index: number, delta: -1 | 1): boolean {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return false;
  const [entry] = list.splice(index, 1) as [T];
  list.splice(to, 0, entry);
  return true;
}

/** The entries of a comma-separated list as typed: trimmed, empty ones left out. */
export function splitList(text: string): string[] {
  return text.split(',').map((entry) => entry.trim()).filter(Boolean);
}
