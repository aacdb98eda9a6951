/**
 * The readable audit report of an evidence bundle (`report.pdf`): the scope, then every approval,
 * signature, checklist completion and invoice event in chain order with its absolute time (UTC), who
 * acted and the hashes involved, then the items whose files the bundle holds. Pure: the caller reads
 * the data; this draws it with pdf-lib and the shipped DejaVu fonts (any script a name may use).
 */
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { documentFonts } from '../../domain/signing/fonts.ts';
import { drawShapedText } from '../../domain/signing/draw-text.ts';
import { cleanText, wrapText } from '../../domain/signing/text.ts';

export interface ReportEvent {
  seq: number;
  occurredAt: string;
  action: string;
  actorEmail: string | null;
  actorRole: string | null;
  ip: string | null;
  data: Record<string, unknown>;
}

export interface ReportInput {
  businessName: string;
  exportedAt: string;
  exportedBy: string;
  scope: { engagement: string | null; account: string | null; from: string | null; to: string | null };
  events: { count: number; firstSeq: number | null; lastSeq: number | null };
  chainHead: { seq: number; hash: string } | null;
  /** Key events in chain order (decisions, signatures, checklist, invoices). */
  timeline: ReportEvent[];
  /** True when the timeline was cut at its limit (events.jsonl holds them all). */
  timelineTruncated: boolean;
  items: { kind: string; title: string; detail: string[] }[];
}

/** Which events the report's timeline shows. */
export const REPORT_ACTIONS = [
  'engagement.started', 'engagement.milestone_completed',
  'checklist.item_completed', 'checklist.item_waived', 'checklist.item_reopened',
  'review.version_submitted', 'review.decision', 'review.decision_changed',
  'document.sent', 'document.viewed', 'document.consented', 'document.signed', 'document.declined', 'document.voided', 'document.sealed', 'document.completed',
  'invoice.sent', 'invoice.voided', 'invoice.disputed', 'invoice.dispute_resolved', 'payment.recorded', 'payment.confirmed', 'payment.refunded',
  'evidence.exported',
] as const;

/** `2026-03-04 10:22:31.123 UTC`: absolute, with its time zone. */
export function reportTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().replace('T', ' ').replace('Z', '')} UTC`;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** One line saying what an event was, with the hashes that make it checkable. */
export function describeReportEvent(e: ReportEvent): string {
  const d = e.data;
  switch (e.action) {
    case 'review.version_submitted':
      return `Version ${str(d.version)} of "${str(d.deliverable)}" submitted for review${d.sha256 ? `, SHA-256 ${str(d.sha256)}` : ''}`;
    case 'review.decision':
    case 'review.decision_changed':
      return `${e.action === 'review.decision_changed' ? 'Changed decision' : 'Decision'} on "${str(d.deliverable)}" version ${str(d.version)} (round ${str(d.round)}, stage ${str(d.stage)}): ${str(d.decision).replaceAll('_', ' ')}`
        + `${d.comment ? ` — "${str(d.comment)}"` : ''}; version SHA-256 ${str(d.sha256)}${d.stageOutcome ? `; stage ${str(d.stageOutcome).replaceAll('_', ' ')}` : ''}`;
    case 'document.signed':
      return `"${str(d.document)}" signed by ${str(d.signer)}${d.role ? ` (${str(d.role)})` : ''}${d.method ? `, authenticated by ${str(d.method)}` : ''}`;
    case 'document.declined':
      return `"${str(d.document)}" declined by ${str(d.signer)}: ${str(d.reason)}`;
    case 'document.sealed':
      return `"${str(d.document)}" sealed; original SHA-256 ${str(d.originalSha256)}, sealed SHA-256 ${str(d.sealedSha256)}`;
    case 'document.completed':
      return `"${str(d.document)}" completed by every signer; sealed SHA-256 ${str(d.sealedSha256)}`;
    case 'invoice.sent':
      return `Invoice ${str(d.number)} sent`;
    case 'payment.recorded':
    case 'payment.confirmed':
    case 'payment.refunded':
      return `${e.action.replace('payment.', 'Payment ')}: ${str(d.amountMinor)} (minor units)${d.method ? ` by ${str(d.method)}` : ''}${d.balanceMinor !== undefined ? `; balance now ${str(d.balanceMinor)}` : ''}`;
    case 'evidence.exported':
      return `Evidence exported (events ${str((d.events as Record<string, unknown> | undefined)?.firstSeq)}–${str((d.events as Record<string, unknown> | undefined)?.lastSeq)})`;
    default: {
      const named = str(d.item) || str(d.title) || str(d.document) || str(d.deliverable) || str(d.milestone) || str(d.invoice);
      return `${e.action}${named ? `: ${named}` : ''}${d.reason ? ` — ${str(d.reason)}` : ''}`;
    }
  }
}

const DARK = rgb(0.11, 0.11, 0.13);
const MUTED = rgb(0.4, 0.41, 0.45);
const [W, H] = [595.28, 841.89];
const MARGIN = 48;

/** Renders the report. */
export async function renderEvidenceReport(input: ReportInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`Evidence report — ${input.businessName}`);
  doc.setProducer('Portico');
  doc.setCreationDate(new Date(input.exportedAt));
  doc.setModificationDate(new Date(input.exportedAt));
  const fonts = documentFonts(doc);
  const regular = await fonts.get('regular');
  const bold = await fonts.get('bold');
  let page: PDFPage = doc.addPage([W, H]);
  let y = H - MARGIN;
  const width = W - 2 * MARGIN;
  const newPage = () => { page = doc.addPage([W, H]); y = H - MARGIN; };
  const text = (s: string, opts: { font?: PDFFont; size?: number; color?: typeof DARK; indent?: number; gap?: number } = {}) => {
    const font = opts.font ?? regular;
    const size = opts.size ?? 9;
    const indent = opts.indent ?? 0;
    for (const line of wrapText(cleanText(s), font, size, width - indent)) {
      if (y - size < MARGIN) newPage();
      y -= size * 1.3;
      drawShapedText(page, line, { x: MARGIN + indent, y, size, font, color: opts.color ?? DARK });
    }
    y -= opts.gap ?? 2;
  };
  const heading = (s: string) => { if (y < MARGIN + 60) newPage(); y -= 8; text(s, { font: bold, size: 13, gap: 6 }); };

  text(input.businessName, { size: 10, color: MUTED });
  text('Evidence report', { font: bold, size: 20, gap: 10 });
  const scope = [
    input.scope.account ? `Account: ${input.scope.account}` : null,
    input.scope.engagement ? `Engagement: ${input.scope.engagement}` : null,
    input.scope.from || input.scope.to ? `Period: ${input.scope.from ? reportTime(input.scope.from) : 'the beginning'} to ${input.scope.to ? reportTime(input.scope.to) : 'the export'}` : null,
  ].filter((s): s is string => !!s);
  for (const s of scope) text(s, { size: 10 });
  text(`Exported ${reportTime(input.exportedAt)} by ${input.exportedBy}`, { size: 10 });
  text(input.events.count
    ? `${input.events.count} audit events in scope, chain positions ${input.events.firstSeq} to ${input.events.lastSeq}`
    : 'No audit events in scope', { size: 10 });
  if (input.chainHead) text(`Chain head when exported: event ${input.chainHead.seq}, hash ${input.chainHead.hash}`, { size: 9, color: MUTED });
  text('All times are UTC. Every event below is in events.jsonl with its hash; manifest.json lists the SHA-256 of every file and is signed (manifest.json.sig). Check the bundle offline with `npm run evidence:verify -- <bundle.zip>`.', { size: 9, color: MUTED, gap: 8 });

  heading('Approvals, signatures, checklist and invoices, in order');
  if (!input.timeline.length) text('Nothing of this kind in scope.', { color: MUTED });
  for (const e of input.timeline) {
    text(`${reportTime(e.occurredAt)} · event ${e.seq}`, { font: bold, size: 8.5, gap: 0 });
    const who = e.actorEmail ? `${e.actorEmail}${e.actorRole ? ` (${e.actorRole.replaceAll('_', ' ')})` : ''}${e.ip ? ` from ${e.ip}` : ''}` : 'Portico (workflow)';
    text(`${describeReportEvent(e)} — by ${who}`, { indent: 10, gap: 4 });
  }
  if (input.timelineTruncated) text('The list stops here; events.jsonl holds every event in scope.', { color: MUTED });

  heading('Items whose files this bundle holds');
  if (!input.items.length) text('None.', { color: MUTED });
  for (const item of input.items) {
    text(`${item.kind}: ${item.title}`, { font: bold, size: 9.5, gap: 0 });
    for (const line of item.detail) text(line, { indent: 10, gap: 0 });
    y -= 4;
  }

  const pages = doc.getPages();
  pages.forEach((p, i) => {
    drawShapedText(p, `Page ${i + 1} of ${pages.length}`, { x: W - MARGIN - regular.widthOfTextAtSize(`Page ${i + 1} of ${pages.length}`, 8), y: MARGIN / 2, size: 8, font: regular, color: MUTED });
  });
  return doc.save();
}
