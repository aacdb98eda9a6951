/**
 * The editor's model of a template: plain data the TemplateDraft rune class holds, with the
 * operations on it and the conversions from and to the API's TemplateDefinition. Every entry has
 * a `uid` of its own (for keyed lists and focus) besides its template `key`, which stays empty
 * until the definition is built: then a key is made from the title. Checklist items point at
 * milestones by uid, so renaming or moving a milestone keeps the link. Durations are edited as
 * days: a definition written in weeks ("P1W") comes back in days ("P7D").
 */
import { move, splitList } from './array.ts';
import { daysToDuration, durationToDays, formatDayList, parseDayList } from './duration.ts';
import { slugify, uniqueKey } from './keys.ts';
import { minorToInput, parseMoney, parsePercent, basisPointsToPercent } from '../billing/money.ts';
import type { RequestBody } from '../api/request-body.ts';
import type {
  BillingEntry, DunningPolicy, FormField, ReviewerGroup, TemplateBilling, TemplateChecklistItem, TemplateDefinition, TemplateDeliverable, TemplateDocument,
  TemplateReviewStage, Who,
} from '../api/schema.d.ts';
import type { FieldType, ReviewRule } from './labels.ts';

/** What publishing takes (`POST /api/templates`, `PUT /api/templates/:id`): fields with a default may be left out. */
export type TemplateInput = RequestBody<'/api/templates', 'post'>;
/** The definition the editor publishes: every section written out; billing without a dunning policy runs the API's default. */
export type PublishedDefinition = Omit<TemplateDefinition, 'billing'> & { billing: TemplateInput['billing'] };

export interface DraftMilestone { uid: string; key: string; title: string; owner: Who }
export interface DraftPhase { uid: string; key: string; title: string; milestones: DraftMilestone[] }
export interface DraftField { uid: string; key: string; label: string; type: FieldType; required: boolean; options: string }
export interface DraftItem {
  uid: string;
  key: string;
  title: string;
  instructions: string;
  assignee: Who;
  /** Days after the start; null while the input is empty. */
  dueDays: number | null;
  /** Comma-separated days, as typed. */
  remindBefore: string;
  remindAfter: string;
  completion: 'tick' | 'upload' | 'form';
  accept: string[];
  fields: DraftField[];
  /** The uid of the milestone this item blocks, or '' for none. */
  blocksMilestone: string;
}
export interface DraftStage {
  uid: string;
  key: string;
  title: string;
  reviewers: ReviewerGroup;
  rule: ReviewRule;
  parallel: boolean;
  /** Days after the stage opens; null while the input is empty. */
  dueDays: number | null;
  /** Comma-separated days, as typed. */
  remindBefore: string;
}
export interface DraftDeliverable {
  uid: string;
  key: string;
  title: string;
  description: string;
  /** Clients may download the approved version. */
  unlockOnApproval: boolean;
  stages: DraftStage[];
}
export interface DraftBillingLine {
  uid: string;
  description: string;
  /** The amount as typed, in the billing currency ("3000.00"). */
  amount: string;
  /** Kept from the definition (1000 = one). */
  quantityMilli: number;
}
export interface DraftBillingEntry {
  uid: string;
  key: string;
  title: string;
  trigger: 'date' | 'milestone';
  /** Days after the engagement starts (a date trigger); null while the input is empty. */
  afterDays: number | null;
  /** The uid of the milestone (a milestone trigger), or '' for none chosen. */
  milestone: string;
  /** Payment terms in days; null while the input is empty. */
  dueDays: number | null;
  autoSend: boolean;
  notes: string;
  lines: DraftBillingLine[];
}
export interface DraftBilling {
  /** Off: the template has no billing section (null). */
  enabled: boolean;
  currency: string;
  /** The tax rate in percent, as typed ("20", "5.5"). */
  taxPercent: string;
  /** Kept as it came (the editor does not change it); absent: the API's default policy. */
  dunning: DunningPolicy | undefined;
  schedule: DraftBillingEntry[];
}
export interface DraftData {
  name: string;
  description: string;
  phases: DraftPhase[];
  checklist: DraftItem[];
  deliverables: DraftDeliverable[];
  billing: DraftBilling;
  /** A section the editor does not edit yet, kept as it came. */
  documents: TemplateDocument[];
}

let counter = 0;
export const newUid = (): string => `d${++counter}`;

export const newMilestone = (): DraftMilestone => ({ uid: newUid(), key: '', title: '', owner: 'staff' });
export const newPhase = (): DraftPhase => ({ uid: newUid(), key: '', title: '', milestones: [newMilestone()] });
export const newField = (): DraftField => ({ uid: newUid(), key: '', label: '', type: 'text', required: false, options: '' });
export const newItem = (): DraftItem => ({
  uid: newUid(), key: '', title: '', instructions: '', assignee: 'client', dueDays: 5, remindBefore: '1', remindAfter: '1, 3',
  completion: 'tick', accept: ['application/pdf'], fields: [], blocksMilestone: '',
});

export const newStage = (): DraftStage => ({
  uid: newUid(), key: '', title: '', reviewers: 'client_users', rule: 'any', parallel: false, dueDays: 5, remindBefore: '1',
});
// A review needs at least one stage, so a new deliverable comes with one.
export const newDeliverable = (): DraftDeliverable => ({ uid: newUid(), key: '', title: '', description: '', unlockOnApproval: true, stages: [newStage()] });

export const newBillingLine = (): DraftBillingLine => ({ uid: newUid(), description: '', amount: '', quantityMilli: 1000 });
export const newBillingEntry = (): DraftBillingEntry => ({
  uid: newUid(), key: '', title: '', trigger: 'date', afterDays: 0, milestone: '', dueDays: 30, autoSend: false, notes: '', lines: [newBillingLine()],
});
export const emptyBilling = (): DraftBilling => ({ enabled: false, currency: 'EUR', taxPercent: '0', dunning: undefined, schedule: [] });

export function emptyDraft(): DraftData {
  return { name: '', description: '', phases: [newPhase()], checklist: [], deliverables: [], documents: [], billing: emptyBilling() };
}

function billingFromDefinition(b: TemplateBilling | null | undefined, milestoneUids: Map<string, string>): DraftBilling {
  if (!b) return emptyBilling();
  return {
    enabled: true, currency: b.currency, taxPercent: basisPointsToPercent(b.taxRateBp ?? 0), dunning: b.dunning,
    schedule: (b.schedule ?? []).map((e): DraftBillingEntry => ({
      uid: newUid(), key: e.key, title: e.title, trigger: e.trigger.type,
      afterDays: e.trigger.type === 'date' ? durationToDays(e.trigger.after) : 0,
      milestone: e.trigger.type === 'milestone' ? (milestoneUids.get(e.trigger.milestone) ?? '') : '',
      dueDays: e.dueDays ?? 30, autoSend: e.autoSend ?? false, notes: e.notes ?? '',
      lines: e.lines.map((l) => ({ uid: newUid(), description: l.description, amount: minorToInput(l.unitMinor, b.currency), quantityMilli: l.quantityMilli ?? 1000 })),
    })),
  };
}

export function fromDefinition(def: TemplateDefinition): DraftData {
  const milestoneUids = new Map<string, string>();
  const phases = def.phases.map((p): DraftPhase => ({
    uid: newUid(), key: p.key, title: p.title,
    milestones: p.milestones.map((m) => {
      const uid = newUid();
      milestoneUids.set(m.key, uid);
      return { uid, key: m.key, title: m.title, owner: m.owner };
    }),
  }));
  const checklist = (def.checklist ?? []).map((c): DraftItem => ({
    uid: newUid(), key: c.key, title: c.title, instructions: c.instructions ?? '', assignee: c.assignee,
    dueDays: durationToDays(c.due), remindBefore: formatDayList(c.reminders?.before ?? []), remindAfter: formatDayList(c.reminders?.after ?? []),
    completion: c.completion.type,
    accept: c.completion.type === 'upload' ? [...c.completion.accept] : ['application/pdf'],
    fields: c.completion.type === 'form'
      ? c.completion.fields.map((f) => ({ uid: newUid(), key: f.key, label: f.label, type: f.type, required: f.required ?? false, options: (f.options ?? []).join(', ') }))
      : [],
    blocksMilestone: c.blocksMilestone ? (milestoneUids.get(c.blocksMilestone) ?? '') : '',
  }));
  // The fallbacks are the API's defaults, for a definition that leaves them out.
  const deliverables = (def.deliverables ?? []).map((dl): DraftDeliverable => ({
    uid: newUid(), key: dl.key, title: dl.title, description: dl.description ?? '', unlockOnApproval: dl.review.unlockOnApproval ?? true,
    stages: dl.review.stages.map((s) => ({
      // A template names groups of reviewers, never people (the API refuses user ids in a template).
      uid: newUid(), key: s.key, title: s.title, reviewers: typeof s.reviewers === 'string' ? s.reviewers : 'client_users', rule: s.rule ?? 'any', parallel: s.parallel ?? false,
      dueDays: durationToDays(s.due ?? 'P5D'), remindBefore: formatDayList(s.reminders?.before ?? []),
    })),
  }));
  return {
    name: def.name, description: def.description ?? '', phases, checklist, deliverables,
    documents: def.documents ?? [], billing: billingFromDefinition(def.billing, milestoneUids),
  };
}

/** Gives every entry without a key one made from its title, unique among its kind. */
function assignKeys<T extends { key: string }>(entries: T[], title: (e: T) => string, fallback: string): string[] {
  const taken = new Set(entries.map((e) => e.key.trim()).filter(Boolean));
  return entries.map((e) => e.key.trim() || uniqueKey(slugify(title(e), fallback), taken));
}

/** The definition to publish: strings trimmed, keys filled in; order and indexes as in the draft. */
export function toDefinition(d: DraftData): PublishedDefinition {
  const phaseKeys = assignKeys(d.phases, (p) => p.title, 'phase');
  const allMilestones = d.phases.flatMap((p) => p.milestones);
  const milestoneKeys = assignKeys(allMilestones, (m) => m.title, 'milestone');
  const keyOfMilestone = new Map(allMilestones.map((m, i) => [m.uid, milestoneKeys[i]!]));
  const itemKeys = assignKeys(d.checklist, (c) => c.title, 'item');
  const deliverableKeys = assignKeys(d.deliverables, (dl) => dl.title, 'deliverable');
  let mi = 0;
  return {
    formatVersion: 1,
    name: d.name.trim(),
    description: d.description.trim(),
    phases: d.phases.map((p, pi) => ({
      key: phaseKeys[pi]!,
      title: p.title.trim(),
      milestones: p.milestones.map((m) => ({ key: milestoneKeys[mi++]!, title: m.title.trim(), owner: m.owner })),
    })),
    checklist: d.checklist.map((c, ci): TemplateChecklistItem => {
      const fieldKeys = assignKeys(c.fields, (f) => f.label, 'field');
      const completion: TemplateChecklistItem['completion'] = c.completion === 'upload'
        ? { type: 'upload', accept: [...c.accept] }
        : c.completion === 'form'
          ? {
              type: 'form',
              fields: c.fields.map((f, fi): FormField => ({
                key: fieldKeys[fi]!, label: f.label.trim(), type: f.type, required: f.required,
                ...(f.type === 'choice' ? { options: splitList(f.options) } : {}),
              })),
            }
          : { type: 'tick' };
      return {
        key: itemKeys[ci]!,
        title: c.title.trim(),
        instructions: c.instructions.trim(),
        assignee: c.assignee,
        due: daysToDuration(c.dueDays ?? 0),
        reminders: { before: parseDayList(c.remindBefore).durations, after: parseDayList(c.remindAfter).durations },
        completion,
        blocksMilestone: (c.blocksMilestone && keyOfMilestone.get(c.blocksMilestone)) || null,
      };
    }),
    deliverables: d.deliverables.map((dl, di): TemplateDeliverable => {
      const stageKeys = assignKeys(dl.stages, (s) => s.title, 'stage');
      return {
        key: deliverableKeys[di]!,
        title: dl.title.trim(),
        description: dl.description.trim(),
        review: {
          stages: dl.stages.map((s, si): TemplateReviewStage => ({
            key: stageKeys[si]!,
            title: s.title.trim(),
            reviewers: s.reviewers,
            rule: s.rule,
            // The first stage has none before it to run alongside.
            parallel: si > 0 && s.parallel,
            due: daysToDuration(s.dueDays ?? 0),
            reminders: { before: parseDayList(s.remindBefore).durations },
          })),
          unlockOnApproval: dl.unlockOnApproval,
        },
      };
    }),
    documents: d.documents,
    billing: billingToDefinition(d.billing, keyOfMilestone),
  };
}

/** The billing section to publish (null when off). Amounts are parsed here; localErrors() has refused bad ones. */
function billingToDefinition(b: DraftBilling, keyOfMilestone: Map<string, string>): PublishedDefinition['billing'] {
  if (!b.enabled) return null;
  const currency = b.currency.trim().toUpperCase();
  const tax = parsePercent(b.taxPercent);
  const entryKeys = assignKeys(b.schedule, (e) => e.title, 'invoice');
  return {
    currency,
    taxRateBp: tax.ok ? tax.value : 0,
    ...(b.dunning ? { dunning: b.dunning } : {}),
    schedule: b.schedule.map((e, i): BillingEntry => ({
      key: entryKeys[i]!,
      title: e.title.trim(),
      lines: e.lines.map((l) => {
        const amount = parseMoney(l.amount, currency, { allowZero: true });
        return { description: l.description.trim(), quantityMilli: l.quantityMilli, unitMinor: amount.ok ? amount.value : 0 };
      }),
      trigger: e.trigger === 'date' ? { type: 'date', after: daysToDuration(e.afterDays ?? 0) } : { type: 'milestone', milestone: keyOfMilestone.get(e.milestone) ?? '' },
      dueDays: e.dueDays ?? 0,
      autoSend: e.autoSend,
      notes: e.notes.trim(),
    })),
  };
}

/**
 * What the browser can tell before sending: inputs that cannot become a definition at all (an
 * empty due date, reminders that are not numbers). Keyed by the API's field paths.
 */
export function localErrors(d: DraftData): Record<string, string> {
  const errors: Record<string, string> = {};
  const days = (n: number | null, path: string) => {
    if (n === null || !Number.isInteger(n) || n < 0 || n > 999) errors[path] = 'Enter a whole number of days from 0 to 999';
  };
  const dayList = (text: string, path: string) => {
    const error = parseDayList(text).error;
    if (error) errors[path] = error;
  };
  d.checklist.forEach((c, i) => {
    days(c.dueDays, `checklist.${i}.due`);
    dayList(c.remindBefore, `checklist.${i}.reminders.before`);
    dayList(c.remindAfter, `checklist.${i}.reminders.after`);
  });
  d.deliverables.forEach((dl, i) => dl.stages.forEach((s, j) => {
    const p = `deliverables.${i}.review.stages.${j}`;
    days(s.dueDays, `${p}.due`);
    dayList(s.remindBefore, `${p}.reminders.before`);
  }));
  if (d.billing.enabled) {
    const tax = parsePercent(d.billing.taxPercent);
    if (!tax.ok) errors['billing.taxRateBp'] = tax.error;
    d.billing.schedule.forEach((e, i) => {
      const p = `billing.schedule.${i}`;
      if (e.trigger === 'date') days(e.afterDays, `${p}.trigger.after`);
      else if (!e.milestone) errors[`${p}.trigger.milestone`] = 'Choose a milestone';
      if (e.dueDays === null || !Number.isInteger(e.dueDays) || e.dueDays < 0 || e.dueDays > 365) errors[`${p}.dueDays`] = 'Enter a whole number of days from 0 to 365';
      e.lines.forEach((l, j) => {
        const amount = parseMoney(l.amount, d.billing.currency.trim().toUpperCase() || 'EUR', { allowZero: true });
        if (!amount.ok) errors[`${p}.lines.${j}.unitMinor`] = amount.error;
      });
    });
  }
  return errors;
}

// The operations. Each changes the draft in place; moves return whether anything moved.

export function addPhase(d: DraftData): DraftPhase {
  const p = newPhase();
  d.phases.push(p);
  return p;
}

export function removePhase(d: DraftData, index: number): void {
  const [p] = d.phases.splice(index, 1);
  if (p) unlink(d, p.milestones.map((m) => m.uid));
}

export const movePhase = (d: DraftData, index: number, delta: -1 | 1): boolean => move(d.phases, index, delta);

export function addMilestone(d: DraftData, phaseIndex: number): DraftMilestone | null {
  const phase = d.phases[phaseIndex];
  if (!phase) return null;
  const m = newMilestone();
  phase.milestones.push(m);
  return m;
}

export function removeMilestone(d: DraftData, phaseIndex: number, index: number): void {
  const [m] = d.phases[phaseIndex]?.milestones.splice(index, 1) ?? [];
  if (m) unlink(d, [m.uid]);
}

export const moveMilestone = (d: DraftData, phaseIndex: number, index: number, delta: -1 | 1): boolean =>
  !!d.phases[phaseIndex] && move(d.phases[phaseIndex].milestones, index, delta);

export function addItem(d: DraftData): DraftItem {
  const item = newItem();
  d.checklist.push(item);
  return item;
}

export function removeItem(d: DraftData, index: number): void {
  d.checklist.splice(index, 1);
}

export const moveItem = (d: DraftData, index: number, delta: -1 | 1): boolean => move(d.checklist, index, delta);

export function addField(d: DraftData, itemIndex: number): DraftField | null {
  const item = d.checklist[itemIndex];
  if (!item) return null;
  const f = newField();
  item.fields.push(f);
  return f;
}

export function removeField(d: DraftData, itemIndex: number, index: number): void {
  d.checklist[itemIndex]?.fields.splice(index, 1);
}

export const moveField = (d: DraftData, itemIndex: number, index: number, delta: -1 | 1): boolean =>
  !!d.checklist[itemIndex] && move(d.checklist[itemIndex].fields, index, delta);

export function addDeliverable(d: DraftData): DraftDeliverable {
  const dl = newDeliverable();
  d.deliverables.push(dl);
  return dl;
}

export function removeDeliverable(d: DraftData, index: number): void {
  d.deliverables.splice(index, 1);
}

export const moveDeliverable = (d: DraftData, index: number, delta: -1 | 1): boolean => move(d.deliverables, index, delta);

export function addStage(d: DraftData, deliverableIndex: number): DraftStage | null {
  const dl = d.deliverables[deliverableIndex];
  if (!dl) return null;
  const s = newStage();
  dl.stages.push(s);
  return s;
}

/** The stage that ends up first runs alone: there is no stage before it to run alongside. */
function firstRunsAlone(stages: DraftStage[]): void {
  if (stages[0]) stages[0].parallel = false;
}

export function removeStage(d: DraftData, deliverableIndex: number, index: number): void {
  const dl = d.deliverables[deliverableIndex];
  if (!dl) return;
  dl.stages.splice(index, 1);
  firstRunsAlone(dl.stages);
}

export function moveStage(d: DraftData, deliverableIndex: number, index: number, delta: -1 | 1): boolean {
  const dl = d.deliverables[deliverableIndex];
  if (!dl || !move(dl.stages, index, delta)) return false;
  firstRunsAlone(dl.stages);
  return true;
}

export function addBillingEntry(d: DraftData): DraftBillingEntry {
  const e = newBillingEntry();
  d.billing.enabled = true;
  d.billing.schedule.push(e);
  return e;
}

export function removeBillingEntry(d: DraftData, index: number): void {
  d.billing.schedule.splice(index, 1);
}

export const moveBillingEntry = (d: DraftData, index: number, delta: -1 | 1): boolean => move(d.billing.schedule, index, delta);

export function addBillingLine(d: DraftData, entryIndex: number): DraftBillingLine | null {
  const e = d.billing.schedule[entryIndex];
  if (!e) return null;
  const l = newBillingLine();
  e.lines.push(l);
  return l;
}

export function removeBillingLine(d: DraftData, entryIndex: number, index: number): void {
  d.billing.schedule[entryIndex]?.lines.splice(index, 1);
}

/** Items that blocked a removed milestone block nothing now; invoices due on it wait for a new choice. */
function unlink(d: DraftData, milestoneUids: string[]): void {
  for (const c of d.checklist) if (milestoneUids.includes(c.blocksMilestone)) c.blocksMilestone = '';
  for (const e of d.billing.schedule) if (milestoneUids.includes(e.milestone)) e.milestone = '';
}

/** Every milestone in order with the phase it is in, for the "blocks milestone" choice. */
export function allMilestones(d: DraftData): { uid: string; label: string }[] {
  let n = 0;
  return d.phases.flatMap((p, pi) => p.milestones.map((m) => {
    n++;
    return { uid: m.uid, label: `${m.title.trim() || `Milestone ${n}`} (${p.title.trim() || `Phase ${pi + 1}`})` };
  }));
}

/** After publishing: keep the keys the definition was published with, so they stay the same next time. */
export function adoptKeys(d: DraftData, def: PublishedDefinition): void {
  d.phases.forEach((p, pi) => {
    const dp = def.phases[pi];
    if (!dp) return;
    p.key = dp.key;
    p.milestones.forEach((m, mi) => { m.key = dp.milestones[mi]?.key ?? m.key; });
  });
  d.checklist.forEach((c, ci) => {
    const dc = def.checklist[ci];
    if (!dc) return;
    c.key = dc.key;
    if (dc.completion.type === 'form') {
      const fields = dc.completion.fields;
      c.fields.forEach((f, fi) => { f.key = fields[fi]?.key ?? f.key; });
    }
  });
  d.billing.schedule.forEach((e, ei) => {
    e.key = def.billing?.schedule?.[ei]?.key ?? e.key;
  });
  d.deliverables.forEach((dl, di) => {
    const dd = def.deliverables[di];
    if (!dd) return;
    dl.key = dd.key;
    dl.stages.forEach((s, si) => { s.key = dd.review.stages[si]?.key ?? s.key; });
  });
}
