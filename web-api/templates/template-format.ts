/**
 * The engagement template format, version 1. Templates are stored as this JSON (in
 * engagement_template_version.definition) and exported/imported as is. Later sections
 * (deliverables, documents, billing) slot in as the arrays/objects reserved here, so old templates
 * stay valid without a migration: a template that predates a section simply has it empty.
 */
import { z } from 'zod';
import type { ChecklistItemSpec } from '../../workflows/onboarding.ts';
import type { ReviewPolicy } from '../../workflows/review.ts';
import type { BillingPlan } from '../../workflows/engagement.ts';
import type { DunningPolicy } from '../../workflows/dunning.ts';
import { Currency, DEFAULT_DUNNING, DunningPolicyInput, InvoiceLineInput, TaxRateBp } from '../services/invoices.ts';

/** ISO 8601 days or weeks after the engagement start, e.g. P5D or P2W (at most a year). */
export const Duration = z.string().regex(/^P(?:\d{1,3}W|\d{1,3}D)$/, 'Use days like P5D or weeks like P2W').meta({ id: 'Duration' });

export function durationDays(d: string): number {
  const m = /^P(?:(\d+)W|(\d+)D)$/.exec(d);
  if (!m) throw new Error(`Not a duration: ${d}`);
  return m[1] ? Number(m[1]) * 7 : Number(m[2]);
}

const Key = z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'Use lower-case letters, digits and dashes');
const Title = z.string().trim().min(1, 'Required').max(200, 'At most 200 characters');
/** Who acts: the client or the business's staff. */
const Who = z.enum(['client', 'staff'], { message: 'Choose client or staff' }).meta({ id: 'Who' });

export const FormField = z.strictObject({
  key: Key,
  label: Title,
  type: z.enum(['text', 'choice', 'date', 'yesno'], { message: 'Choose text, choice, date or yes/no' }),
  required: z.boolean().default(false),
  options: z.array(z.string().trim().min(1).max(100)).max(30).optional(),
}).meta({ id: 'FormField' });

export const Completion = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('tick') }),
  z.strictObject({ type: z.literal('upload'), accept: z.array(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'Not a media type')).min(1, 'Accept at least one file type').max(20) }),
  z.strictObject({ type: z.literal('form'), fields: z.array(FormField).min(1, 'Add at least one field').max(30) }),
], { message: 'Choose tick, upload or form' }).meta({ id: 'Completion' });

export const ChecklistItem = z.strictObject({
  key: Key,
  title: Title,
  instructions: z.string().max(5000, 'At most 5000 characters').default(''),
  assignee: Who,
  due: Duration,
  reminders: z.strictObject({
    before: z.array(Duration).max(5).default([]),
    after: z.array(Duration).max(5).default([]),
  }).default({ before: [], after: [] }),
  completion: Completion,
  blocksMilestone: Key.nullable().default(null),
}).meta({ id: 'TemplateChecklistItem' });

export const Milestone = z.strictObject({ key: Key, title: Title, owner: Who }).meta({ id: 'TemplateMilestone' });

/** One stage of a review: who reviews (a group of the account's people, or — for one engagement — named users), the rule, the timing. */
export const ReviewStage = z.strictObject({
  key: Key,
  title: Title,
  reviewers: z.union([
    z.enum(['account_team', 'client_admins', 'client_users'], { message: 'Choose the account team, client admins or client users' }).meta({ id: 'ReviewerGroup' }),
    z.strictObject({ userIds: z.array(z.uuid({ message: 'Must be a user id' }).toLowerCase()).min(1, 'Name at least one reviewer').max(20) }),
  ]),
  rule: z.enum(['any', 'all'], { message: 'Choose any or all' }).default('any'),
  /** Opens together with the stage before it instead of after it. */
  parallel: z.boolean().default(false),
  due: Duration.default('P5D'),
  reminders: z.strictObject({ before: z.array(Duration).max(5).default([]) }).default({ before: [] }),
}).meta({ id: 'TemplateReviewStage' });

export const ReviewPolicyInput = z.strictObject({
  stages: z.array(ReviewStage).min(1, 'Add at least one stage').max(6, 'At most 6 stages'),
  unlockOnApproval: z.boolean().default(true),
}).superRefine((p, ctx) => {
  const seen = new Set<string>();
  p.stages.forEach((s, i) => {
    if (seen.has(s.key)) ctx.addIssue({ code: 'custom', path: ['stages', i, 'key'], message: `Another stage has the key "${s.key}"` });
    seen.add(s.key);
  });
  if (p.stages[0]?.parallel) ctx.addIssue({ code: 'custom', path: ['stages', 0, 'parallel'], message: 'The first stage has no stage before it' });
}).meta({ id: 'ReviewPolicy' });
export type ReviewPolicyInput = z.infer<typeof ReviewPolicyInput>;

/** A deliverable of a template: reviewed by groups (named people belong to one engagement, not a template). */
export const TemplateDeliverable = z.strictObject({
  key: Key,
  title: Title,
  description: z.string().trim().max(2000, 'At most 2000 characters').default(''),
  review: ReviewPolicyInput.refine((p) => p.stages.every((s) => typeof s.reviewers === 'string'), { message: 'A template names groups of reviewers, not people' }),
}).meta({ id: 'TemplateDeliverable' });

/**
 * A document to sign shipped with a template: the PDF (kept in the file storage under its SHA-256;
 * an exported template carries the bytes in `content`, base64, which an import stores and drops),
 * the signers as roles filled in from the account when an engagement starts, and their fields.
 */
const Fraction = z.number().min(0, 'Between 0 and 1').max(1, 'Between 0 and 1');
export const TemplateDocumentSigner = z.strictObject({
  key: Key,
  roleLabel: z.string().trim().min(1, 'Required').max(100, 'At most 100 characters'),
  /** Who signs in each engagement: the account's first client admin, its account manager, or a person staff name before sending. */
  assign: z.enum(['client_admin', 'account_manager', 'choose'], { message: 'Choose the client admin, the account manager or someone named before sending' }).default('choose'),
}).meta({ id: 'TemplateDocumentSigner' });
export const TemplateDocumentField = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'Letters, digits, - and _').optional(),
  type: z.enum(['signature', 'initials', 'date', 'text'], { message: 'Choose signature, initials, date or text' }),
  signerKey: Key,
  page: z.number().int().min(1, 'Pages start at 1'),
  x: Fraction, y: Fraction, w: Fraction.refine((v) => v > 0, 'Too small'), h: Fraction.refine((v) => v > 0, 'Too small'),
  label: z.string().trim().max(100, 'At most 100 characters').default(''),
  required: z.boolean().default(true),
}).meta({ id: 'TemplateDocumentField' });
export const TemplateDocument = z.strictObject({
  key: Key,
  title: Title,
  file: z.strictObject({
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'Not a SHA-256'),
    name: z.string().trim().min(1).max(255),
    size: z.number().int().min(1),
    pageCount: z.number().int().min(1).max(2000),
    /** Only in exported JSON: the PDF itself, base64. */
    content: z.string().max(40_000_000).optional(),
  }, { message: 'Upload the PDF' }),
  ordering: z.enum(['sequential', 'parallel'], { message: 'Choose in order or all at once' }).default('sequential'),
  reminderEveryDays: z.number().int().min(0, 'At least 0').max(30, 'At most 30').default(3),
  expiresAfterDays: z.number().int().min(1, 'At least 1').max(365, 'At most 365').default(30),
  /** Sent when the engagement starts if every signer is known from the account; else a draft for the team. */
  sendOnStart: z.boolean().default(false),
  signers: z.array(TemplateDocumentSigner).min(1, 'Add at least one signer').max(10, 'At most 10 signers'),
  fields: z.array(TemplateDocumentField).max(200).default([]),
}).superRefine((d, ctx) => {
  const keys = new Set<string>();
  d.signers.forEach((s, i) => {
    if (keys.has(s.key)) ctx.addIssue({ code: 'custom', path: ['signers', i, 'key'], message: `Another signer has the key "${s.key}"` });
    keys.add(s.key);
  });
  d.fields.forEach((f, i) => {
    if (!keys.has(f.signerKey)) ctx.addIssue({ code: 'custom', path: ['fields', i, 'signerKey'], message: `No signer has the key "${f.signerKey}"` });
    if (f.page > d.file.pageCount) ctx.addIssue({ code: 'custom', path: ['fields', i, 'page'], message: `The PDF has ${d.file.pageCount} page${d.file.pageCount === 1 ? '' : 's'}` });
    if (f.x + f.w > 1.0001 || f.y + f.h > 1.0001) ctx.addIssue({ code: 'custom', path: ['fields', i, 'x'], message: 'The field goes past the edge of the page' });
  });
  const unsigned = d.signers.filter((s) => !d.fields.some((f) => f.signerKey === s.key && f.type === 'signature'));
  if (unsigned.length) ctx.addIssue({ code: 'custom', path: ['fields'], message: `Place a signature field for ${unsigned.map((s) => s.roleLabel).join(', ')}` });
}).meta({ id: 'TemplateDocument' });
export type TemplateDocument = z.infer<typeof TemplateDocument>;

/** The workflow's form of a review policy. */
export function reviewPolicy(p: ReviewPolicyInput): ReviewPolicy {
  return {
    unlockOnApproval: p.unlockOnApproval,
    stages: p.stages.map((s) => ({
      key: s.key, title: s.title, rule: s.rule, parallel: s.parallel, dueDays: durationDays(s.due),
      remindBeforeDays: s.reminders.before.map(durationDays),
      reviewers: typeof s.reviewers === 'string' ? { group: s.reviewers } : { userIds: s.reviewers.userIds },
    })),
  };
}
/**
 * When a scheduled invoice is made: a time after the engagement starts (P0D: at the start), or
 * when a milestone of the template is completed.
 */
export const BillingTrigger = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('date'), after: Duration }),
  z.strictObject({ type: z.literal('milestone'), milestone: Key }),
], { message: 'Choose a date or a milestone' }).meta({ id: 'BillingTrigger' });

/** One invoice of the billing schedule: its lines, when it is made, its terms, and whether it goes out by itself. */
export const BillingEntry = z.strictObject({
  key: Key,
  title: Title,
  lines: z.array(InvoiceLineInput).min(1, 'Add at least one line').max(50, 'At most 50 lines'),
  trigger: BillingTrigger,
  /** Payment terms: due this many days after the invoice is issued. */
  dueDays: z.number({ message: 'Enter a whole number of days' }).int('Enter a whole number of days').min(0, 'Not negative').max(365, 'At most 365 days').default(30),
  /** true: numbered, rendered, emailed and dunned at once; false: a draft for the team to review and send. */
  autoSend: z.boolean().default(false),
  notes: z.string().trim().max(2000, 'At most 2000 characters').default(''),
}).meta({ id: 'BillingEntry' });

/** The billing section: one currency and tax rate for the schedule, and the dunning policy its invoices run. */
export const Billing = z.strictObject({
  currency: Currency,
  taxRateBp: TaxRateBp.default(0),
  dunning: DunningPolicyInput.default(DEFAULT_DUNNING),
  schedule: z.array(BillingEntry).max(24, 'At most 24 scheduled invoices').default([]),
}).meta({ id: 'TemplateBilling' });
export type Billing = z.infer<typeof Billing>;

export const Phase = z.strictObject({ key: Key, title: Title, milestones: z.array(Milestone).min(1, 'Add at least one milestone').max(20) }).meta({ id: 'TemplatePhase' });

export const TemplateDefinition = z.strictObject({
  formatVersion: z.literal(1, { message: 'Only format version 1 is known' }),
  name: Title,
  description: z.string().trim().max(2000, 'At most 2000 characters').default(''),
  phases: z.array(Phase).min(1, 'Add at least one phase').max(10),
  checklist: z.array(ChecklistItem).max(50).default([]),
  deliverables: z.array(TemplateDeliverable).max(30).default([]),
  // Documents to sign, shipped with the template (templates from before them have none).
  documents: z.array(TemplateDocument).max(10, 'At most 10 documents').default([]),
  // Templates from before billing have none (null or absent): their engagements invoice nothing by themselves.
  billing: Billing.nullable().default(null),
}).superRefine((t, ctx) => {
  const dup = (keys: string[], path: (i: number) => (string | number)[], what: string) => {
    const seen = new Set<string>();
    keys.forEach((k, i) => {
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: path(i), message: `Another ${what} has the key "${k}"` });
      seen.add(k);
    });
  };
  dup(t.phases.map((p) => p.key), (i) => ['phases', i, 'key'], 'phase');
  const milestoneKeys = t.phases.flatMap((p, pi) => p.milestones.map((m, mi) => ({ key: m.key, pi, mi })));
  const seen = new Set<string>();
  for (const m of milestoneKeys) {
    if (seen.has(m.key)) ctx.addIssue({ code: 'custom', path: ['phases', m.pi, 'milestones', m.mi, 'key'], message: `Another milestone has the key "${m.key}"` });
    seen.add(m.key);
  }
  if (milestoneKeys.length > 20) ctx.addIssue({ code: 'custom', path: ['phases'], message: 'At most 20 milestones in all' });
  dup(t.checklist.map((c) => c.key), (i) => ['checklist', i, 'key'], 'checklist item');
  dup(t.deliverables.map((d) => d.key), (i) => ['deliverables', i, 'key'], 'deliverable');
  dup(t.documents.map((d) => d.key), (i) => ['documents', i, 'key'], 'document');
  if (t.billing) {
    dup(t.billing.schedule.map((e) => e.key), (i) => ['billing', 'schedule', i, 'key'], 'scheduled invoice');
    t.billing.schedule.forEach((e, i) => {
      if (e.trigger.type === 'milestone' && !seen.has(e.trigger.milestone)) {
        ctx.addIssue({ code: 'custom', path: ['billing', 'schedule', i, 'trigger', 'milestone'], message: `No milestone has the key "${e.trigger.milestone}"` });
      }
    });
  }
  t.checklist.forEach((item, i) => {
    if (item.blocksMilestone && !seen.has(item.blocksMilestone)) {
      ctx.addIssue({ code: 'custom', path: ['checklist', i, 'blocksMilestone'], message: `No milestone has the key "${item.blocksMilestone}"` });
    }
    // Refinements also run when a field failed its own check: only compare well-formed durations.
    const days = (d: string): number | null => (Duration.safeParse(d).success ? durationDays(d) : null);
    const due = days(item.due);
    item.reminders.before.forEach((d, j) => {
      const before = days(d);
      if (due !== null && before !== null && before > due) ctx.addIssue({ code: 'custom', path: ['checklist', i, 'reminders', 'before', j], message: 'A reminder before the due date cannot be earlier than the start' });
    });
    if (item.completion.type === 'form') {
      dup(item.completion.fields.map((f) => f.key), (j) => ['checklist', i, 'completion', 'fields', j, 'key'], 'field');
      item.completion.fields.forEach((f, j) => {
        if (f?.type === 'choice' && !(f.options?.length)) ctx.addIssue({ code: 'custom', path: ['checklist', i, 'completion', 'fields', j, 'options'], message: 'A choice needs at least one option' });
      });
    }
  });
}).meta({ id: 'TemplateDefinition' });
export type TemplateDefinition = z.infer<typeof TemplateDefinition>;

/** The milestones of a template in order, as the engagement workflow runs them. */
export function templateMilestones(t: TemplateDefinition): { key: string; title: string; owner: 'client' | 'staff'; phase: string }[] {
  return t.phases.flatMap((p) => p.milestones.map((m) => ({ ...m, phase: p.title })));
}

/** What a template version runs as: milestones in order (with their blocking items), the checklist and the billing schedule. */
export function workflowPlan(t: TemplateDefinition): {
  milestones: { title: string; owner: 'client' | 'staff'; blockedBy: string[] }[];
  items: ChecklistItemSpec[];
  billing: Omit<BillingPlan, 'dayMs'> | null;
} {
  // The workflow names milestones m1, m2, … in template order.
  const milestoneIds = new Map(templateMilestones(t).map((m, i) => [m.key, `m${i + 1}`]));
  return {
    billing: t.billing?.schedule.length ? {
      currency: t.billing.currency,
      taxRateBp: t.billing.taxRateBp,
      dunning: t.billing.dunning as DunningPolicy,
      schedule: t.billing.schedule.map((e) => ({
        key: e.key, title: e.title, lines: e.lines, dueDays: e.dueDays, autoSend: e.autoSend, notes: e.notes,
        trigger: e.trigger.type === 'date' ? { afterDays: durationDays(e.trigger.after) } : { milestoneId: milestoneIds.get(e.trigger.milestone)! },
      })),
    } : null,
    milestones: templateMilestones(t).map((m) => ({
      title: m.title, owner: m.owner, blockedBy: t.checklist.filter((i) => i.blocksMilestone === m.key).map((i) => i.key),
    })),
    items: t.checklist.map((i) => ({
      key: i.key, title: i.title, instructions: i.instructions, assignee: i.assignee, dueDays: durationDays(i.due),
      remindBeforeDays: i.reminders.before.map(durationDays), remindAfterDays: i.reminders.after.map(durationDays),
      completion: i.completion, blocksMilestone: i.blocksMilestone,
    })),
  };
}
