import { describe, expect, it } from 'vitest';
import { fileTypesLabel, formatBytes } from './format.ts';

describe('file formatting', () => {
  it('sizes in bytes, KB and MB', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(900)).toBe('900 bytes');
    expect(formatBytes(34 * 1024 + 100)).toBe('34 KB');
    expect(formatBytes(2.5 * 1024 * 1024)).toBe('2.5 MB');
  });
  it('names accepted types as people say them', () => {
    expect(fileTypesLabel(['application/pdf'])).toBe('PDF');
    expect(fileTypesLabel(['application/pdf', 'image/png', 'image/jpeg'])).toBe('PDF, PNG or JPEG');
    expect(fileTypesLabel(['application/x-unknown'])).toBe('application/x-unknown');
  });
});
