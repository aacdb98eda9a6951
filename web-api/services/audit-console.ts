/**
 * The compliance console's reads over the audit trail: the event browser (filters, keyset pages by
 * `seq`), one event with its place in the chain, and an engagement's "what was approved when".
 *
 * Every query here reads `audit_event` with the indexes of `db/entities/audit-event.ts`; none writes.
 * An engagement's events are found through the items it owns: its own events target the engagement,
 * and those of its deliverables, documents and invoices target them (`target_type`, `target_id`,
 * both hashed). Which items belong to an engagement comes from the read models (`deliverable`,
 * `signature_document`, `invoice`: `engagement_id` is set when the item is made and never changes),
 * so no column outside the hash is needed to find them, and nothing the chain covers changed.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { AUDIT_STORED_COLUMNS, GENESIS_HASH, auditRowHashState, type StoredRow } from '../../db/audit.ts';
import { AUDIT_SEARCH_TEXT } from '../../db/entities/audit-event.ts';
import { invoiceLabel } from '../../domain/invoicing/ledger.ts';

/** The console's page size: default and most. */
export const EVENTS_PAGE = 50;
export const EVENTS_PAGE_MAX = 200;

export interface EventFilters {
  accountId?: string;
  engagementId?: string;
  /** An actor's user id, or an email (any case). */
  person?: string;
  /** An action (`review.decision`), or a prefix ending in a dot (`deliverable.`) or `*` (`review.deci*`). */
  action?: string;
  /** Inclusive lower bound of `occurred_at`. */
  from?: string;
  /** Exclusive upper bound of `occurred_at`. */
  to?: string;
  /** Free text (at least 3 characters): in the action, the actor's email, the target id and the data. */
  q?: string;
  target?: { type: string; id: string };
  before?: number;
  after?: number;
  limit?: number;
}

export interface ConsoleEvent {
  seq: number;
  occurredAt: string;
  action: string;
  actor: { id: string | null; email: string | null; role: string | null; name: string | null } | null;
  account: { id: string; name: string | null } | null;
  target: { type: string; id: string } | null;
  ip: string | null;
  userAgent: string | null;
  data: Record<string, unknown>;
  hash: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `LIKE` pattern text for a literal string (`\` is PostgreSQL's default escape). */
function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The (target_type, target_id) pairs of an engagement and its items; four parameters, the engagement id each. */
const ENGAGEMENT_TARGETS = `select 'engagement'::text as t, ?::text as id
  union all select 'deliverable', id::text from deliverable where engagement_id = ?
  union all select 'document', id::text from signature_document where engagement_id = ?
  union all select 'invoice', id::text from invoice where engagement_id = ?`;

function filterSql(f: EventFilters): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.accountId) { where.push('account_id = ?'); params.push(f.accountId); }
  if (f.engagementId) {
    where.push(`(target_type::text, target_id::text) in (${ENGAGEMENT_TARGETS})`);
    params.push(f.engagementId, f.engagementId, f.engagementId, f.engagementId);
  }
  if (f.target) { where.push('target_type = ? and target_id = ?'); params.push(f.target.type, f.target.id); }
  if (f.person) {
    if (UUID.test(f.person)) { where.push('actor_id = ?'); params.push(f.person.toLowerCase()); }
    else { where.push('lower(actor_email) = lower(?)'); params.push(f.person); }
  }
  if (f.action) {
    // In the C collation, as the index is: a prefix is then a plain index range.
    if (f.action.endsWith('.') || f.action.endsWith('*')) {
      where.push(`(action collate "C") like ?`);
      params.push(`${likeLiteral(f.action.replace(/\*$/, ''))}%`);
    } else {
      where.push(`(action collate "C") = ?`);
      params.push(f.action);
    }
  }
  if (f.from) { where.push('occurred_at >= ?::timestamptz'); params.push(f.from); }
  if (f.to) { where.push('occurred_at < ?::timestamptz'); params.push(f.to); }
  if (f.q) { where.push(`${AUDIT_SEARCH_TEXT} ilike ?`); params.push(`%${likeLiteral(f.q)}%`); }
  return { where, params };
}

type ListedRow = StoredRow & { account_name: string | null; actor_name: string | null };

function consoleEvent(r: ListedRow): ConsoleEvent {
  return {
    seq: Number(r.seq),
    occurredAt: r.occurred_at,
    action: r.action,
    actor: r.actor_id || r.actor_email || r.actor_role ? { id: r.actor_id, email: r.actor_email, role: r.actor_role, name: r.actor_name } : null,
    account: r.account_id ? { id: r.account_id, name: r.account_name } : null,
    target: r.target_type && r.target_id ? { type: r.target_type, id: r.target_id } : null,
    ip: r.ip,
    userAgent: r.user_agent,
    data: JSON.parse(r.data) as Record<string, unknown>,
    hash: r.hash,
  };
}

/** Names for the ids of a page of events: the account's and the actor's (one query, after the page is chosen). */
const NAMED = (inner: string) => `select e.*, a.name as account_name, u.name as actor_name
  from (${inner}) e left join account a on a.id = e.account_id::uuid left join app_user u on u.id = e.actor_id::uuid`;

/**
 * One page of events, newest first. `before` pages to older events, `after` to newer ones; the
 * answer carries the keys of the neighbouring pages (`nextBefore`, `newerAfter`), null when there
 * is none. No OFFSET: each page is an index range below or above a `seq`.
 */
export async function listAuditEvents(em: EntityManager, f: EventFilters): Promise<{ events: ConsoleEvent[]; nextBefore: number | null; newerAfter: number | null }> {
  const limit = Math.min(f.limit ?? EVENTS_PAGE, EVENTS_PAGE_MAX);
  const { where, params } = filterSql(f);
  const newerFirst = f.after === undefined;
  if (f.before !== undefined) { where.push('seq < ?'); params.push(f.before); }
  if (f.after !== undefined) { where.push('seq > ?'); params.push(f.after); }
  const inner = `select ${AUDIT_STORED_COLUMNS} from audit_event ${where.length ? `where ${where.join(' and ')}` : ''}
    order by seq ${newerFirst ? 'desc' : 'asc'} limit ?`;
  const rows = await em.getConnection().execute<ListedRow[]>(`${NAMED(inner)} order by e.seq ${newerFirst ? 'desc' : 'asc'}`, [...params, limit + 1]);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (!newerFirst) page.reverse();
  const events = page.map(consoleEvent);
  const newest = events[0]?.seq;
  const oldest = events[events.length - 1]?.seq;
  if (newerFirst) {
    return {
      events,
      nextBefore: more ? oldest! : null,
      // Came from a newer page: it is still there.
      newerAfter: f.before === undefined ? null : (newest ?? f.before - 1),
    };
  }
  return { events, nextBefore: oldest ?? f.after! + 1, newerAfter: more ? newest! : null };
}

/** The actions recorded so far, for the console's filter (a loose index scan: one probe per action). */
export async function listAuditActions(em: EntityManager): Promise<string[]> {
  const rows = await em.getConnection().execute<{ action: string }[]>(
    `with recursive a(action) as (
       (select action collate "C" from audit_event order by action collate "C" limit 1)
       union all
       select (select e.action collate "C" from audit_event e where (e.action collate "C") > a.action order by e.action collate "C" limit 1)
       from a where a.action is not null)
     select action from a where action is not null`);
  return rows.map((r) => r.action);
}

export interface EventDetail {
  event: ConsoleEvent & { eventKey: string; prevHash: string };
  /** `current` or `legacy` when the hash recomputes from the content (under the rule named), `mismatch` when not. */
  hashState: 'current' | 'legacy' | 'mismatch';
  /** The event before it in the chain as stored, or null for the first. */
  predecessor: { seq: number; hash: string } | null;
  /** Whether `prevHash` is the predecessor's hash (or the genesis hash for the first event). */
  linkHolds: boolean;
  /** Sequence numbers between the predecessor and this event (a rolled-back append, or deleted rows when the link does not hold). */
  missingBefore: number;
  next: { seq: number } | null;
}

/** One event, its hash and its place in the chain; null when no event has that `seq`. */
export async function auditEventDetail(em: EntityManager, seq: number): Promise<EventDetail | null> {
  const conn = em.getConnection();
  const [row] = await conn.execute<ListedRow[]>(NAMED(`select ${AUDIT_STORED_COLUMNS} from audit_event where seq = ?`), [seq]);
  if (!row) return null;
  const [prev] = await conn.execute<{ seq: string; hash: string }[]>('select seq, hash from audit_event where seq < ? order by seq desc limit 1', [seq]);
  const [next] = await conn.execute<{ seq: string }[]>('select seq from audit_event where seq > ? order by seq limit 1', [seq]);
  const predecessor = prev ? { seq: Number(prev.seq), hash: prev.hash } : null;
  return {
    event: { ...consoleEvent(row), eventKey: row.event_key, prevHash: row.prev_hash },
    hashState: auditRowHashState(row),
    predecessor,
    linkHolds: row.prev_hash === (predecessor?.hash ?? GENESIS_HASH),
    missingBefore: seq - (predecessor?.seq ?? 0) - 1,
    next: next ? { seq: Number(next.seq) } : null,
  };
}

/** One line of an engagement's evidence: an audit event, read for what a reviewer checks. */
export interface EvidenceEntry {
  seq: number;
  at: string;
  action: string;
  actor: { id: string | null; email: string | null; name: string | null } | null;
  /** Whether the event's hash recomputes from its content (the link is the verifier's matter). */
  hashHolds: boolean;
  item?: string;
  version?: number;
  sha256?: string;
  file?: string;
  decision?: string;
  stage?: string;
  round?: number;
  comment?: string | null;
  reason?: string;
  signer?: string;
  signerRole?: string;
  method?: string;
  originalSha256?: string;
  sealedSha256?: string;
  amountMinor?: number;
  currency?: string;
  invoice?: string;
  /** Where the read model says something else than the event (it should never). */
  disagreement?: string;
}

export interface EngagementEvidence {
  engagement: { id: string; title: string; status: string; accountId: string; accountName: string; startedAt: string };
  milestones: EvidenceEntry[];
  checklist: EvidenceEntry[];
  deliverables: { id: string; title: string; status: string; entries: EvidenceEntry[] }[];
  documents: { id: string; title: string; status: string; originalSha256: string; sealedSha256: string | null; entries: EvidenceEntry[] }[];
  invoices: { id: string; label: string; status: string; currency: string; totalMinor: number; entries: EvidenceEntry[] }[];
}

/** The events that make the evidence; reminders, comments and views are in the event browser. */
const EVIDENCE_ACTIONS = [
  'engagement.started', 'engagement.milestone_completed',
  'checklist.item_completed', 'checklist.item_waived', 'checklist.item_reopened',
  'review.version_submitted', 'review.decision', 'review.decision_changed',
  'document.created', 'document.sent', 'document.consented', 'document.signed', 'document.declined', 'document.voided', 'document.expired', 'document.sealed', 'document.completed',
  'invoice.created', 'invoice.sent', 'payment.recorded', 'payment.confirmed', 'payment.refunded', 'invoice.voided', 'invoice.disputed', 'invoice.dispute_resolved',
];

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** The engagement's "what was approved when", from its audit events checked against the read models; null when there is no such engagement. */
export async function engagementEvidence(em: EntityManager, engagementId: string): Promise<EngagementEvidence | null> {
  const conn = em.getConnection();
  const [eng] = await conn.execute<{ id: string; title: string; status: string; account_id: string; account_name: string; started_at: string }[]>(
    `select e.id, e.title, e.status, e.account_id, a.name as account_name,
       to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as started_at
     from engagement e join account a on a.id = e.account_id where e.id = ?`, [engagementId]);
  if (!eng) return null;
  // One after another: a handful of small queries, each on an index.
  const deliverables = await conn.execute<{ id: string; title: string; status: string }[]>('select id, title, status from deliverable where engagement_id = ? order by created_at, id', [engagementId]);
  const versions = await conn.execute<{ deliverable_id: string; number: number; sha256: string }[]>(
    'select v.deliverable_id, v.number, v.sha256 from deliverable_version v join deliverable d on d.id = v.deliverable_id where d.engagement_id = ?', [engagementId]);
  const documents = await conn.execute<{ id: string; title: string; status: string; original_sha256: string; sealed_sha256: string | null }[]>(
    `select id, title, status, original_sha256, sealed_sha256 from signature_document where engagement_id = ? order by created_at, id`, [engagementId]);
  const invoices = await conn.execute<{ id: string; number: number | null; status: string; currency: string; total_minor: string }[]>(
    'select id, number, status, currency, total_minor from invoice where engagement_id = ? order by created_at, id', [engagementId]);
  const rows = await conn.execute<ListedRow[]>(NAMED(`select ${AUDIT_STORED_COLUMNS} from audit_event
     where (target_type::text, target_id::text) in (${ENGAGEMENT_TARGETS}) and action in (${EVIDENCE_ACTIONS.map(() => '?').join(', ')})`) + ' order by e.seq',
    [engagementId, engagementId, engagementId, engagementId, ...EVIDENCE_ACTIONS]);

  const versionSha = new Map(versions.map((v) => [`${v.deliverable_id}:${v.number}`, v.sha256]));
  const out: EngagementEvidence = {
    engagement: { id: eng.id, title: eng.title, status: eng.status, accountId: eng.account_id, accountName: eng.account_name, startedAt: eng.started_at },
    milestones: [],
    checklist: [],
    deliverables: deliverables.map((d) => ({ id: d.id, title: d.title, status: d.status, entries: [] })),
    documents: documents.map((d) => ({ id: d.id, title: d.title, status: d.status, originalSha256: d.original_sha256, sealedSha256: d.sealed_sha256, entries: [] })),
    invoices: invoices.map((i) => ({ id: i.id, label: invoiceLabel(i.number), status: i.status, currency: i.currency, totalMinor: Number(i.total_minor), entries: [] })),
  };
  const byDeliverable = new Map(out.deliverables.map((d) => [d.id, d]));
  const byDocument = new Map(out.documents.map((d) => [d.id, d]));
  const byInvoice = new Map(out.invoices.map((i) => [i.id, i]));
  // What the chain says of each document's hashes: the seal event names both; the creation event the original.
  const chainHashes = new Map<string, { original?: string; sealed?: string }>();
  for (const r of rows) {
    if (r.target_type !== 'document') continue;
    const data = JSON.parse(r.data) as Record<string, unknown>;
    const h = chainHashes.get(r.target_id!) ?? {};
    if (r.action === 'document.created') h.original ??= str(data.sha256);
    if (r.action === 'document.sealed') { h.original = str(data.originalSha256) ?? h.original; h.sealed = str(data.sealedSha256); }
    if (r.action === 'document.completed') h.sealed ??= str(data.sealedSha256);
    chainHashes.set(r.target_id!, h);
  }

  for (const r of rows) {
    const data = JSON.parse(r.data) as Record<string, unknown>;
    const base: EvidenceEntry = {
      seq: Number(r.seq), at: r.occurred_at, action: r.action,
      actor: r.actor_id || r.actor_email ? { id: r.actor_id, email: r.actor_email, name: r.actor_name } : null,
      hashHolds: auditRowHashState(r) !== 'mismatch',
    };
    const id = r.target_id!;
    switch (r.target_type) {
      case 'engagement':
        if (r.action.startsWith('checklist.')) {
          out.checklist.push({ ...base, item: str(data.item) ?? str(data.itemKey), ...(str(data.reason) ? { reason: str(data.reason) } : {}),
            ...(data.file && typeof data.file === 'object' ? { file: str((data.file as Record<string, unknown>).name), sha256: str((data.file as Record<string, unknown>).sha256) } : {}) });
        } else {
          out.milestones.push({ ...base, item: str(data.milestone) ?? str(data.title) ?? str(data.milestoneId) });
        }
        break;
      case 'deliverable': {
        const d = byDeliverable.get(id);
        if (!d) break;
        const version = num(data.version);
        const sha256 = str(data.sha256);
        const stored = version === undefined ? undefined : versionSha.get(`${id}:${version}`);
        d.entries.push({
          ...base, version, sha256, round: num(data.round),
          ...(r.action === 'review.version_submitted' ? { file: str(data.file) } : { decision: str(data.decision), stage: str(data.stage), comment: str(data.comment) ?? null }),
          ...(stored && sha256 && stored !== sha256 ? { disagreement: `The deliverable's version ${version} is stored with SHA-256 ${stored}` } : {}),
        });
        break;
      }
      case 'document': {
        const d = byDocument.get(id);
        if (!d) break;
        const h = chainHashes.get(id) ?? {};
        const disagreements = [
          h.original && h.original !== d.originalSha256 ? `the document's original is stored with SHA-256 ${d.originalSha256}` : null,
          h.sealed && d.sealedSha256 && h.sealed !== d.sealedSha256 ? `its sealed copy is stored with SHA-256 ${d.sealedSha256}` : null,
        ].filter(Boolean);
        d.entries.push({
          ...base, signer: str(data.signer), signerRole: str(data.role), method: str(data.method),
          ...(str(data.reason) ? { reason: str(data.reason) } : {}),
          ...(['document.signed', 'document.sealed', 'document.completed'].includes(r.action) ? { originalSha256: h.original ?? d.originalSha256, ...(h.sealed ? { sealedSha256: h.sealed } : {}) } : {}),
          ...(r.action === 'document.created' && str(data.sha256) ? { originalSha256: str(data.sha256) } : {}),
          ...(disagreements.length && r.action !== 'document.created' ? { disagreement: `The chain and the read model differ: ${disagreements.join('; ')}` } : {}),
        });
        break;
      }
      case 'invoice': {
        const i = byInvoice.get(id);
        if (!i) break;
        i.entries.push({
          ...base, invoice: str(data.number) ?? i.label,
          ...(num(data.amountMinor) !== undefined ? { amountMinor: num(data.amountMinor), currency: i.currency } : {}),
          ...(r.action === 'invoice.sent' && num(data.totalMinor) !== undefined ? { amountMinor: num(data.totalMinor), currency: str(data.currency) ?? i.currency } : {}),
          ...(r.action === 'invoice.created' && num(data.totalMinor) !== undefined ? { amountMinor: num(data.totalMinor), currency: str(data.currency) ?? i.currency } : {}),
          ...(str(data.reason) ? { reason: str(data.reason) } : {}),
        });
        break;
      }
    }
  }
  return out;
}
