/** Durations in templates are ISO 8601 days ("P5D") or weeks ("P2W"); the editor works in days. */
import { splitList } from './array.ts';

/** Days in "P5D" or "P2W"; null when it is neither. */
export function durationToDays(d: string): number | null {
  const m = /^P(?:(\d+)W|(\d+)D)$/.exec(d.trim());
  if (!m) return null;
  return m[1] !== undefined ? Number(m[1]) * 7 : Number(m[2]);
}

export function daysToDuration(days: number): string {
  return `P${days}D`;
}

/** "1 day", "5 days". */
export function formatDays(days: number): string {
  return `${days} day${days === 1 ? '' : 's'}`;
}

/** "P5D" → "5 days", "P1W" → "7 days"; anything else is returned as is. */
export function durationToText(d: string): string {
  const days = durationToDays(d);
  return days === null ? d : formatDays(days);
}

/** "5 days", "1 day", "5" → "P5D"; null when it is not a whole number of days. */
export function textToDuration(text: string): string | null {
  const m = /^\s*(\d{1,3})(?:\s*days?)?\s*$/i.exec(text);
  return m ? daysToDuration(Number(m[1])) : null;
}

/** "1, 3" → ["P1D", "P3D"]; `error` names the first entry that is not a number of days. */
export function parseDayList(text: string): { durations: string[]; error: string | null } {
  const durations: string[] = [];
  for (const p of splitList(text)) {
    const d = textToDuration(p);
    if (!d) return { durations, error: `"${p}" is not a number of days` };
    durations.push(d);
  }
  return { durations, error: null };
}

/** ["P1D", "P1W"] → "1, 7". */
export function formatDayList(durations: string[]): string {
  return durations.map((d) => durationToDays(d) ?? d).join(', ');
}
