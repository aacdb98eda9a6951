import { describe, expect, it } from 'vitest';
import {
  addField, addItem, addMilestone, addPhase, allMilestones, emptyDraft, fromDefinition, localErrors, moveItem, moveMilestone,
  movePhase, removeMilestone, removePhase, toDefinition,
} from './draft-model.ts';
import type { TemplateDefinition } from './types.ts';

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
  deliverables: [], documents: [], billing: null,
};

describe('the template draft', () => {
  it('round-trips a definition (weeks become days)', () => {
    const out = toDefinition(fromDefinition(SAMPLE));
    expect(out.checklist[1]!.due).toBe('P7D');
    expect({ ...out, checklist: [out.checklist[0], { ...out.checklist[1], due: 'P1W' }] }).toEqual(SAMPLE);
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

describe('adoptKeys', () => {
  it('keeps published keys when titles change later', async () => {
    const { adoptKeys } = await import('./draft-model.ts');
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
