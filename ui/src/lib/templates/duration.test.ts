import { describe, expect, it } from 'vitest';
import { daysToDuration, durationToDays, durationToText, formatDayList, formatDays, parseDayList, textToDuration } from './duration.ts';

describe('durations', () => {
  it('reads days and weeks', () => {
    expect(durationToDays('P5D')).toBe(5);
    expect(durationToDays('P2W')).toBe(14);
    expect(durationToDays('PT5H')).toBeNull();
    expect(durationToDays('5')).toBeNull();
  });
  it('writes days', () => {
    expect(daysToDuration(0)).toBe('P0D');
    expect(daysToDuration(12)).toBe('P12D');
  });
  it('turns into text and back', () => {
    expect(formatDays(1)).toBe('1 day');
    expect(formatDays(5)).toBe('5 days');
    expect(durationToText('P5D')).toBe('5 days');
    expect(durationToText('P1W')).toBe('7 days');
    expect(durationToText('P1M')).toBe('P1M');
    expect(textToDuration('5 days')).toBe('P5D');
    expect(textToDuration('1 day')).toBe('P1D');
    expect(textToDuration(' 3 ')).toBe('P3D');
    expect(textToDuration('three')).toBeNull();
    expect(textToDuration('-1')).toBeNull();
  });
  it('parses and formats comma-separated day lists', () => {
    expect(parseDayList('1, 3 ,7')).toEqual({ durations: ['P1D', 'P3D', 'P7D'], error: null });
    expect(parseDayList('')).toEqual({ durations: [], error: null });
    expect(parseDayList('1,, 2,')).toEqual({ durations: ['P1D', 'P2D'], error: null });
    expect(parseDayList('1, soon').error).toBe('"soon" is not a number of days');
    expect(formatDayList(['P1D', 'P1W'])).toBe('1, 7');
  });
});
