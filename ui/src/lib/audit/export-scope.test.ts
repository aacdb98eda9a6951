import { describe, expect, it } from 'vitest';
import { exportBody, localToInstant } from './export-scope.ts';

describe('evidence export scope', () => {
  it('turns local date fields into instants and leaves out what is empty', () => {
    const local = '2026-12-04T10:30';
    expect(localToInstant(local)).toBe(new Date(local).toISOString());
    expect(localToInstant('')).toBeUndefined();
    expect(localToInstant('not a time')).toBeUndefined();
    expect(exportBody({ engagementId: 'e', from: '', to: undefined })).toEqual({ engagementId: 'e' });
    expect(exportBody({ accountId: 'a', from: local, to: local })).toEqual({ accountId: 'a', from: new Date(local).toISOString(), to: new Date(local).toISOString() });
  });
});
