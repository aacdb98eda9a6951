import { Router } from 'express';
import { z } from 'zod';
import { verifyAuditChain } from '../../db/audit.ts';
import { auditPublicKeyPem } from '../../db/audit-checkpoint.ts';
import { AppError } from '../errors.ts';
import { fields, route } from '../http.ts';
import { auditEventDetail, engagementEvidence, EVENTS_PAGE, EVENTS_PAGE_MAX, listAuditActions, listAuditEvents } from '../services/audit-console.ts';
import type { AppDeps } from '../deps.ts';
import { authorize } from '../policy.ts';

const problem = z.object({
  seq: z.number(),
  kind: z.enum(['content', 'link', 'gap', 'checkpoint']),
  reason: z.string(),
  missing: z.object({ from: z.number(), to: z.number() }).optional(),
}).meta({ id: 'ChainProblem' });

/** An instant with its offset (`2026-12-03T09:30:00+01:00`, `…Z`), in PostgreSQL's range. */
const instant = z.iso.datetime({ offset: true, message: 'Give a date and time with its offset, e.g. 2026-12-03T09:30:00Z' })
  .refine((v) => Date.parse(v) >= Date.UTC(1, 0, 2) && Date.parse(v) <= Date.UTC(9999, 11, 31), 'Give a date between the years 1 and 9999');
const seqParam = z.coerce.number({ message: 'Must be an event number' }).int('Must be an event number').min(1, 'Must be an event number').max(Number.MAX_SAFE_INTEGER, 'Must be an event number');

const EventsQuery = z.strictObject({
  accountId: fields.uuid.optional(),
  engagementId: fields.uuid.optional(),
  person: z.string().trim().min(1, 'Give a user id or an email').max(254, 'Too long').optional(),
  action: z.string().trim().max(80, 'Too long').regex(/^[a-z0-9_.-]+\*?$/i, 'An action such as review.decision, or a prefix such as deliverable.').optional(),
  from: instant.optional(),
  to: instant.optional(),
  q: z.string().trim().min(3, 'Search for at least 3 characters').max(200, 'Too long').optional(),
  targetType: z.string().trim().min(1).max(60, 'Too long').optional(),
  targetId: z.string().trim().min(1).max(120, 'Too long').optional(),
  before: seqParam.optional(),
  after: seqParam.optional(),
  limit: z.coerce.number({ message: `A number from 1 to ${EVENTS_PAGE_MAX}` }).int().min(1, `A number from 1 to ${EVENTS_PAGE_MAX}`).max(EVENTS_PAGE_MAX, `At most ${EVENTS_PAGE_MAX}`).default(EVENTS_PAGE),
}).superRefine((q, ctx) => {
  if (q.before !== undefined && q.after !== undefined) ctx.addIssue({ code: 'custom', path: ['after'], message: 'Give before or after, not both' });
  if ((q.targetType === undefined) !== (q.targetId === undefined)) ctx.addIssue({ code: 'custom', path: [q.targetType === undefined ? 'targetType' : 'targetId'], message: 'Give targetType and targetId together' });
  if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Must be after from' });
});

const ActorView = z.object({ id: z.string().nullable(), email: z.string().nullable(), role: z.string().nullable(), name: z.string().nullable() });
const EventView = z.object({
  seq: z.number(),
  occurredAt: z.string().describe('UTC, ISO 8601'),
  action: z.string(),
  actor: ActorView.nullable(),
  account: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  target: z.object({ type: z.string(), id: z.string() }).nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  hash: z.string(),
}).meta({ id: 'AuditEvent' });

const EvidenceEntryView = z.object({
  seq: z.number(),
  at: z.string().describe('UTC, ISO 8601'),
  action: z.string(),
  actor: z.object({ id: z.string().nullable(), email: z.string().nullable(), name: z.string().nullable() }).nullable(),
  hashHolds: z.boolean(),
  item: z.string().optional(),
  version: z.number().optional(),
  sha256: z.string().optional(),
  file: z.string().optional(),
  decision: z.string().optional(),
  stage: z.string().optional(),
  round: z.number().optional(),
  comment: z.string().nullable().optional(),
  reason: z.string().optional(),
  signer: z.string().optional(),
  signerRole: z.string().optional(),
  method: z.string().optional(),
  originalSha256: z.string().optional(),
  sealedSha256: z.string().optional(),
  amountMinor: z.number().optional(),
  currency: z.string().optional(),
  invoice: z.string().optional(),
  disagreement: z.string().optional(),
}).meta({ id: 'EvidenceEntry' });

/** An engagement as the compliance console lists it (to open its evidence). */
const AuditEngagement = z.object({ id: z.string(), title: z.string(), status: z.string(), accountId: z.string(), accountName: z.string(), startedAt: z.string() })
  .meta({ id: 'AuditEngagement' });

export function auditRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;

  route(r, {
    method: 'get', path: '/api/audit/verify', tag: 'audit', auth: 'session',
    summary: 'Verify the whole audit hash chain (compliance reviewers); lists every changed event, broken link and run of deleted events',
    response: z.object({
      ok: z.boolean(),
      count: z.number(),
      head: z.string().nullable(),
      firstBad: z.object({ seq: z.number(), reason: z.string() }).nullable(),
      problems: z.array(problem),
      problemsTruncated: z.boolean(),
      legacy: z.object({ count: z.number(), firstSeq: z.number().nullable(), lastSeq: z.number().nullable() }),
      skippedSeqs: z.number(),
      checkpoints: z.object({
        count: z.number(),
        last: z.object({ seq: z.number(), count: z.number(), createdAt: z.string() }).nullable(),
      }),
    }).meta({ id: 'ChainVerification' }),
  }, async ({ req, user }) => {
    await authorize(orm.em, req, user, 'audit.verify');
    return verifyAuditChain(orm.em.fork());
  });

  route(r, {
    method: 'get', path: '/api/audit/events', tag: 'audit', auth: 'session', query: EventsQuery,
    summary: 'Browse the audit events of every account (compliance reviewers and admins), newest first: filters by account, engagement, person, action or prefix, time and text; keyset pages by seq (before/after)',
    response: z.object({ events: z.array(EventView), nextBefore: z.number().nullable(), newerAfter: z.number().nullable() }).meta({ id: 'AuditEventPage' }),
  }, async ({ req, user, query }) => {
    await authorize(orm.em, req, user, 'audit.read');
    const { targetType, targetId, ...rest } = query;
    return listAuditEvents(orm.em.fork(), { ...rest, ...(targetType && targetId ? { target: { type: targetType, id: targetId } } : {}) });
  });

  route(r, {
    method: 'get', path: '/api/audit/actions', tag: 'audit', auth: 'session',
    summary: 'The actions recorded in the audit trail, for the event browser\'s filter (compliance reviewers and admins)',
    response: z.object({ actions: z.array(z.string()) }),
  }, async ({ req, user }) => {
    await authorize(orm.em, req, user, 'audit.read');
    return { actions: await listAuditActions(orm.em.fork()) };
  });

  route(r, {
    method: 'get', path: '/api/audit/engagements', tag: 'audit', auth: 'session',
    query: z.strictObject({ accountId: fields.uuid.optional(), q: z.string().trim().max(200, 'Too long').optional() }),
    summary: 'Engagements to open the evidence of (compliance reviewers and admins), newest first, at most 200',
    response: z.object({ engagements: z.array(AuditEngagement) }),
  }, async ({ req, user, query }) => {
    await authorize(orm.em, req, user, 'audit.read');
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.accountId) { where.push('e.account_id = ?'); params.push(query.accountId); }
    if (query.q) { where.push(`e.title ilike ?`); params.push(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`); }
    const rows = await orm.em.fork().getConnection().execute<{ id: string; title: string; status: string; account_id: string; account_name: string; started_at: string }[]>(
      `select e.id, e.title, e.status, e.account_id, a.name as account_name,
         to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as started_at
       from engagement e join account a on a.id = e.account_id ${where.length ? `where ${where.join(' and ')}` : ''}
       order by e.created_at desc, e.id limit 200`, params);
    return { engagements: rows.map((e) => ({ id: e.id, title: e.title, status: e.status, accountId: e.account_id, accountName: e.account_name, startedAt: e.started_at })) };
  });

  route(r, {
    method: 'get', path: '/api/audit/events/:seq', tag: 'audit', auth: 'session', params: z.strictObject({ seq: seqParam }),
    summary: 'One audit event with its hash, whether the hash recomputes, its predecessor (seq and hash) and whether the link holds, and its neighbours (compliance reviewers and admins)',
    response: z.object({
      event: EventView.extend({ eventKey: z.string(), prevHash: z.string() }),
      hashState: z.enum(['current', 'legacy', 'mismatch']),
      predecessor: z.object({ seq: z.number(), hash: z.string() }).nullable(),
      linkHolds: z.boolean(),
      missingBefore: z.number(),
      next: z.object({ seq: z.number() }).nullable(),
    }).meta({ id: 'AuditEventDetail' }),
  }, async ({ req, user, params }) => {
    await authorize(orm.em, req, user, 'audit.read');
    const detail = await auditEventDetail(orm.em.fork(), params.seq);
    if (!detail) throw new AppError('not_found', 'No audit event has that number');
    return detail;
  });

  route(r, {
    method: 'get', path: '/api/engagements/:engagementId/evidence', tag: 'audit', auth: 'session', params: z.strictObject({ engagementId: fields.uuid }),
    summary: 'What was approved when in an engagement, from its audit events (compliance reviewers and admins): decisions with the version\'s SHA-256, signatures with the document\'s hashes, checklist completions and waivers, invoices sent and paid',
    response: z.object({
      engagement: AuditEngagement,
      milestones: z.array(EvidenceEntryView),
      checklist: z.array(EvidenceEntryView),
      deliverables: z.array(z.object({ id: z.string(), title: z.string(), status: z.string(), entries: z.array(EvidenceEntryView) })),
      documents: z.array(z.object({ id: z.string(), title: z.string(), status: z.string(), originalSha256: z.string(), sealedSha256: z.string().nullable(), entries: z.array(EvidenceEntryView) })),
      invoices: z.array(z.object({ id: z.string(), label: z.string(), status: z.string(), currency: z.string(), totalMinor: z.number(), entries: z.array(EvidenceEntryView) })),
    }).meta({ id: 'Evidence' }),
  }, async ({ req, user, params }) => {
    const em = orm.em.fork();
    const [row] = await em.getConnection().execute<{ account_id: string }[]>('select account_id from engagement where id = ?', [params.engagementId]);
    if (!row) throw new AppError('not_found', 'Not found');
    await authorize(em, req, user, 'audit.read', row.account_id);
    const evidence = await engagementEvidence(em, params.engagementId);
    if (!evidence) throw new AppError('not_found', 'Not found');
    return evidence;
  });

  // The installation's audit checkpoint key (Ed25519, PEM), for anyone checking a checkpoint or an
  // export offline. The first checkpoint makes the key; until then there is none (a GET writes nothing).
  // Plain text, not JSON, so it is not a `route()`.
  r.get('/.well-known/portico-audit-key', async (_req, res) => {
    const publicKeyPem = await auditPublicKeyPem(orm.em.fork());
    if (!publicKeyPem) throw new AppError('not_found', 'No audit signing key yet: no checkpoint has been signed');
    res.type('application/x-pem-file').set('Cache-Control', 'public, max-age=300').send(publicKeyPem);
  });

  return r;
}
