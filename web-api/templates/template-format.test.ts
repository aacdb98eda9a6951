import { describe, expect, it } from 'vitest';
import { TemplateDefinition, durationDays, templateMilestones, workflowPlan } from './template-format.ts';
import { DEFAULT_DUNNING } from '../services/invoices.ts';
import { zodFields } from '../http.ts';
import { SAMPLE_TEMPLATE as SAMPLE } from './sample-template.ts';


const errorsOf = (v: unknown) => {
  const r = TemplateDefinition.safeParse(v);
  return r.success ? {} : zodFields(r.error);
};

describe('template format', () => {
  it('accepts a full template and fills the defaults', () => {
    const t = TemplateDefinition.parse(SAMPLE);
    expect(t.checklist[1]).toMatchObject({ instructions: '', reminders: { before: [], after: [] }, blocksMilestone: null });
    expect(t.deliverables[0]!.review.stages[0]).toEqual({ key: 'internal', title: 'Internal review', reviewers: 'account_team', rule: 'any', parallel: false, due: 'P3D', reminders: { before: [] } });
    expect(t.documents).toEqual([]);
    expect(t.billing).toBeNull();
    expect(templateMilestones(t).map((m) => `${m.phase}/${m.title}`)).toEqual(['Onboarding/Kickoff call', 'Onboarding/Access granted', 'Build/Launch']);
  });

  it('keeps a template written before deliverables valid, and refuses named people in a template review', () => {
    const { deliverables: _d, ...old } = structuredClone(SAMPLE) as any;
    expect(TemplateDefinition.parse(old).deliverables).toEqual([]);
    const named = structuredClone(SAMPLE) as any;
    named.deliverables[0].review.stages[1].reviewers = { userIds: ['7d0c1c5e-3f59-4c47-9d36-2f4b1c1a8e11'] };
    named.deliverables[0].review.stages[0].parallel = true;
    expect(errorsOf(named)).toEqual({
      'deliverables.0.review': 'A template names groups of reviewers, not people',
      'deliverables.0.review.stages.0.parallel': 'The first stage has no stage before it',
    });
  });

  it('names each bad field by its path', () => {
    const bad = structuredClone(SAMPLE) as any;
    bad.phases[0].milestones[1].title = '';
    bad.checklist[0].due = 'five days';
    bad.checklist[0].assignee = 'robot';
    bad.checklist[1].completion.fields[1].type = 'slider';
    expect(errorsOf(bad)).toEqual({
      'phases.0.milestones.1.title': 'Required',
      'checklist.0.due': 'Use days like P5D or weeks like P2W',
      'checklist.0.assignee': 'Choose client or staff',
      'checklist.1.completion.fields.1.type': 'Choose text, choice, date or yes/no',
    });
  });

  it('checks references and duplicates across the template', () => {
    const bad = structuredClone(SAMPLE) as any;
    bad.phases[1].milestones[0].key = 'kickoff';
    bad.checklist[0].blocksMilestone = 'nowhere';
    bad.checklist[1].completion.fields[1].options = [];
    bad.checklist[0].reminders.before = ['P9D'];
    expect(errorsOf(bad)).toEqual({
      'phases.1.milestones.0.key': 'Another milestone has the key "kickoff"',
      'checklist.0.blocksMilestone': 'No milestone has the key "nowhere"',
      'checklist.0.reminders.before.0': 'A reminder before the due date cannot be earlier than the start',
      'checklist.1.completion.fields.1.options': 'A choice needs at least one option',
    });
  });

  it('refuses unknown fields and unknown format versions', () => {
    expect(errorsOf({ ...SAMPLE, formatVersion: 2 })).toHaveProperty('formatVersion');
    expect(errorsOf({ ...SAMPLE, colour: 'red' })).toEqual({ colour: 'Unknown field' });
  });

  it('reads durations in days and weeks', () => {
    expect(durationDays('P5D')).toBe(5);
    expect(durationDays('P2W')).toBe(14);
  });

  describe('billing', () => {
    const BILLING = {
      currency: 'eur',
      taxRateBp: 2000,
      schedule: [
        { key: 'deposit', title: 'Deposit', lines: [{ description: 'Deposit, 30 %', unitMinor: 300000 }], trigger: { type: 'date', after: 'P0D' }, autoSend: true },
        { key: 'launch', title: 'Balance', lines: [{ description: 'Balance', quantityMilli: 2000, unitMinor: 350000 }], trigger: { type: 'milestone', milestone: 'launch' }, dueDays: 14 },
      ],
    };

    it('keeps templates without a billing section (null or absent) as they were', () => {
      const { billing: _b, ...absent } = structuredClone(SAMPLE) as any;
      expect(TemplateDefinition.parse(absent).billing).toBeNull();
      expect(TemplateDefinition.parse({ ...SAMPLE, billing: null }).billing).toBeNull();
      expect(workflowPlan(TemplateDefinition.parse(absent)).billing).toBeNull();
    });

    it('fills the defaults (terms, a draft, the default dunning policy) and plans milestone triggers by the workflow\'s milestone ids', () => {
      const t = TemplateDefinition.parse({ ...SAMPLE, billing: BILLING });
      expect(t.billing).toMatchObject({ currency: 'EUR', taxRateBp: 2000, dunning: DEFAULT_DUNNING });
      expect(t.billing!.schedule[0]).toMatchObject({ dueDays: 30, autoSend: true, notes: '', lines: [{ description: 'Deposit, 30 %', quantityMilli: 1000, unitMinor: 300000 }] });
      expect(t.billing!.schedule[1]).toMatchObject({ dueDays: 14, autoSend: false });
      const plan = workflowPlan(t).billing!;
      expect(plan.schedule.map((e) => [e.key, e.trigger])).toEqual([['deposit', { afterDays: 0 }], ['launch', { milestoneId: 'm3' }]]);
      expect(plan.dunning).toEqual(DEFAULT_DUNNING);
    });

    it('names each bad field: amounts in whole minor units, a known milestone, unique keys, a valid policy', () => {
      const bad = structuredClone({ ...SAMPLE, billing: BILLING }) as any;
      bad.billing.currency = 'euros';
      bad.billing.schedule[0].lines[0].unitMinor = 12.5;
      bad.billing.schedule[0].trigger = { type: 'date', after: 'soon' };
      bad.billing.schedule[1].trigger.milestone = 'nowhere';
      bad.billing.schedule[1].dueDays = -1;
      bad.billing.schedule.push({ ...BILLING.schedule[0], key: 'deposit', trigger: { type: 'when' } });
      bad.billing.dunning = { steps: [{ key: 'late', offsetDays: 3, escalation: 'shout' }] };
      expect(errorsOf(bad)).toEqual({
        'billing.currency': 'Use a three-letter currency code like EUR',
        'billing.schedule.0.lines.0.unitMinor': 'Must be a whole number of cents',
        'billing.schedule.0.trigger.after': 'Use days like P5D or weeks like P2W',
        'billing.schedule.1.dueDays': 'Not negative',
        'billing.schedule.2.trigger.type': 'Choose a date or a milestone',
        'billing.dunning.steps.0.escalation': expect.any(String),
      });
      // References are checked once the section is well-formed.
      const ref = structuredClone({ ...SAMPLE, billing: BILLING }) as any;
      ref.billing.schedule[1].trigger.milestone = 'nowhere';
      ref.billing.schedule[1].key = 'deposit';
      expect(errorsOf(ref)).toEqual({
        'billing.schedule.1.key': 'Another scheduled invoice has the key "deposit"',
        'billing.schedule.1.trigger.milestone': 'No milestone has the key "nowhere"',
      });
    });
  });
});
