import { describe, expect, it } from 'vitest';
import { csvCell, csvRecord, safeName, type EventLine } from './evidence-bundle.ts';

describe('evidence bundle CSV', () => {
  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}SUM(A1)`).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
  });

  it('writes a record per event, with the data text as stored', () => {
    const e: EventLine = {
      seq: 7, eventKey: 'k', occurredAt: '2026-12-04T10:00:00.000Z', action: 'review.decision', actorId: null, actorEmail: '=cmd@x.test',
      actorRole: 'client_member', accountId: null, targetType: null, targetId: null, ip: null, userAgent: null,
      data: '{"comment": "-1, too blue"}', prevHash: '0'.repeat(64), hash: 'f'.repeat(64),
    };
    expect(csvRecord(e)).toBe(`7,2026-12-04T10:00:00.000Z,k,review.decision,,'=cmd@x.test,client_member,,,,,,"{""comment"": ""-1, too blue""}",${'0'.repeat(64)},${'f'.repeat(64)}\r\n`);
  });

  it('keeps member names free of separators and control characters', () => {
    expect(safeName('../../etc/passwd', 'f')).toBe('etc passwd');
    expect(safeName('a\u202Eb\nc.pdf', 'f')).toBe('a b c.pdf');
    expect(safeName('...', 'file')).toBe('file');
  });
});
