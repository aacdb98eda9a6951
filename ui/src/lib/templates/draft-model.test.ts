import { describe, expect, it } from 'vitest';
import {
  addBillingEntry, addBillingLine, addDeliverable, addField, addItem, addMilestone, addPhase, addStage, adoptKeys, allMilestones, emptyDraft, fromDefinition, localErrors,
  moveDeliverable, moveItem, moveMilestone, movePhase, moveStage, removeDeliverable, removeMilestone, removePhase, removeStage, toDefinition,
} from './draft-model.ts';
import type { TemplateDefinition } from '../api/schema.d.ts';

const SAMPLE: TemplateDefinition = {
  formatVersion: 1, name: 'Website build', description: 'From kickoff to launch',
  phases: [
    { key: 'onboarding', title: 'Onboarding', milestones: [{ key: 'kickoff', title: 'Kickoff call', owner: 'staff' }, { key: 'access', title: 'Access granted', owner: 'client' }] },
    { key: 'build', title: 'Build', milestones: [{ key: 'launch', title: 'Launch', owner: 'staff' }] },
  ],
  checklist: [
    { key: 'brand', title: 'Upload brand assets', instructions: 'Logos', assignee: 'client', due: 'P5D',
      reminders: { before: ['P1D'], after: ['P1D', 'P3D'] }, completion: { type: 'upload', accept: ['application/pdf', 'image/png'] }, blocksMilestone: 'access' },
    { key: 'intake', title: 'Intake form', instructions: '', assignee: 'client', due: 'P1W', reminders: { before: [], after: [] },
      completion: { type: 'form', fields: [{ key: 'domain', label: 'Domain', type: 'text', required: true }, { key: 'plan', label: 'Plan', type: 'choice', required: true, options: ['Basic', 'Pro'] }] },
      blocksMilestone: null },
  ],
  deliverables: [
    { key: 'homepage', title: 'Homepage design', description: 'Layout and imagery\nof the new homepage', review: {
      stages: [
        { key: 'internal', title: 'Internal review', reviewers: 'account_team', rule: 'any', parallel: false, due: 'P3D', reminders: { before: [] } },
        { key: 'legal', title: 'Legal check', reviewers: 'client_admins', rule: 'all', parallel: false, due: 'P10D', reminders: { before: ['P1D', 'P3D'] } },
        { key: 'client', title: 'Client review', reviewers: 'client_users', rule: 'any', parallel: true, due: 'P5D', reminders: { before: ['P1D'] } },
      ],
      unlockOnApproval: true,
    } },
    { key: 'copy', title: 'Website copy', description: '', review: {
      stages: [{ key: 'client', title: 'Client review', reviewers: 'client_users', rule: 'all', parallel: false, due: 'P0D', reminders: { before: [] } }],
      unlockOnApproval: false,
    } },
  ],
  documents: [], billing: null,
};

const BILLING: NonNullable<TemplateDefinition['billing']> = {
  currency: 'EUR', taxRateBp: 2000, dunning: { steps: [{ key: 'due', offsetDays: 0, lateFee: null, escalation: 'pause_work' }], repeatEveryDays: null, finalAction: null },
  schedule: [
    { key: 'deposit', title: 'Deposit', lines: [{ description: 'Deposit', quantityMilli: 1000, unitMinor: 300050 }], trigger: { type: 'date', after: 'P0D' }, dueDays: 14, autoSend: true, notes: '' },
    { key: 'balance', title: 'Balance', lines: [{ description: 'Hours', quantityMilli: 2500, unitMinor: 12000 }], trigger: { type: 'milestone', milestone: 'launch' }, dueDays: 7, autoSend: false, notes: 'Thanks' },
  ],
};

describe('the template draft', () => {
  it('round-trips a billing section: amounts in minor units, triggers by milestone, the dunning policy kept as it came', () => {
    const def = { ...SAMPLE, billing: BILLING };
    const d = fromDefinition(def);
    expect(d.billing).toMatchObject({ enabled: true, taxPercent: '20' });
    expect(d.billing.schedule[0]!.lines[0]!.amount).toBe('3000.50');
    expect(toDefinition(d).billing).toEqual(BILLING);
    // Removing the milestone leaves the invoice waiting for a new choice, which the browser asks for before sending.
    removeMilestone(d, 1, 0);
    expect(localErrors(d)).toEqual({ 'billing.schedule.1.trigger.milestone': 'Choose a milestone' });
  });

  it('adds scheduled invoices (turning billing on) and tells bad amounts, terms and tax before sending', () => {
    const d = emptyDraft();
    expect(toDefinition(d).billing).toBeNull();
    const e = addBillingEntry(d);
    e.title = 'Deposit';
    e.lines[0]!.description = 'Deposit';
    e.lines[0]!.amount = '12.345';
    addBillingLine(d, 0)!.amount = 'lots';
    e.dueDays = null;
    d.billing.taxPercent = '5.555';
    expect(localErrors(d)).toEqual({
      'billing.taxRateBp': 'Use at most 2 decimals, like 5.25',
      'billing.schedule.0.dueDays': 'Enter a whole number of days from 0 to 365',
      'billing.schedule.0.lines.0.unitMinor': 'Use at most 2 decimals',
      'billing.schedule.0.lines.1.unitMinor': 'Use digits, with a decimal point, like 1,234.50',
    });
    e.lines[0]!.amount = '1,200';
    e.lines.pop();
    e.dueDays = 30;
    d.billing.taxPercent = '0';
    expect(localErrors(d)).toEqual({});
    expect(toDefinition(d).billing).toEqual({
      currency: 'EUR', taxRateBp: 0,
      schedule: [{ key: 'deposit', title: 'Deposit', lines: [{ description: 'Deposit', quantityMilli: 1000, unitMinor: 120000 }], trigger: { type: 'date', after: 'P0D' }, dueDays: 30, autoSend: false, notes: '' }],
    });
  });

  it('round-trips a definition (weeks become days)', () => {
    const out = toDefinition(fromDefinition(SAMPLE));
    expect(out.checklist[1]!.due).toBe('P7D');
    expect({ ...out, checklist: [out.checklist[0], { ...out.checklist[1], due: 'P1W' }] }).toEqual(SAMPLE);
  });

  it('round-trips deliverables exactly: stages in order, groups, rules, timing and the download setting', () => {
    const d = fromDefinition(SAMPLE);
    expect(d.deliverables[0]!.stages.map((s) => [s.reviewers, s.rule, s.parallel, s.dueDays, s.remindBefore])).toEqual([
      ['account_team', 'any', false, 3, ''], ['client_admins', 'all', false, 10, '1, 3'], ['client_users', 'any', true, 5, '1'],
    ]);
    expect(d.deliverables[1]!.unlockOnApproval).toBe(false);
    expect(toDefinition(d).deliverables).toEqual(SAMPLE.deliverables);
  });

  it('trims strings and makes unique keys from titles', () => {
    const d = emptyDraft();
    d.name = '  Audit  ';
    d.phases[0]!.title = ' Kick off ';
    d.phases[0]!.milestones[0]!.title = 'Call';
    addMilestone(d, 0)!.title = 'Call';
    const p = addPhase(d);
    p.title = 'Kick off';
    p.milestones[0]!.title = '';
    const item = addItem(d);
    item.title = 'Sign NDA';
    item.completion = 'form';
    addField(d, 0)!.label = 'Company name';
    const f = addField(d, 0)!;
    f.label = 'Plan';
    f.type = 'choice';
    f.options = 'Basic, , Pro ';
    const def = toDefinition(d);
    expect(def.name).toBe('Audit');
    expect(def.phases.map((x) => x.key)).toEqual(['kick-off', 'kick-off-2']);
    expect(def.phases.flatMap((x) => x.milestones.map((m) => m.key))).toEqual(['call', 'call-2', 'milestone']);
    expect(def.phases[0]!.title).toBe('Kick off');
    expect(def.checklist[0]!.key).toBe('sign-nda');
    expect(def.checklist[0]!.completion).toEqual({ type: 'form', fields: [
      { key: 'company-name', label: 'Company name', type: 'text', required: false },
      { key: 'plan', label: 'Plan', type: 'choice', required: false, options: ['Basic', 'Pro'] },
    ] });
  });

  it('keeps existing keys and does not hand them out again', () => {
    const d = fromDefinition(SAMPLE);
    const m = addMilestone(d, 1)!;
    m.title = 'Kickoff';
    expect(toDefinition(d).phases[1]!.milestones[1]!.key).toBe('kickoff-2');
  });

  it('links blocking items by milestone, through moves and removals', () => {
    const d = fromDefinition(SAMPLE);
    expect(movePhase(d, 0, 1)).toBe(true);
    expect(moveMilestone(d, 1, 1, -1)).toBe(true);
    expect(toDefinition(d).checklist[0]!.blocksMilestone).toBe('access');
    expect(toDefinition(d).phases.map((p) => p.key)).toEqual(['build', 'onboarding']);
    expect(allMilestones(d).map((x) => x.label)).toEqual(['Launch (Build)', 'Access granted (Onboarding)', 'Kickoff call (Onboarding)']);
    removeMilestone(d, 1, 0);
    expect(toDefinition(d).checklist[0]!.blocksMilestone).toBeNull();
    removePhase(d, 0);
    expect(toDefinition(d).phases).toHaveLength(1);
  });

  it('moves checklist items', () => {
    const d = fromDefinition(SAMPLE);
    expect(moveItem(d, 0, -1)).toBe(false);
    expect(moveItem(d, 0, 1)).toBe(true);
    expect(toDefinition(d).checklist.map((c) => c.key)).toEqual(['intake', 'brand']);
  });

  it('reports what cannot be sent', () => {
    const d = fromDefinition(SAMPLE);
    d.checklist[0]!.dueDays = null;
    d.checklist[1]!.remindAfter = '1, later';
    expect(localErrors(d)).toEqual({ 'checklist.0.due': 'Enter a whole number of days from 0 to 999', 'checklist.1.reminders.after': '"later" is not a number of days' });
  });
});

describe('deliverables in the draft', () => {
  it('adds a deliverable with one stage and makes keys from titles, unique within their deliverable', () => {
    const d = emptyDraft();
    const a = addDeliverable(d);
    a.title = ' Logo concepts ';
    a.description = ' Three directions ';
    a.stages[0]!.title = 'Review';
    addStage(d, 0)!.title = 'Review';
    const b = addDeliverable(d);
    b.title = 'Logo concepts';
    b.stages[0]!.title = 'Review';
    expect(addStage(d, 5)).toBeNull();
    const def = toDefinition(d);
    expect(def.deliverables.map((x) => x.key)).toEqual(['logo-concepts', 'logo-concepts-2']);
    expect(def.deliverables[0]).toEqual({
      key: 'logo-concepts', title: 'Logo concepts', description: 'Three directions', review: {
        stages: [
          { key: 'review', title: 'Review', reviewers: 'client_users', rule: 'any', parallel: false, due: 'P5D', reminders: { before: ['P1D'] } },
          { key: 'review-2', title: 'Review', reviewers: 'client_users', rule: 'any', parallel: false, due: 'P5D', reminders: { before: ['P1D'] } },
        ],
        unlockOnApproval: true,
      },
    });
    // Stage keys only have to be unique within their review.
    expect(def.deliverables[1]!.review.stages[0]!.key).toBe('review');
  });

  it('moves and removes deliverables and stages; the stage that ends up first never runs alongside another', () => {
    const d = fromDefinition(SAMPLE);
    expect(moveDeliverable(d, 1, 1)).toBe(false);
    expect(moveDeliverable(d, 1, -1)).toBe(true);
    expect(toDefinition(d).deliverables.map((x) => x.key)).toEqual(['copy', 'homepage']);
    expect(moveStage(d, 1, 0, -1)).toBe(false);
    expect(moveStage(d, 1, 2, -1)).toBe(true);
    expect(toDefinition(d).deliverables[1]!.review.stages.map((s) => [s.key, s.parallel])).toEqual([['internal', false], ['client', true], ['legal', false]]);
    expect(moveStage(d, 1, 1, -1)).toBe(true);
    expect(toDefinition(d).deliverables[1]!.review.stages.map((s) => [s.key, s.parallel])).toEqual([['client', false], ['internal', false], ['legal', false]]);
    d.deliverables[1]!.stages[1]!.parallel = true;
    removeStage(d, 1, 0);
    expect(toDefinition(d).deliverables[1]!.review.stages.map((s) => [s.key, s.parallel])).toEqual([['internal', false], ['legal', false]]);
    removeDeliverable(d, 0);
    expect(toDefinition(d).deliverables.map((x) => x.key)).toEqual(['homepage']);
  });

  it('never sends a first stage that runs alongside another, whatever the draft says', () => {
    const d = fromDefinition(SAMPLE);
    d.deliverables[0]!.stages[0]!.parallel = true;
    expect(toDefinition(d).deliverables[0]!.review.stages[0]!.parallel).toBe(false);
  });

  it('reports stage dates and reminders that cannot be sent, at the API\'s paths', () => {
    const d = fromDefinition(SAMPLE);
    d.deliverables[0]!.stages[1]!.dueDays = null;
    d.deliverables[1]!.stages[0]!.dueDays = 1000;
    d.deliverables[0]!.stages[2]!.remindBefore = '1, soon';
    expect(localErrors(d)).toEqual({
      'deliverables.0.review.stages.1.due': 'Enter a whole number of days from 0 to 999',
      'deliverables.0.review.stages.2.reminders.before': '"soon" is not a number of days',
      'deliverables.1.review.stages.0.due': 'Enter a whole number of days from 0 to 999',
    });
  });
});

describe('adoptKeys', () => {
  it('keeps published deliverable and stage keys when titles change later', () => {
    const d = emptyDraft();
    const dl = addDeliverable(d);
    dl.title = 'Logo';
    dl.stages[0]!.title = 'First look';
    adoptKeys(d, toDefinition(d));
    dl.title = 'Brand mark';
    dl.stages[0]!.title = 'Second look';
    const def = toDefinition(d);
    expect(def.deliverables[0]!.key).toBe('logo');
    expect(def.deliverables[0]!.review.stages[0]!.key).toBe('first-look');
  });

  it('keeps published keys when titles change later', () => {
    const d = emptyDraft();
    d.phases[0]!.title = 'Start';
    d.phases[0]!.milestones[0]!.title = 'Call';
    adoptKeys(d, toDefinition(d));
    d.phases[0]!.title = 'Beginning';
    d.phases[0]!.milestones[0]!.title = 'Phone call';
    const def = toDefinition(d);
    expect(def.phases[0]!.key).toBe('start');
    expect(def.phases[0]!.milestones[0]!.key).toBe('call');
  });
});
