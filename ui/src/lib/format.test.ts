import { describe, expect, it } from 'vitest';
import { formatDate, formatInstant, initials, overdueLabel, percent, relativeTime } from './format.ts';

describe('format', () => {
  const now = new Date('2026-11-28T12:00:00Z');
  it('says how long ago in words, then falls back to the date', () => {
    expect(relativeTime('2026-11-28T11:59:50Z', now)).toBe('just now');
    expect(relativeTime('2026-11-28T11:55:00Z', now)).toBe('5 minutes ago');
    expect(relativeTime('2026-11-28T11:00:00Z', now)).toBe('1 hour ago');
    expect(relativeTime('2026-11-27T11:00:00Z', now)).toBe('yesterday');
    expect(relativeTime('2026-11-24T12:00:00Z', now)).toBe('4 days ago');
    expect(relativeTime('2026-10-01T12:00:00Z', now)).toBe('1 Oct 2026');
  });
  it('gives an absolute instant to the second with its time zone', () => {
    expect(formatInstant('2026-12-03T20:31:22.123Z', 'UTC')).toBe('3 Dec 2026, 20:31:22 UTC');
    expect(formatInstant('2026-12-03T20:31:22.123Z', 'Europe/Paris')).toBe('3 Dec 2026, 21:31:22 CET');
    expect(formatInstant('2026-07-03T20:31:22Z', 'America/New_York')).toBe('3 Jul 2026, 16:31:22 GMT-4');
    expect(formatInstant(null)).toBe('');
  });
  it('formats dates the British way', () => {
    expect(formatDate('2026-11-12T10:00:00Z')).toBe('12 Nov 2026');
    expect(formatDate(null)).toBe('');
  });
  it('says how long an item is overdue in whole days', () => {
    expect(overdueLabel(0)).toBe('Less than a day overdue');
    expect(overdueLabel(1)).toBe('1 day overdue');
    expect(overdueLabel(3)).toBe('3 days overdue');
  });
  it('rounds progress and survives an empty engagement', () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(0, 0)).toBe(0);
  });
  it('takes up to two initials', () => {
    expect(initials('Marcus  Reed')).toBe('MR');
    expect(initials('Priya Anand Shah')).toBe('PA');
  });
});
