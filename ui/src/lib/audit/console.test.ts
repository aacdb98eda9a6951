import { describe, expect, it } from 'vitest';
import { apiQuery, evidenceSentence, filtersFromUrl, filtersToUrl, NO_FILTERS, startOfLocalDay } from './console.ts';

describe('the event browser\'s filters', () => {
  it('travel in the URL and back, leaving empty ones out', () => {
    const filters = { ...NO_FILTERS, account: 'a1', type: 'deliverable.', q: 'logo v2', from: '2026-12-01' };
    const url = filtersToUrl(filters, { before: 120 });
    expect(url).toBe('?account=a1&type=deliverable.&from=2026-12-01&q=logo+v2&before=120');
    expect(filtersFromUrl(new URLSearchParams(url))).toEqual({ filters, before: 120, after: null, size: null });
    expect(filtersFromUrl(new URLSearchParams('size=10&after=4'))).toMatchObject({ after: 4, size: 10 });
    expect(filtersToUrl(NO_FILTERS, { after: 4, size: 10 })).toBe('?after=4&size=10');
    expect(filtersToUrl(NO_FILTERS)).toBe('');
    expect(filtersFromUrl(new URLSearchParams('before=abc&after=-3')).before).toBeNull();
  });

  it('ask the API for whole days in the viewer\'s time zone', () => {
    const q = apiQuery({ ...NO_FILTERS, from: '2026-12-01', to: '2026-12-03', target: 'invoice:i-1' }, { after: 7 }, 20);
    expect(q.from).toBe(new Date(2026, 11, 1).toISOString());
    // "to" includes the whole day: the bound is the next midnight.
    expect(q.to).toBe(new Date(2026, 11, 4).toISOString());
    expect([q.targetType, q.targetId, q.after, q.limit, 'before' in q]).toEqual(['invoice', 'i-1', 7, 20, false]);
    expect(startOfLocalDay('yesterday')).toBeNull();
  });
});

describe('evidence sentences', () => {
  const base = { seq: 1, at: '2026-12-03T10:00:00.000Z', hashHolds: true };
  it('say who did what to which version', () => {
    expect(evidenceSentence({ ...base, action: 'review.decision', actor: { id: 'u', email: 'a@x.test', name: 'Alex Morgan' }, decision: 'approved', version: 2, stage: 'client' }))
      .toBe('Alex Morgan approved version 2 (stage client)');
    expect(evidenceSentence({ ...base, action: 'document.signed', actor: { id: null, email: 'a@x.test', name: null }, signer: 'Alex Morgan', signerRole: 'Client', method: 'session' }))
      .toBe('Alex Morgan (Client) signed, authenticated by session');
    expect(evidenceSentence({ ...base, action: 'invoice.sent', actor: null, invoice: 'INV-000012' })).toBe('INV-000012 sent');
  });
});
