/**
 * The compliance console's model: the event browser's filters as they travel in the page's URL (so
 * a filtered list can be bookmarked, shared and linked to) and as the audit API takes them, and
 * evidence entries in words.
 */
import type { EvidenceEntry, paths } from '../api/schema.d.ts';

/** What `GET /api/audit/events` takes. */
export type EventsQuery = NonNullable<paths['/api/audit/events']['get']['parameters']['query']>;

/** The browser's filters: what the form shows and the URL carries. Dates are calendar days in the viewer's time zone. */
export interface Filters {
  account: string;
  engagement: string;
  person: string;
  type: string;
  from: string;
  to: string;
  q: string;
  /** `invoice:<id>`: one item's events (an evidence link for an item outside any engagement). */
  target: string;
}

export const NO_FILTERS: Filters = { account: '', engagement: '', person: '', type: '', from: '', to: '', q: '', target: '' };
const KEYS = Object.keys(NO_FILTERS) as (keyof Filters)[];

/** The filters (and the page's key) in a page URL's query. */
export function filtersFromUrl(params: Pick<URLSearchParams, 'get' | 'has'>): { filters: Filters; before: number | null; after: number | null; size: number | null } {
  const filters = { ...NO_FILTERS };
  for (const k of KEYS) filters[k] = params.get(k)?.trim() ?? '';
  const key = (name: string) => {
    const n = Number(params.get(name));
    return params.has(name) && Number.isSafeInteger(n) && n > 0 ? n : null;
  };
  const size = key('size');
  return { filters, before: key('before'), after: key('after'), size: size && size <= 200 ? size : null };
}

/** The page URL's query for the filters, a page key and the page size (when not the default); empty filters are left out. */
export function filtersToUrl(filters: Filters, page: { before?: number | null; after?: number | null; size?: number | null } = {}): string {
  const params = new URLSearchParams();
  for (const k of KEYS) if (filters[k].trim()) params.set(k, filters[k].trim());
  if (page.before) params.set('before', String(page.before));
  else if (page.after) params.set('after', String(page.after));
  if (page.size) params.set('size', String(page.size));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Midnight starting a calendar day ("2026-12-03") in the viewer's time zone, as an ISO instant. */
export function startOfLocalDay(day: string, dayOffset = 0): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + dayOffset);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The API query for the filters: days become the instants bounding them (`to` includes its whole day). */
export function apiQuery(filters: Filters, page: { before?: number | null; after?: number | null }, limit = 50): EventsQuery {
  const query: EventsQuery = {};
  if (filters.account) query.accountId = filters.account;
  if (filters.engagement) query.engagementId = filters.engagement;
  if (filters.person.trim()) query.person = filters.person.trim();
  if (filters.type.trim()) query.action = filters.type.trim();
  const from = filters.from ? startOfLocalDay(filters.from) : null;
  const to = filters.to ? startOfLocalDay(filters.to, 1) : null;
  if (from) query.from = from;
  if (to) query.to = to;
  if (filters.q.trim()) query.q = filters.q.trim();
  const [targetType, ...rest] = filters.target.split(':');
  if (targetType && rest.length) { query.targetType = targetType; query.targetId = rest.join(':'); }
  if (page.before) query.before = page.before;
  else if (page.after) query.after = page.after;
  query.limit = limit;
  return query;
}

/** "review.decision" → "Review decision". */
export function actionLabel(action: string): string {
  const words = action.replace(/[._]/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const DECISIONS: Record<string, string> = {
  approved: 'approved', approved_with_changes: 'approved with changes', changes_requested: 'requested changes to', rejected: 'rejected',
};

/** What an evidence entry says, in a sentence without its hashes (shown beside it). */
export function evidenceSentence(e: EvidenceEntry): string {
  const who = e.actor?.name ?? e.actor?.email ?? e.signer ?? 'The system';
  switch (e.action) {
    case 'review.version_submitted': return `${who} submitted version ${e.version ?? '?'}${e.file ? ` (${e.file})` : ''} for review`;
    case 'review.decision': return `${who} ${DECISIONS[e.decision ?? ''] ?? e.decision} version ${e.version ?? '?'}${e.stage ? ` (stage ${e.stage})` : ''}`;
    case 'review.decision_changed': return `${who} changed their decision: ${DECISIONS[e.decision ?? ''] ?? e.decision} version ${e.version ?? '?'}`;
    case 'document.created': return `${who} uploaded the document`;
    case 'document.sent': return 'Sent for signature';
    case 'document.consented': return `${e.signer ?? who} consented to sign electronically`;
    case 'document.signed': return `${e.signer ?? who}${e.signerRole ? ` (${e.signerRole})` : ''} signed${e.method ? `, authenticated by ${e.method}` : ''}`;
    case 'document.declined': return `${e.signer ?? who} declined to sign`;
    case 'document.voided': return `${who} voided the document`;
    case 'document.expired': return 'The document expired unsigned';
    case 'document.sealed': return 'Sealed: every signer has signed';
    case 'document.completed': return 'Completed; the signers were sent their copies';
    case 'checklist.item_completed': return `${who} completed “${e.item ?? ''}”`;
    case 'checklist.item_waived': return `${who} waived “${e.item ?? ''}”`;
    case 'checklist.item_reopened': return `${who} reopened “${e.item ?? ''}”`;
    case 'engagement.started': return `${who} started the engagement`;
    case 'engagement.milestone_completed': return `Milestone “${e.item ?? ''}” completed${e.actor ? ` by ${who}` : ''}`;
    case 'invoice.created': return `${who === 'The system' ? 'The billing schedule' : who} drafted ${e.invoice ?? 'the invoice'}`;
    case 'invoice.sent': return `${e.invoice ?? 'The invoice'} sent${e.actor ? ` by ${who}` : ''}`;
    case 'payment.recorded': return `${who} recorded a payment`;
    case 'payment.confirmed': return `Payment confirmed${e.actor ? ` by ${who}` : ''}`;
    case 'payment.refunded': return `${who} refunded a payment`;
    case 'invoice.voided': return `${who} voided ${e.invoice ?? 'the invoice'}`;
    case 'invoice.disputed': return `${who} disputed ${e.invoice ?? 'the invoice'}`;
    case 'invoice.dispute_resolved': return `${who} resolved the dispute`;
    default: return `${actionLabel(e.action)}${e.actor ? ` by ${who}` : ''}`;
  }
}

/** The element id of an item on the evidence page (`#deliverable-<id>`), which the item pages link to. */
export const evidenceAnchor = (type: 'deliverable' | 'document' | 'invoice' | 'checklist', id: string): string => `${type}-${id}`;
