import { describe, expect, it } from 'vitest';
import { comparePaths, describePath, errorsByInput, fieldId, inputAttributes, inputPath } from './field-errors.ts';

describe('fieldId', () => {
  it('turns dots into dashes', () => {
    expect(fieldId('phases.0.milestones.1.title')).toBe('f-phases-0-milestones-1-title');
    expect(fieldId('name')).toBe('f-name');
  });
});

describe('inputAttributes', () => {
  it('points an input with an error at its message, after its hint', () => {
    const errors = { 'f-checklist-0-due': 'Enter a whole number of days from 0 to 999' };
    expect(inputAttributes(errors, 'checklist.0.due', 'due-hint'))
      .toEqual({ id: 'f-checklist-0-due', 'aria-invalid': 'true', 'aria-describedby': 'due-hint f-checklist-0-due-error' });
    expect(inputAttributes(errors, 'checklist.0.due'))
      .toEqual({ id: 'f-checklist-0-due', 'aria-invalid': 'true', 'aria-describedby': 'f-checklist-0-due-error' });
  });
  it('leaves an input without an error valid, described by its hint alone', () => {
    expect(inputAttributes({}, 'name', 'name-hint')).toEqual({ id: 'f-name', 'aria-invalid': undefined, 'aria-describedby': 'name-hint' });
    expect(inputAttributes({}, 'name')).toEqual({ id: 'f-name', 'aria-invalid': undefined, 'aria-describedby': undefined });
  });
});

describe('billing errors', () => {
  it('go to the input that fixes them, named for the summary', () => {
    expect(inputPath('billing.schedule.1.key')).toBe('billing.schedule.1.title');
    expect(inputPath('billing.schedule.0.trigger')).toBe('billing.schedule.0.trigger.type');
    expect(inputPath('billing.schedule.0.lines.2.quantityMilli')).toBe('billing.schedule.0.lines.2.unitMinor');
    expect(inputPath('billing.dunning.steps.0.escalation')).toBe('billing.dunning');
    expect(describePath('billing.schedule.0.lines.1.unitMinor')).toBe('Scheduled invoice 1, line 2: Amount');
    expect(describePath('billing.schedule.2.trigger.milestone')).toBe('Scheduled invoice 3: Milestone');
    expect(describePath('documents.0.fields')).toBe('Document 1: Fields on the pages');
    expect(describePath('documents.1.signers.2.roleLabel')).toBe('Document 2, signer 3: Role');
    expect(describePath('documents.0.fields.3.page')).toBe('Document 1, field 4: Page');
    expect(describePath('billing.currency')).toBe('Currency');
    expect(comparePaths('billing.schedule.0.dueDays', 'billing.schedule.0.trigger.after')).toBeGreaterThan(0);
  });
});

describe('inputPath', () => {
  it('leaves plain inputs alone', () => {
    expect(inputPath('phases.0.milestones.1.title')).toBe('phases.0.milestones.1.title');
    expect(inputPath('checklist.2.due')).toBe('checklist.2.due');
  });
  it('takes list entries to the list input', () => {
    expect(inputPath('checklist.0.reminders.before.1')).toBe('checklist.0.reminders.before');
    expect(inputPath('checklist.0.completion.accept.0')).toBe('checklist.0.completion.accept');
    expect(inputPath('checklist.0.completion.fields.1.options.2')).toBe('checklist.0.completion.fields.1.options');
  });
  it('takes keys to titles and labels', () => {
    expect(inputPath('phases.1.key')).toBe('phases.1.title');
    expect(inputPath('phases.1.milestones.0.key')).toBe('phases.1.milestones.0.title');
    expect(inputPath('checklist.0.completion.fields.1.key')).toBe('checklist.0.completion.fields.1.label');
  });
  it('takes a completion to its type', () => {
    expect(inputPath('checklist.3.completion')).toBe('checklist.3.completion.type');
  });
  it('takes deliverable and review stage errors to their inputs', () => {
    expect(inputPath('deliverables.0.review.stages.1.due')).toBe('deliverables.0.review.stages.1.due');
    expect(fieldId(inputPath('deliverables.0.review.stages.1.due'))).toBe('f-deliverables-0-review-stages-1-due');
    expect(inputPath('deliverables.1.key')).toBe('deliverables.1.title');
    expect(inputPath('deliverables.0.review.stages.2.key')).toBe('deliverables.0.review.stages.2.title');
    expect(inputPath('deliverables.0.review.stages.1.reminders.before.0')).toBe('deliverables.0.review.stages.1.reminders.before');
    expect(inputPath('deliverables.0.review.stages.1.reminders')).toBe('deliverables.0.review.stages.1.reminders.before');
    expect(inputPath('deliverables.0.review.stages.0.parallel')).toBe('deliverables.0.review.stages.0.parallel');
    expect(inputPath('deliverables.0.review.stages.0.reviewers')).toBe('deliverables.0.review.stages.0.reviewers');
    expect(inputPath('deliverables.0.review.stages.0.reviewers.userIds.0')).toBe('deliverables.0.review.stages.0.reviewers');
    expect(inputPath('deliverables.0.review.unlockOnApproval')).toBe('deliverables.0.review.unlockOnApproval');
    // "Add at least one stage", and a review naming people: shown with the stages.
    expect(inputPath('deliverables.0.review.stages')).toBe('deliverables.0.review.stages');
    expect(inputPath('deliverables.0.review')).toBe('deliverables.0.review.stages');
  });
});

describe('describePath', () => {
  it('names where and what', () => {
    expect(describePath('phases.0.milestones.1.title')).toBe('Phase 1, milestone 2: Title');
    expect(describePath('checklist.0.reminders.before')).toBe('Checklist item 1: Reminders before due');
    expect(describePath('checklist.1.completion.fields.0.options')).toBe('Checklist item 2, field 1: Options');
    expect(describePath('checklist.1.completion.type')).toBe('Checklist item 2: Type');
    expect(describePath('name')).toBe('Name');
    expect(describePath('phases')).toBe('Phases');
    expect(describePath('phases.2')).toBe('Phase 3');
  });
  it('names deliverables and their review stages', () => {
    expect(describePath('deliverables.0.title')).toBe('Deliverable 1: Title');
    expect(describePath('deliverables.0.review.stages.1.due')).toBe('Deliverable 1, stage 2: Due');
    expect(describePath('deliverables.2.review.stages.0.reviewers')).toBe('Deliverable 3, stage 1: Who reviews');
    expect(describePath('deliverables.0.review.stages.1.reminders.before')).toBe('Deliverable 1, stage 2: Reminders before due');
    expect(describePath('deliverables.0.review.stages.1.parallel')).toBe('Deliverable 1, stage 2: Runs alongside the previous stage');
    expect(describePath('deliverables.0.review.unlockOnApproval')).toBe('Deliverable 1: Clients may download once approved');
    expect(describePath('deliverables.0.review.stages')).toBe('Deliverable 1: Review stages');
    expect(describePath('deliverables')).toBe('Deliverables');
  });
});

describe('errorsByInput', () => {
  it('keys by input id and joins messages for one input', () => {
    const { byId, labels } = errorsByInput({
      'phases.0.milestones.1.title': 'Required',
      'checklist.0.reminders.before.0': 'Too early',
      'checklist.0.reminders.before.1': 'Too early',
      'phases.0.key': 'Another phase has the key "a"',
      'phases.0.title': 'Required',
    });
    expect(byId).toEqual({
      'f-phases-0-milestones-1-title': 'Required',
      'f-checklist-0-reminders-before': 'Too early',
      'f-phases-0-title': 'Another phase has the key "a"; Required',
    });
    expect(labels['f-phases-0-milestones-1-title']).toBe('Phase 1, milestone 2: Title');
  });
});

describe('comparePaths', () => {
  it('orders paths as the editor shows them', () => {
    const paths = ['checklist.0.due', 'phases.10.title', 'name', 'phases.2.milestones.0.title', 'phases.2.title', 'checklist.0.title', 'description'];
    expect(paths.sort(comparePaths)).toEqual(['name', 'description', 'phases.2.title', 'phases.2.milestones.0.title', 'phases.10.title', 'checklist.0.title', 'checklist.0.due']);
  });
  it('puts deliverables after the checklist, and their inputs in the order of the form', () => {
    const paths = [
      'deliverables.0.review.unlockOnApproval', 'deliverables.0.review.stages.1.title', 'deliverables.0.review.stages.0.reminders.before',
      'deliverables.0.review.stages.0.due', 'deliverables.0.description', 'deliverables.0.review.stages.0.reviewers', 'checklist.3.title',
      'deliverables.0.title', 'deliverables.0.review.stages.0.title', 'deliverables.0.review.stages.0.parallel', 'deliverables.0.review.stages.0.rule',
    ];
    expect(paths.sort(comparePaths)).toEqual([
      'checklist.3.title', 'deliverables.0.title', 'deliverables.0.description', 'deliverables.0.review.stages.0.title',
      'deliverables.0.review.stages.0.reviewers', 'deliverables.0.review.stages.0.rule', 'deliverables.0.review.stages.0.due',
      'deliverables.0.review.stages.0.reminders.before', 'deliverables.0.review.stages.0.parallel', 'deliverables.0.review.stages.1.title',
      'deliverables.0.review.unlockOnApproval',
    ]);
  });
  it('lists the summary in that order', () => {
    const { byId } = errorsByInput({ 'checklist.0.title': 'Required', name: 'Required' });
    expect(Object.keys(byId)).toEqual(['f-name', 'f-checklist-0-title']);
  });
});
