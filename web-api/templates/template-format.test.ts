import { describe, expect, it } from 'vitest';
import { TemplateDefinition, durationDays, templateMilestones } from './template-format.ts';
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
});
