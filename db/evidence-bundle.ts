/**
 * The evidence bundle's format, shared by the export (`web-api/services/export-evidence.ts`) and the
 * offline verifier (`scripts/lib/evidence-verify.ts`). Pure: no database, no network.
 *
 * A bundle is a ZIP holding, in this order:
 * - `events.jsonl`, `events.csv`: the audit events in scope, every column the chain hash covers in its
 *   stored form (`data` is the jsonb text exactly as hashed), plus `seq`, `prevHash`, `hash`;
 * - `chain/segment.jsonl`: every event of the chain from the first event in scope to the last one (or
 *   on to the first signed checkpoint after it, which anchors the segment): events in scope as
 *   `{ seq, prevHash, hash, inScope: true }` (their content is in events.jsonl), every other event
 *   reduced to `{ seq, prevHash, hash, contentHash }` so that nothing of other accounts shows;
 * - `files/…`: approved deliverable versions, sealed PDFs with their certificates, invoices as sent;
 * - `report.pdf`, `public-key.pem`;
 * - `SHA256SUMS` (the lines `sha256sum -c` reads) for every member above;
 * - `manifest.json` (every member's path, size and SHA-256, including SHA256SUMS), and
 *   `manifest.json.sig`: a detached Ed25519 signature (64 raw bytes) over manifest.json's exact bytes.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { StoredEvent } from './audit.ts';

export const BUNDLE_FORMAT = 'portico-evidence/1';

export const MEMBERS = {
  eventsJsonl: 'events.jsonl',
  eventsCsv: 'events.csv',
  segment: 'chain/segment.jsonl',
  report: 'report.pdf',
  publicKey: 'public-key.pem',
  checksums: 'SHA256SUMS',
  manifest: 'manifest.json',
  signature: 'manifest.json.sig',
} as const;

/** One line of events.jsonl: the stored event as its hash covers it, with `data` as the stored jsonb text. */
export interface EventLine {
  seq: number;
  eventKey: string;
  occurredAt: string;
  action: string;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  accountId: string | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  /** The jsonb column's text, exactly as hashed (parse it to read it: `jq '.data | fromjson'`). */
  data: string;
  prevHash: string;
  hash: string;
}

/** One line of chain/segment.jsonl. */
export type SegmentEntry =
  | { seq: number; prevHash: string; hash: string; inScope: true }
  | { seq: number; prevHash: string; hash: string; contentHash: string };

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
  /** What the member is, e.g. `deliverable-version`, `sealed-document`, `certificate`, `invoice-as-sent`. */
  kind: string;
  /** The SHA-256 the database (and its audit events) recorded for this file, where there is one. */
  recordedSha256?: string;
  /** What the file belongs to. */
  item?: { type: string; id: string; title?: string };
}

export interface ManifestCheckpoint {
  seq: number;
  headHash: string;
  count: number;
  createdAt: string;
  keyId: number;
  /** Ed25519 signature (base64) over the canonical JSON of `{ portico: 'audit-checkpoint/1', seq, headHash, count, createdAt }`. */
  signature: string;
}

export interface Manifest {
  format: typeof BUNDLE_FORMAT;
  exportedAt: string;
  exportedBy: { id: string; email: string; role: string };
  scope: {
    engagementId: string | null; engagementTitle: string | null;
    accountId: string | null; accountName: string | null;
    from: string | null; to: string | null;
  };
  /** The events in scope (events.jsonl). */
  events: { count: number; firstSeq: number | null; lastSeq: number | null };
  /** The chain segment (chain/segment.jsonl), null when no event is in scope. */
  segment: {
    firstSeq: number; lastSeq: number; count: number; reduced: number;
    /** The stored hash before the segment's first event: where the segment hangs in the chain. */
    firstPrevHash: string;
    /** The signed checkpoint the segment runs on to, if one was signed after the last event in scope. */
    anchoredByCheckpointSeq: number | null;
  } | null;
  /**
   * Files the scope speaks of whose bytes were missing from the file storage when the bundle was made
   * (each with the SHA-256 recorded for it): named here so that a lost file is visible, not silently left out.
   */
  missingFiles?: Omit<ManifestFile, 'size' | 'sha256'>[];
  /** The chain head when the range was fixed (before the export's own event). */
  chainHead: { seq: number; hash: string } | null;
  /** The audit event that records this export (written before the bundle was streamed). */
  exportEvent: { seq: number; hash: string; eventKey: string };
  /** Signed checkpoints whose head falls inside the segment, in order. */
  checkpoints: ManifestCheckpoint[];
  /** Public keys (PEM) of the checkpoints, by key id. */
  checkpointKeys: { id: number; publicKeyPem: string }[];
  /** The key manifest.json.sig is made with (Ed25519, SPKI PEM); also served at /.well-known/portico-audit-key. */
  publicKey: string;
  files: ManifestFile[];
  /** How to read and check the bundle. */
  notes: string[];
}

export const MANIFEST_NOTES = [
  'Each event hash is SHA-256 over the previous hash followed by the canonical JSON of the event as stored (hash rule 2: { form: 2, eventKey, occurredAt, action, actorId, actorEmail, actorRole, accountId, targetType, targetId, ip, userAgent, data, prevHash }, keys sorted, data as the stored jsonb text). Events written before rule 2 verify under hash rule 1 and are reported as legacy.',
  'Every event in scope is in events.jsonl with all hashed columns: its hash is recomputed from it.',
  'Events outside the scope (other accounts, other engagements, other times) appear in chain/segment.jsonl reduced to seq, prevHash, hash and contentHash. Their hash cannot be recomputed from this bundle: only their links (each prevHash equals the hash of the event before it) are checked, so the segment shows that no event was inserted, removed or changed between the events in scope without revealing other data.',
  'contentHash is SHA-256 over the canonical JSON of the reduced event as stored (the hashed columns, data as jsonb text): whoever holds the whole chain can confirm each reduced line stands for the row it claims to, without this bundle showing that row.',
  'A signed checkpoint inside the segment must name the hash the segment has at its seq, and two checkpoints inside it must differ in count by the number of events between them. A segment that runs on to a checkpoint signed after the export range is anchored by it: the events in scope were in the chain when that checkpoint was signed.',
  'events.csv is for reading: cells beginning with =, +, -, @, a tab or a carriage return are prefixed with an apostrophe so spreadsheets do not run them. Hashes are recomputed from events.jsonl.',
  'Times are UTC (ISO 8601).',
];

/** The hashed columns of an event line, as the chain hash rule 2 names them. */
export function storedEventOf(line: EventLine): StoredEvent {
  return {
    eventKey: line.eventKey, occurredAt: line.occurredAt, action: line.action, actorId: line.actorId, actorEmail: line.actorEmail,
    actorRole: line.actorRole, accountId: line.accountId, targetType: line.targetType, targetId: line.targetId, ip: line.ip,
    userAgent: line.userAgent, dataText: line.data, prevHash: line.prevHash,
  };
}

/** The content hash a reduced segment line carries (see MANIFEST_NOTES). */
export function contentHashOf(event: StoredEvent): string {
  return createHash('sha256').update(canonicalJson({
    eventKey: event.eventKey, occurredAt: event.occurredAt, action: event.action, actorId: event.actorId, actorEmail: event.actorEmail,
    actorRole: event.actorRole, accountId: event.accountId, targetType: event.targetType, targetId: event.targetId, ip: event.ip,
    userAgent: event.userAgent, data: event.dataText, prevHash: event.prevHash,
  })).digest('hex');
}

/** Cells a spreadsheet would run as a formula (OWASP "CSV injection"): =, +, -, @, tab, carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break; a formula-like start gets an apostrophe. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const CSV_COLUMNS = ['seq', 'occurred_at', 'event_key', 'action', 'actor_id', 'actor_email', 'actor_role', 'account_id', 'target_type', 'target_id', 'ip', 'user_agent', 'data', 'prev_hash', 'hash'] as const;

/** One CSV record (CRLF-terminated) of an event line, in CSV_COLUMNS order. */
export function csvRecord(e: EventLine): string {
  return `${[e.seq, e.occurredAt, e.eventKey, e.action, e.actorId, e.actorEmail, e.actorRole, e.accountId, e.targetType, e.targetId, e.ip, e.userAgent, e.data, e.prevHash, e.hash].map(csvCell).join(',')}\r\n`;
}

/** The statement a checkpoint signs (the same bytes as `db/audit-checkpoint.ts` signs). */
export function checkpointStatement(c: { seq: number; headHash: string; count: number; createdAt: string }): Buffer {
  return Buffer.from(canonicalJson({ portico: 'audit-checkpoint/1', seq: c.seq, headHash: c.headHash, count: c.count, createdAt: c.createdAt }));
}

/** A member path inside `files/`: no separators or control characters from a user's title, never empty. */
export function safeName(name: string, fallback: string): string {
  const cleaned = name.normalize('NFC').replace(/[\p{Cc}\p{Cf}/\\:*?"<>|]+/gu, ' ').replace(/\s+/g, ' ').replace(/^[.\s]+/, '').slice(0, 100).trim();
  return cleaned || fallback;
}
