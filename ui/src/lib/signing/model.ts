/**
 * The signing screens' logic, kept plain so it is unit-tested: labels, progress, the geometry of
 * fields on a page (fractions of the page from its top-left corner) and the readable history.
 */
import type { DocumentEvent, DocumentStatus, DocumentSummary, FieldPlacement, SignatureDocument, Signer } from '../api/schema.d.ts';

/** A field on a page (the API's FieldPlacement; named apart from the component that places it). */
export type Field = FieldPlacement;
export type FieldType = FieldPlacement['type'];
export type Ordering = SignatureDocument['ordering'];
/** A signer while being set up: before it is saved it has no position or status. */
export type SignerDraft = Pick<Signer, 'key' | 'name' | 'email' | 'roleLabel'>;

export const STATUS_LABELS: Record<DocumentStatus, string> = {
  draft: 'Draft', collecting: 'Collecting signatures', completed: 'Completed', declined: 'Declined', expired: 'Expired', voided: 'Voided',
};

/** The badge colour of a status: done, in progress, stopped or neutral. */
export const STATUS_TONE: Record<DocumentStatus, 'done' | 'progress' | 'stopped' | 'neutral'> = {
  draft: 'neutral', collecting: 'progress', completed: 'done', declined: 'stopped', expired: 'stopped', voided: 'stopped',
};

export const FIELD_TYPES: readonly FieldType[] = ['signature', 'initials', 'date', 'text'];

export const FIELD_TYPE_LABELS: Record<FieldType, string> = { signature: 'Signature', initials: 'Initials', date: 'Date signed', text: 'Text' };

/** A new field's size, as fractions of the page: a signature line, a small initials box, a date, a line of text. */
export const DEFAULT_SIZE: Record<FieldType, { w: number; h: number }> = {
  signature: { w: 0.3, h: 0.06 }, initials: { w: 0.1, h: 0.05 }, date: { w: 0.2, h: 0.035 }, text: { w: 0.3, h: 0.035 },
};

/** The smallest a field may be made (a fraction of the page). */
export const MIN_SIZE = 0.02;
/** One arrow-key press moves or resizes a field by this much of the page. */
export const KEY_STEP = 0.01;

/** "2 of 3 signed". */
export function signedProgress(signers: Pick<Signer, 'status'>[]): string {
  return `${signers.filter((s) => s.status === 'signed').length} of ${signers.length} signed`;
}

/** What a signer's row says: "Signed", "Declined", "Their turn" (or "Your turn"), "Waiting". */
export function signerStatusLabel(status: Signer['status'], you = false): string {
  switch (status) {
    case 'signed': return 'Signed';
    case 'declined': return 'Declined';
    case 'current': return you ? 'Your turn' : 'Their turn';
    default: return 'Waiting';
  }
}

/** "Signature of Alex Morgan, page 3" (the accessible name of a placed field). */
export function fieldLabel(field: Pick<Field, 'type' | 'page' | 'label'>, signerName: string): string {
  const what = field.type === 'text' && field.label ? `Text “${field.label}”` : FIELD_TYPE_LABELS[field.type];
  return `${what} of ${signerName || 'an unnamed signer'}, page ${field.page}`;
}

/** Documents waiting on the viewer first, then the newest. */
export function sortDocuments<T extends Pick<DocumentSummary, 'waitingOnYou' | 'createdAt'>>(list: T[]): T[] {
  return [...list].sort((a, b) => Number(b.waitingOnYou) - Number(a.waitingOnYou) || b.createdAt.localeCompare(a.createdAt));
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
/** Four decimals: a tenth of a point on a Letter page, and tidy JSON. */
const round = (v: number) => Math.round(v * 10_000) / 10_000;

/** Keeps a field on its page and at least MIN_SIZE big. */
export function clampField<T extends Pick<Field, 'x' | 'y' | 'w' | 'h'>>(f: T): T {
  const w = round(clamp(f.w, MIN_SIZE, 1));
  const h = round(clamp(f.h, MIN_SIZE, 1));
  return { ...f, w, h, x: round(clamp(f.x, 0, 1 - w)), y: round(clamp(f.y, 0, 1 - h)) };
}

/** A new field of the default size centred on a point of the page (kept on the page). */
export function placeField(input: { id: string; type: FieldType; signerKey: string; page: number; cx: number; cy: number; label?: string }): Field {
  const { w, h } = DEFAULT_SIZE[input.type];
  return clampField({
    id: input.id, type: input.type, signerKey: input.signerKey, page: input.page,
    x: input.cx - w / 2, y: input.cy - h / 2, w, h, label: input.label ?? '', required: true,
  });
}

export function moveField<T extends Pick<Field, 'x' | 'y' | 'w' | 'h'>>(f: T, dx: number, dy: number): T {
  return clampField({ ...f, x: f.x + dx, y: f.y + dy });
}

/** Resizes from the bottom-right corner; the top-left corner stays put. */
export function resizeField<T extends Pick<Field, 'x' | 'y' | 'w' | 'h'>>(f: T, dw: number, dh: number): T {
  const w = clamp(f.w + dw, MIN_SIZE, 1 - f.x);
  const h = clamp(f.h + dh, MIN_SIZE, 1 - f.y);
  return clampField({ ...f, w, h });
}

/** What a key does to the selected field: arrows move it, shift+arrows resize it, Delete or Backspace removes it. */
export type KeyAction = { kind: 'move'; dx: number; dy: number } | { kind: 'resize'; dw: number; dh: number } | { kind: 'remove' } | null;

export function keyAction(key: string, shift: boolean, step = KEY_STEP): KeyAction {
  const delta: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
  const d = delta[key];
  if (d) return shift ? { kind: 'resize', dw: d[0], dh: d[1] } : { kind: 'move', dx: d[0], dy: d[1] };
  if (key === 'Delete' || key === 'Backspace') return { kind: 'remove' };
  return null;
}

/** The first free id "f1", "f2"… (the API's own pattern for fields without one). */
export function nextFieldId(fields: Pick<Field, 'id'>[]): string {
  const used = new Set(fields.map((f) => f.id));
  let n = fields.length + 1;
  while (used.has(`f${n}`)) n += 1;
  return `f${n}`;
}

/** The first free signer key "signer-1", "signer-2"…. */
export function nextSignerKey(signers: Pick<SignerDraft, 'key'>[]): string {
  const used = new Set(signers.map((s) => s.key));
  let n = 1;
  while (used.has(`signer-${n}`)) n += 1;
  return `signer-${n}`;
}

/** What must be fixed before a draft can be sent, keyed like the API's field paths. */
export function setupProblems(signers: SignerDraft[], fields: Pick<Field, 'type' | 'signerKey'>[]): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!signers.length) problems.signers = 'Add at least one signer';
  const emails = new Set<string>();
  signers.forEach((s, i) => {
    if (!s.name.trim()) problems[`signers.${i}.name`] = 'Required';
    if (!s.email.trim()) problems[`signers.${i}.email`] = 'Required';
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s.email.trim())) problems[`signers.${i}.email`] = 'Enter an email address like name@example.com';
    else if (emails.has(s.email.trim().toLowerCase())) problems[`signers.${i}.email`] = 'Another signer has this email';
    emails.add(s.email.trim().toLowerCase());
    if (!s.roleLabel.trim()) problems[`signers.${i}.roleLabel`] = 'Required';
  });
  const unplaced = signers.filter((s) => !fields.some((f) => f.signerKey === s.key && f.type === 'signature'));
  if (signers.length && unplaced.length) {
    problems.fields = `Place a signature field for ${unplaced.map((s) => s.name.trim() || 'each signer').join(', ')}`;
  }
  return problems;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** One line of the document's history, in words. */
export function describeEvent(e: Pick<DocumentEvent, 'action' | 'data' | 'actor'>): string {
  const d = e.data ?? {};
  switch (e.action) {
    case 'document.created': return `Uploaded${typeof d.pages === 'number' ? ` (${d.pages} page${d.pages === 1 ? '' : 's'})` : ''}${e.actor ? ` by ${e.actor}` : ''}`;
    case 'document.sent': return `Sent for signature${Array.isArray(d.signers) && d.signers.length ? ` to ${(d.signers as unknown[]).map(text).join(', ')}` : ''}`;
    case 'document.viewed': return `Opened by ${text(d.signer) || e.actor || 'a signer'}`;
    case 'document.consented': return `${text(d.signer) || e.actor || 'A signer'} agreed to sign electronically`;
    case 'document.code_sent': return `One-time code emailed to ${text(d.signer) || 'a signer'}`;
    case 'document.code_verified': return `${text(d.signer) || 'A signer'} confirmed their identity with a one-time code`;
    case 'document.signed': return `Signed by ${text(d.signer) || e.actor || 'a signer'}${d.role ? ` (${text(d.role)})` : ''}`;
    case 'document.declined': return `Declined by ${text(d.signer) || e.actor || 'a signer'}${d.reason ? `: “${text(d.reason)}”` : ''}`;
    case 'document.voided': return `Voided${e.actor ? ` by ${e.actor}` : ''}${d.reason ? `: “${text(d.reason)}”` : ''}`;
    case 'document.expired': return 'Expired before everyone signed';
    case 'document.sealed': return 'Sealed: signatures stamped and the certificate of completion added';
    case 'document.completed': return 'Completed: everyone has signed';
    default: return e.action.replace(/^document\./, '').replaceAll('_', ' ');
  }
}
