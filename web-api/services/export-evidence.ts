/**
 * Evidence exports: an engagement's, an account's or a period's audit events, the chain segment that
 * proves them, the files they speak of, a readable report and a signed manifest, as one ZIP streamed
 * to the caller (format: `db/evidence-bundle.ts`; offline check: `npm run evidence:verify`).
 *
 * The range is fixed first (the chain head, then the first and last event in scope up to it), the
 * export is recorded as the audit event `evidence.exported` with that range, and only then is the
 * bundle streamed: a bundle that was downloaded always has its event, and a download that breaks off
 * still left the record of what was asked for. Memory stays flat: events are read in batches of
 * `BATCH` rows and files are streamed from the file storage one after another; the manifest (a line
 * per file and checkpoint) is the only thing that grows with the bundle.
 */
import { buffer } from 'node:stream/consumers';
import { createHash, randomUUID, sign } from 'node:crypto';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import yazl from 'yazl';
import { recordAudit, AUDIT_STORED_COLUMNS, storedEvent, type AuditActor, type StoredRow } from '../../db/audit.ts';
import { auditSigningKey } from '../../db/audit-checkpoint.ts';
import {
  BUNDLE_FORMAT, contentHashOf, CSV_COLUMNS, csvRecord, MANIFEST_NOTES, MEMBERS, safeName,
  type EventLine, type Manifest, type ManifestCheckpoint, type ManifestFile, type SegmentEntry,
} from '../../db/evidence-bundle.ts';
import type { FileStorage } from '../../db/files/storage.ts';
import { loadBranding } from '../../db/outbox.ts';
import { invoiceLabel } from '../../domain/invoicing/ledger.ts';
import { REPORT_ACTIONS, renderEvidenceReport, type ReportEvent } from './evidence-report.ts';

const BATCH = 1000;
/** The report lists at most this many events (events.jsonl holds them all). */
const REPORT_LIMIT = 5000;

export interface ExportRequest {
  engagementId?: string;
  accountId?: string;
  from?: Date;
  to?: Date;
}

/** The scope once its ids are known to exist: what the export covers and how SQL selects it. */
export interface ResolvedScope {
  engagement: { id: string; title: string } | null;
  account: { id: string; name: string } | null;
  from: Date | null;
  to: Date | null;
}

export interface ExportDeps {
  orm: MikroORM;
  storage: FileStorage;
  /** Seals the installation's audit signing key (PORTICO_AUDIT_SIGNING_KEY, else SESSION_SECRET). */
  signingSecret: string;
}

export interface ExportContext {
  actor: AuditActor & { id: string; email: string; role: string };
  ip: string | null;
  userAgent: string | null;
}

/**
 * The SQL condition on `audit_event e` for the events in scope, with its parameters. An engagement's
 * events are those of its account about the engagement itself, its deliverables, its documents and
 * its invoices (or naming it in `data.engagementId`, as scheduled invoices do).
 */
function scopeCondition(scope: ResolvedScope): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (scope.account) { parts.push('e.account_id = ?'); params.push(scope.account.id); }
  if (scope.engagement) {
    const id = scope.engagement.id;
    parts.push(`((e.target_type = 'engagement' and e.target_id = ?)
      or (e.target_type = 'deliverable' and e.target_id in (select id::text from deliverable where engagement_id = ?))
      or (e.target_type = 'document' and e.target_id in (select id::text from signature_document where engagement_id = ?))
      or (e.target_type = 'invoice' and e.target_id in (select id::text from invoice where engagement_id = ?))
      or e.data->>'engagementId' = ?)`);
    params.push(id, id, id, id, id);
  }
  if (scope.from) { parts.push('e.occurred_at >= ?'); params.push(scope.from.toISOString()); }
  if (scope.to) { parts.push('e.occurred_at <= ?'); params.push(scope.to.toISOString()); }
  return { sql: parts.length ? parts.join(' and ') : 'true', params };
}

/**
 * The same scope over an item table (`deliverable`, `signature_document`, `invoice`) aliased `t`: a
 * period covers the items whose own time (`timeColumn`: sealed, sent) falls within it.
 */
function itemCondition(scope: ResolvedScope, timeColumn: string | null): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (scope.account) { parts.push('t.account_id = ?'); params.push(scope.account.id); }
  if (scope.engagement) { parts.push('t.engagement_id = ?'); params.push(scope.engagement.id); }
  if (timeColumn && scope.from) { parts.push(`${timeColumn} >= ?`); params.push(scope.from.toISOString()); }
  if (timeColumn && scope.to) { parts.push(`${timeColumn} <= ?`); params.push(scope.to.toISOString()); }
  return { sql: parts.length ? parts.join(' and ') : 'true', params };
}

interface FixedRange {
  head: { seq: number; hash: string } | null;
  events: { count: number; firstSeq: number | null; lastSeq: number | null };
  /** The chain from the first event in scope through the last one, or on to the first checkpoint at or after it. */
  segment: { first: number; last: number; count: number; firstPrevHash: string } | null;
  anchorSeq: number | null;
}

/** Fixes the range: the head first, so events appended while the bundle streams are not in it. */
async function fixRange(em: EntityManager, scope: ResolvedScope): Promise<FixedRange> {
  const conn = em.getConnection();
  const [head] = await conn.execute<{ seq: string; hash: string }[]>('select seq, hash from audit_event order by seq desc limit 1');
  if (!head) return { head: null, events: { count: 0, firstSeq: null, lastSeq: null }, segment: null, anchorSeq: null };
  const where = scopeCondition(scope);
  const [r] = await conn.execute<{ n: string; first: string | null; last: string | null }[]>(
    `select count(*) as n, min(e.seq) as first, max(e.seq) as last from audit_event e where e.seq <= ? and ${where.sql}`, [head.seq, ...where.params]);
  const events = { count: Number(r!.n), firstSeq: r!.first === null ? null : Number(r!.first), lastSeq: r!.last === null ? null : Number(r!.last) };
  if (events.firstSeq === null || events.lastSeq === null) return { head: { seq: Number(head.seq), hash: head.hash }, events, segment: null, anchorSeq: null };
  const [c] = await conn.execute<{ seq: string }[]>('select seq from audit_checkpoint where seq >= ? and seq <= ? order by seq limit 1', [events.lastSeq, head.seq]);
  const anchorSeq = c ? Number(c.seq) : null;
  const last = anchorSeq ?? events.lastSeq;
  const [seg] = await conn.execute<{ n: string; prev_hash: string }[]>(
    'select (select count(*) from audit_event where seq between ? and ?) as n, prev_hash from audit_event where seq = ?', [events.firstSeq, last, events.firstSeq]);
  return {
    head: { seq: Number(head.seq), hash: head.hash }, events, anchorSeq,
    segment: { first: events.firstSeq, last, count: Number(seg!.n), firstPrevHash: seg!.prev_hash },
  };
}

type Row = StoredRow & { in_scope: boolean };

/** Rows of the chain in (after, through], in order, a batch at a time; `inScopeOnly` keeps the scope's. */
async function* chainRows(em: EntityManager, scope: ResolvedScope, first: number, last: number, inScopeOnly: boolean): AsyncGenerator<Row[]> {
  const conn = em.getConnection();
  const where = scopeCondition(scope);
  let after = first - 1;
  for (;;) {
    const rows = await conn.execute<Row[]>(
      `select ${AUDIT_STORED_COLUMNS}, (${where.sql}) as in_scope from audit_event e
        where e.seq > ? and e.seq <= ? ${inScopeOnly ? `and ${where.sql}` : ''} order by e.seq limit ?`,
      [...where.params, after, last, ...(inScopeOnly ? where.params : []), BATCH]);
    if (!rows.length) return;
    yield rows;
    after = Number(rows[rows.length - 1]!.seq);
  }
}

function eventLine(row: StoredRow): EventLine {
  const e = storedEvent(row);
  return {
    seq: Number(row.seq), eventKey: e.eventKey, occurredAt: e.occurredAt, action: e.action, actorId: e.actorId, actorEmail: e.actorEmail,
    actorRole: e.actorRole, accountId: e.accountId, targetType: e.targetType, targetId: e.targetId, ip: e.ip, userAgent: e.userAgent,
    data: e.dataText, prevHash: e.prevHash, hash: row.hash,
  };
}

/** A file the scope speaks of whose bytes the storage no longer holds: named in the manifest, not in the ZIP. */
type MissingFile = Omit<PlannedFile, 'open'>;

interface PlannedFile {
  path: string;
  kind: string;
  recordedSha256?: string;
  item: { type: string; id: string; title: string };
  open: () => Promise<Readable>;
}

/** The files the scope speaks of: approved deliverable versions, sealed documents with certificates, invoices as sent. */
async function planFiles(deps: ExportDeps, em: EntityManager, scope: ResolvedScope): Promise<{ files: PlannedFile[]; missing: MissingFile[]; items: { kind: string; title: string; detail: string[] }[] }> {
  const conn = em.getConnection();
  const files: PlannedFile[] = [];
  const missing: MissingFile[] = [];
  const items: { kind: string; title: string; detail: string[] }[] = [];
  const stored = async (fileId: string): Promise<Readable> => {
    const [f] = await conn.execute<{ storage_key: string }[]>('select storage_key from stored_file where id = ?', [fileId]);
    const stream = f && (await deps.storage.open(f.storage_key));
    if (!stream) throw new Error(`stored file ${fileId} is missing from the file storage`);
    return stream;
  };
  /** Whether the storage still holds the file's bytes (asked before a byte is sent, so a lost file is named, not a cut download). */
  const present = async (fileId: string): Promise<boolean> => {
    const [f] = await conn.execute<{ storage_key: string }[]>('select storage_key from stored_file where id = ?', [fileId]);
    const stream = f && (await deps.storage.open(f.storage_key));
    stream?.destroy();
    return !!stream;
  };

  // The approved round of each approved deliverable: the version its reviewers approved, by hash.
  // A period covers the deliverables approved within it (the round's close, checked below).
  const d = itemCondition(scope, null);
  const deliverables = await conn.execute<{ id: string; title: string; review: { rounds?: { number: number; outcome: string | null; closedAt: string | null; version: { id: string; number: number; sha256: string } }[] } }[]>(
    `select t.id, t.title, t.review from deliverable t where t.status = 'approved' and ${d.sql} order by t.created_at`, d.params);
  for (const del of deliverables) {
    const round = [...(del.review.rounds ?? [])].reverse().find((r) => r.outcome === 'approved' || r.outcome === 'approved_with_changes');
    if (!round) continue;
    const closed = round.closedAt ? new Date(round.closedAt) : null;
    if (scope.from && (!closed || closed < scope.from)) continue;
    if (scope.to && (!closed || closed > scope.to)) continue;
    const [v] = await conn.execute<{ stored_file_id: string; sha256: string; number: number; name: string }[]>(
      'select v.stored_file_id, v.sha256, v.number, f.name from deliverable_version v join stored_file f on f.id = v.stored_file_id where v.id = ?', [round.version.id]);
    if (!v) continue;
    const path = `files/deliverables/${del.id}/v${v.number}-${safeName(v.name, 'file')}`;
    const item = { type: 'deliverable', id: del.id, title: del.title };
    if (await present(v.stored_file_id)) files.push({ path, kind: 'deliverable-version', recordedSha256: v.sha256, item, open: () => stored(v.stored_file_id) });
    else missing.push({ path, kind: 'deliverable-version', recordedSha256: v.sha256, item });
    items.push({ kind: 'Deliverable', title: del.title, detail: [`Version ${v.number} (${v.name}), ${round.outcome?.replaceAll('_', ' ')} ${round.closedAt ? `at ${round.closedAt}` : ''}`, `SHA-256 ${v.sha256}`, path] });
  }

  const s = itemCondition(scope, 't.sealed_at');
  const documents = await conn.execute<{ id: string; title: string; sealed_file_id: string; sealed_sha256: string; original_sha256: string; sealed_at: Date }[]>(
    `select t.id, t.title, t.sealed_file_id, t.sealed_sha256, t.original_sha256, t.sealed_at from signature_document t
      where t.sealed_file_id is not null and t.sealed_at is not null and ${s.sql} order by t.sealed_at`, s.params);
  for (const doc of documents) {
    const dir = `files/documents/${doc.id}`;
    const sealedAt = new Date(doc.sealed_at).toISOString();
    if (!(await present(doc.sealed_file_id))) {
      missing.push({ path: `${dir}/sealed.pdf`, kind: 'sealed-document', recordedSha256: doc.sealed_sha256, item: { type: 'document', id: doc.id, title: doc.title } });
      items.push({ kind: 'Signed document', title: doc.title, detail: [`Sealed at ${sealedAt}`, `Original SHA-256 ${doc.original_sha256}`, `Sealed SHA-256 ${doc.sealed_sha256}`, 'The sealed PDF was missing from the file storage at export'] });
      continue;
    }
    files.push({ path: `${dir}/sealed.pdf`, kind: 'sealed-document', recordedSha256: doc.sealed_sha256, item: { type: 'document', id: doc.id, title: doc.title }, open: () => stored(doc.sealed_file_id) });
    files.push({
      path: `${dir}/certificate.pdf`, kind: 'certificate', item: { type: 'document', id: doc.id, title: doc.title },
      // Rendered when its turn comes, from the same evidence and seal time as the certificate inside the sealed PDF.
      open: async () => {
        const { loadSealingInput } = await import('../../domain/signing/evidence.ts');
        const { certificatePdf } = await import('../../domain/signing/seal.ts');
        const { checkPdfSignature } = await import('../../domain/signing/check-signature.ts');
        const { input } = await loadSealingInput(deps.orm, deps.storage, doc.id, sealedAt);
        // The certificate the sealed PDF is signed with is named on it, as inside the sealed PDF.
        const sealed = await buffer(await stored(doc.sealed_file_id));
        const pdf = await certificatePdf({ ...input, signingCertificate: (await checkPdfSignature(sealed)).certificate });
        return Readable.from([Buffer.from(pdf)]);
      },
    });
    items.push({ kind: 'Signed document', title: doc.title, detail: [`Sealed at ${sealedAt}`, `Original SHA-256 ${doc.original_sha256}`, `Sealed SHA-256 ${doc.sealed_sha256}`, `${dir}/sealed.pdf, ${dir}/certificate.pdf`] });
  }

  const i = itemCondition(scope, 't.sent_at');
  const invoices = await conn.execute<{ id: string; number: number | null; sent_file_id: string; sent_sha256: string; sent_at: Date; status: string; currency: string; total_minor: string; paid_minor: string }[]>(
    `select t.id, t.number, t.sent_file_id, t.sent_sha256, t.sent_at, t.status, t.currency, t.total_minor, t.paid_minor from invoice t
      where t.sent_file_id is not null and t.sent_at is not null and ${i.sql} order by t.number`, i.params);
  for (const inv of invoices) {
    const label = invoiceLabel(inv.number);
    const path = `files/invoices/${inv.id}/${label}.pdf`;
    const item = { type: 'invoice', id: inv.id, title: label };
    if (await present(inv.sent_file_id)) files.push({ path, kind: 'invoice-as-sent', recordedSha256: inv.sent_sha256, item, open: () => stored(inv.sent_file_id) });
    else missing.push({ path, kind: 'invoice-as-sent', recordedSha256: inv.sent_sha256, item });
    items.push({ kind: 'Invoice', title: label, detail: [`Sent at ${new Date(inv.sent_at).toISOString()}; now ${inv.status}; total ${inv.total_minor}, paid ${inv.paid_minor} (${inv.currency} minor units)`, `As sent: SHA-256 ${inv.sent_sha256}`, path] });
  }
  return { files, missing, items };
}

/** The key events of the scope for the report, in chain order. */
async function reportEvents(em: EntityManager, scope: ResolvedScope, range: FixedRange): Promise<{ events: ReportEvent[]; truncated: boolean }> {
  if (range.events.firstSeq === null) return { events: [], truncated: false };
  const where = scopeCondition(scope);
  const rows = await em.getConnection().execute<{ seq: string; occurred_at: string; action: string; actor_email: string | null; actor_role: string | null; ip: string | null; data: string }[]>(
    `select e.seq, to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as occurred_at, e.action, e.actor_email, e.actor_role, e.ip, e.data::text as data
       from audit_event e where e.seq between ? and ? and e.action in (${REPORT_ACTIONS.map(() => '?').join(', ')}) and ${where.sql}
      order by e.seq limit ?`,
    [range.events.firstSeq, range.events.lastSeq, ...REPORT_ACTIONS, ...where.params, REPORT_LIMIT + 1]);
  return {
    events: rows.slice(0, REPORT_LIMIT).map((r) => ({ seq: Number(r.seq), occurredAt: r.occurred_at, action: r.action, actorEmail: r.actor_email, actorRole: r.actor_role, ip: r.ip, data: JSON.parse(r.data) as Record<string, unknown> })),
    truncated: rows.length > REPORT_LIMIT,
  };
}

async function segmentCheckpoints(em: EntityManager, first: number, last: number): Promise<{ checkpoints: ManifestCheckpoint[]; keys: { id: number; publicKeyPem: string }[] }> {
  const conn = em.getConnection();
  const rows = await conn.execute<{ seq: string; head_hash: string; count: string; created_at: string; key_id: number; signature: string }[]>(
    `select seq, head_hash, count, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at, key_id, signature
       from audit_checkpoint where seq between ? and ? order by seq, id`, [first, last]);
  const checkpoints = rows.map((r) => ({ seq: Number(r.seq), headHash: r.head_hash, count: Number(r.count), createdAt: r.created_at, keyId: r.key_id, signature: r.signature }));
  const ids = [...new Set(checkpoints.map((c) => c.keyId))];
  const keys = ids.length
    ? (await conn.execute<{ id: number; public_key_pem: string }[]>(`select id, public_key_pem from audit_signing_key where id in (${ids.map(() => '?').join(', ')}) order by id`, ids))
      .map((k) => ({ id: k.id, publicKeyPem: k.public_key_pem }))
    : [];
  return { checkpoints, keys };
}

/** Counts size and SHA-256 of what passes. */
function meter(): { stream: Transform; result: () => { size: number; sha256: string } } {
  const hash = createHash('sha256');
  let size = 0;
  let digest: string | null = null;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) { size += chunk.length; hash.update(chunk); done(null, chunk); },
  });
  return { stream, result: () => ({ size, sha256: (digest ??= hash.digest('hex')) }) };
}

/** `portico-evidence-<scope>-<time>.zip`: ASCII only, no quotes. */
export function bundleFileName(scope: ResolvedScope, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const what = scope.engagement ? `engagement-${scope.engagement.id.slice(0, 8)}`
    : scope.account ? `account-${scope.account.id.slice(0, 8)}` : 'period';
  return `portico-evidence-${what}-${stamp}.zip`;
}

/**
 * Prepares everything that can fail (range, files, report, signing key), records `evidence.exported`,
 * then streams the ZIP into `res`. Errors before streaming propagate (a JSON error answer); an error
 * while streaming ends the connection (the ZIP is then incomplete and will not open).
 */
export async function exportEvidence(deps: ExportDeps, scope: ResolvedScope, ctx: ExportContext, res: Response, log: { error: (obj: object, msg: string) => void }): Promise<void> {
  const em = deps.orm.em.fork();
  const range = await fixRange(em, scope);
  const { files, missing, items } = await planFiles(deps, em, scope);
  const report = await reportEvents(em, scope, range);
  const branding = await loadBranding(em);
  const exportedAt = new Date();
  const reportPdf = Buffer.from(await renderEvidenceReport({
    businessName: branding.businessName,
    exportedAt: exportedAt.toISOString(),
    exportedBy: `${ctx.actor.email} (${ctx.actor.role.replaceAll('_', ' ')})`,
    scope: { engagement: scope.engagement?.title ?? null, account: scope.account?.name ?? null, from: scope.from?.toISOString() ?? null, to: scope.to?.toISOString() ?? null },
    events: range.events,
    chainHead: range.head,
    timeline: report.events,
    timelineTruncated: report.truncated,
    items,
  }));
  const key = await auditSigningKey(em, deps.signingSecret);
  const segment = range.segment;
  const { checkpoints, keys } = segment ? await segmentCheckpoints(em, segment.first, segment.last) : { checkpoints: [], keys: [] };

  // The record of this export, with its range fixed, before a byte is sent.
  const eventKey = `evidence-export:${randomUUID()}`;
  const scopeData = { engagementId: scope.engagement?.id ?? null, accountId: scope.account?.id ?? null, from: scope.from?.toISOString() ?? null, to: scope.to?.toISOString() ?? null };
  const recorded = await recordAudit(em, {
    eventKey, action: 'evidence.exported', actor: ctx.actor, ip: ctx.ip, userAgent: ctx.userAgent,
    accountId: scope.account?.id ?? null,
    target: scope.engagement ? { type: 'engagement', id: scope.engagement.id } : scope.account ? { type: 'account', id: scope.account.id } : null,
    data: {
      scope: scopeData,
      events: range.events,
      segment: segment ? { firstSeq: segment.first, lastSeq: segment.last } : null,
      chainHead: range.head ? { seq: range.head.seq, sha256: range.head.hash } : null,
      files: files.length,
      ...(missing.length ? { missingFiles: missing.map((f) => f.path) } : {}),
      reportSha256: createHash('sha256').update(reportPdf).digest('hex'),
    },
  });

  const zip = new yazl.ZipFile();
  const mtime = exportedAt;
  const done: ManifestFile[] = [];
  const sources = new Set<Readable>();
  let aborted: Error | null = null;
  /** Adds a member streamed when its turn comes; resolves with its size and hash once written. */
  const add = (path: string, kind: string, open: () => Promise<Readable> | Readable, extra: Partial<ManifestFile> = {}, compress = true): Promise<void> =>
    new Promise((resolve, reject) => {
      zip.addReadStreamLazy(path, { mtime, compress }, (cb) => {
        if (aborted) { cb(aborted, new PassThrough()); reject(aborted); return; }
        Promise.resolve().then(open).then((source) => {
          const m = meter();
          sources.add(source);
          pipeline(source, m.stream).then(() => {
            sources.delete(source);
            done.push({ path, ...m.result(), kind, ...extra });
            resolve();
          }, reject);
          cb(null, m.stream);
        }, (err: unknown) => { reject(err as Error); cb(err, new PassThrough()); });
      });
    });

  const written: Promise<void>[] = [];
  if (segment) {
    written.push(add(MEMBERS.eventsJsonl, 'events-jsonl', () => Readable.from((async function* () {
      for await (const rows of chainRows(em, scope, segment.first, range.events.lastSeq!, true)) {
        yield Buffer.from(rows.map((r) => `${JSON.stringify(eventLine(r))}\n`).join(''));
      }
    })())));
    written.push(add(MEMBERS.eventsCsv, 'events-csv', () => Readable.from((async function* () {
      yield Buffer.from(`${CSV_COLUMNS.join(',')}\r\n`);
      for await (const rows of chainRows(em, scope, segment.first, range.events.lastSeq!, true)) yield Buffer.from(rows.map((r) => csvRecord(eventLine(r))).join(''));
    })())));
    written.push(add(MEMBERS.segment, 'chain-segment', () => Readable.from((async function* () {
      for await (const rows of chainRows(em, scope, segment.first, segment.last, false)) {
        yield Buffer.from(rows.map((r) => {
          const entry: SegmentEntry = r.in_scope
            ? { seq: Number(r.seq), prevHash: r.prev_hash, hash: r.hash, inScope: true }
            : { seq: Number(r.seq), prevHash: r.prev_hash, hash: r.hash, contentHash: contentHashOf(storedEvent(r)) };
          return `${JSON.stringify(entry)}\n`;
        }).join(''));
      }
    })())));
  } else {
    written.push(add(MEMBERS.eventsJsonl, 'events-jsonl', () => Readable.from([])));
    written.push(add(MEMBERS.eventsCsv, 'events-csv', () => Readable.from([Buffer.from(`${CSV_COLUMNS.join(',')}\r\n`)])));
  }
  for (const f of files) written.push(add(f.path, f.kind, f.open, { ...(f.recordedSha256 ? { recordedSha256: f.recordedSha256 } : {}), item: f.item }, false));
  written.push(add(MEMBERS.report, 'report', () => Readable.from([reportPdf]), {}, false));
  written.push(add(MEMBERS.publicKey, 'public-key', () => Readable.from([Buffer.from(key.publicKeyPem)])));

  res.status(200);
  res.setHeader('Content-Type', 'application/zip');
  // RFC 6266, quoted: the name is ASCII letters, digits and dashes only.
  res.setHeader('Content-Disposition', `attachment; filename="${bundleFileName(scope, exportedAt)}"`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  const abort = (err: Error) => {
    if (aborted) return;
    aborted = err;
    for (const s of sources) s.destroy(err);
  };
  res.on('close', () => { if (!res.writableFinished) abort(new Error('the client closed the connection')); });
  zip.on('error', (err: Error) => abort(err));
  zip.outputStream.on('error', (err: Error) => abort(err));
  zip.outputStream.pipe(res);

  try {
    await Promise.all(written);
    // Members in the order written; the checksum list, the manifest and its signature close the bundle.
    const checksums = Buffer.from(done.map((f) => `${f.sha256}  ${f.path}\n`).join(''));
    zip.addBuffer(checksums, MEMBERS.checksums, { mtime });
    const manifest: Manifest = {
      format: BUNDLE_FORMAT,
      exportedAt: exportedAt.toISOString(),
      exportedBy: { id: ctx.actor.id, email: ctx.actor.email, role: ctx.actor.role },
      scope: {
        engagementId: scope.engagement?.id ?? null, engagementTitle: scope.engagement?.title ?? null,
        accountId: scope.account?.id ?? null, accountName: scope.account?.name ?? null,
        from: scopeData.from, to: scopeData.to,
      },
      events: range.events,
      segment: segment ? {
        firstSeq: segment.first, lastSeq: segment.last, count: segment.count, reduced: segment.count - range.events.count,
        firstPrevHash: segment.firstPrevHash, anchoredByCheckpointSeq: range.anchorSeq,
      } : null,
      chainHead: range.head,
      exportEvent: { seq: recorded.seq, hash: recorded.hash, eventKey },
      checkpoints,
      checkpointKeys: keys,
      publicKey: key.publicKeyPem,
      missingFiles: missing,
      files: [...done, { path: MEMBERS.checksums, size: checksums.length, sha256: createHash('sha256').update(checksums).digest('hex'), kind: 'checksums' }],
      notes: MANIFEST_NOTES,
    };
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    zip.addBuffer(manifestBytes, MEMBERS.manifest, { mtime });
    zip.addBuffer(sign(null, manifestBytes, key.privateKey), MEMBERS.signature, { mtime, compress: false });
    zip.end();
    await new Promise<void>((resolve, reject) => {
      if (res.writableFinished) { resolve(); return; }
      res.on('finish', resolve);
      res.on('close', () => (res.writableFinished ? resolve() : reject(aborted ?? new Error('the connection closed before the bundle was sent'))));
    });
  } catch (err) {
    abort(err as Error);
    log.error({ err, eventKey }, 'evidence export stopped while streaming');
    res.destroy();
  }
}
