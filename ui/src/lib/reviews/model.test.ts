import { describe, expect, it } from 'vitest';
import {
  anchorLabel, defaultStages, myDecision, needsComment, newStage, reviewPolicy, reviewTimeline, shortHash, stageErrors, stageSummary,
  statusLabel, threads, waitingLabel,
} from './model.ts';
import type { ReviewComment, ReviewRound, StageDecision, ReviewStage } from '../api/schema.d.ts';

const SHA1 = 'a'.repeat(12) + '1'.repeat(52);
const SHA2 = 'b'.repeat(12) + '2'.repeat(52);
const ann = { id: 'u-ann', name: 'Ann Archer' };
const bob = { id: 'u-bob', name: 'Bob Baker' };

const decision = (who: { id: string; name: string }, d: StageDecision['decision'], at: string, extra: Partial<StageDecision> = {}): StageDecision => ({
  reviewerId: who.id, reviewerName: who.name, decision: d, comment: null, at, sha256: SHA1, superseded: false, ...extra,
});
const stage = (extra: Partial<ReviewStage>): ReviewStage => ({
  key: 'client', title: 'Client review', rule: 'all', parallel: false, status: 'open', openedAt: '2026-03-01T10:00:00Z',
  dueAt: '2026-03-06T10:00:00Z', closedAt: null, reviewers: [ann, bob], decisions: [], reminders: [], ...extra,
});

describe('labels', () => {
  it('names a status, and an approval with changes as such', () => {
    expect(statusLabel({ status: 'in_review', outcome: null })).toBe('In review');
    expect(statusLabel({ status: 'approved', outcome: 'approved' })).toBe('Approved');
    expect(statusLabel({ status: 'approved', outcome: 'approved_with_changes' })).toBe('Approved with changes');
  });
  it('asks for a comment only for changes requested and rejected', () => {
    expect(['approved', 'approved_with_changes', 'changes_requested', 'rejected', null].map((d) => needsComment(d as never))).toEqual([false, false, true, true, false]);
  });
  it('shortens a hash to 12 characters', () => {
    expect(shortHash(SHA1)).toBe('aaaaaaaaaaaa');
  });
  it('says "page N" only for a comment anchored to a page', () => {
    expect(anchorLabel({ page: 2, x: 0, y: 0, w: 0, h: 0 })).toBe('page 2');
    expect(anchorLabel({ x: 0.1, y: 0.1, w: 0, h: 0 })).toBeNull();
    expect(anchorLabel(null)).toBeNull();
  });
});

describe('waitingLabel', () => {
  it('puts the viewer first as "you"', () => {
    expect(waitingLabel({ status: 'in_review', waitingOn: ['Ann Archer', 'Bob Baker'], waitingOnYou: true }, 'Bob Baker')).toBe('you and Ann Archer');
    expect(waitingLabel({ status: 'in_review', waitingOn: ['A', 'B', 'C'], waitingOnYou: false })).toBe('A, B and C');
  });
  it('names the team while a version is needed, and no one once decided', () => {
    expect(waitingLabel({ status: 'changes_requested', waitingOn: [], waitingOnYou: false })).toBe('The team (new version)');
    expect(waitingLabel({ status: 'awaiting_version', waitingOn: [], waitingOnYou: false })).toBe('The team (first version)');
    expect(waitingLabel({ status: 'approved', waitingOn: [], waitingOnYou: false })).toBe('—');
  });
});

describe('stageSummary', () => {
  it('shows each reviewer with the decision that counts, or waiting', () => {
    const s = stageSummary(stage({
      decisions: [
        decision(ann, 'approved_with_changes', '2026-03-02T10:00:00Z', { superseded: true, comment: 'Kerning' }),
        decision(ann, 'approved', '2026-03-02T11:00:00Z'),
      ],
    }));
    expect(s).toMatchObject({ statusLabel: 'Open', tone: 'open', ruleLabel: 'Everyone must approve', decided: 1 });
    expect(s.reviewers.map((r) => [r.name, r.label])).toEqual([['Ann Archer', 'Approved'], ['Bob Baker', 'Waiting']]);
  });
  it('marks reviewers of a closed stage who did not decide as not needed, and a stage not yet open as not started', () => {
    const closed = stageSummary(stage({ rule: 'any', status: 'approved', closedAt: '2026-03-02T11:00:00Z', decisions: [decision(bob, 'approved', '2026-03-02T11:00:00Z')] }));
    expect(closed).toMatchObject({ statusLabel: 'Approved', tone: 'done', ruleLabel: 'One approval is enough' });
    expect(closed.reviewers.map((r) => r.label)).toEqual(['Not needed', 'Approved']);
    const negative = stageSummary(stage({ status: 'changes_requested', decisions: [decision(bob, 'changes_requested', '2026-03-02T11:00:00Z')] }));
    expect(negative.tone).toBe('negative');
    const later = stageSummary(stage({ status: 'waiting', openedAt: null, dueAt: null }));
    expect(later).toMatchObject({ statusLabel: 'Not started', tone: 'waiting' });
    expect(later.reviewers.map((r) => r.label)).toEqual(['Not started', 'Not started']);
  });
  it("finds the viewer's current decision", () => {
    const s = stage({ decisions: [decision(ann, 'approved', '2026-03-02T10:00:00Z', { superseded: true }), decision(ann, 'rejected', '2026-03-02T11:00:00Z', { comment: 'No' })] });
    expect(myDecision(s, ann.id)?.decision).toBe('rejected');
    expect(myDecision(s, bob.id)).toBeNull();
    expect(myDecision(undefined, ann.id)).toBeNull();
  });
});

describe('reviewTimeline', () => {
  const rounds: ReviewRound[] = [
    {
      number: 1, openedAt: '2026-03-01T10:00:00Z', closedAt: '2026-03-02T12:00:00Z', outcome: 'changes_requested',
      version: { id: 'v1', number: 1, sha256: SHA1, name: 'Logo v1.pdf', uploadedBy: 'Sam Staff', at: '2026-03-01T10:00:00Z' },
      stages: [
        stage({ key: 'internal', title: 'Internal review', status: 'approved', reviewers: [{ id: 'u-sam', name: 'Sam Staff' }], decisions: [decision({ id: 'u-sam', name: 'Sam Staff' }, 'approved', '2026-03-01T11:00:00Z')] }),
        stage({ status: 'changes_requested', decisions: [
          decision(bob, 'approved', '2026-03-02T09:00:00Z', { superseded: true }),
          decision(bob, 'changes_requested', '2026-03-02T12:00:00Z', { comment: 'Darker blue' }),
        ] }),
      ],
    },
    {
      number: 2, openedAt: '2026-03-03T10:00:00Z', closedAt: null, outcome: null,
      version: { id: 'v2', number: 2, sha256: SHA2, name: 'Logo v2.pdf', uploadedBy: 'Sam Staff', at: '2026-03-03T10:00:00Z' },
      stages: [stage({ status: 'open' })],
    },
  ];

  it('lists rounds newest first, each with its upload, its decisions in order (superseded marked) and its close', () => {
    const t = reviewTimeline(rounds);
    expect(t.map((r) => r.number)).toEqual([2, 1]);
    expect(t[0]!.events).toEqual([{ kind: 'version', at: '2026-03-03T10:00:00Z', number: 2, name: 'Logo v2.pdf', sha256: SHA2, by: 'Sam Staff' }]);
    expect(t[1]!.events.map((e) => e.kind === 'decision' ? [e.by, e.decision, e.stage, e.superseded, e.versionNumber] : [e.kind])).toEqual([
      ['version'],
      ['Sam Staff', 'approved', 'Internal review', false, 1],
      ['Bob Baker', 'approved', 'Client review', true, 1],
      ['Bob Baker', 'changes_requested', 'Client review', false, 1],
      ['closed'],
    ]);
    expect(t[1]!.events.find((e) => e.kind === 'decision' && e.comment)).toMatchObject({ comment: 'Darker blue', sha256: SHA1 });
  });
});

describe('threads', () => {
  const c = (id: string, parentId: string | null, versionId = 'v1'): ReviewComment => ({
    id, versionId, parentId, author: 'A', authorIsTeam: true, body: id, internal: false, anchor: null, at: '2026-03-01T10:00:00Z',
  });
  it('gathers replies (and replies to replies) under their top-level comment, for the shown version only', () => {
    const t = threads([c('a', null), c('b', null), c('a1', 'a'), c('a1x', 'a1'), c('other', null, 'v2')], 'v1');
    expect(t.map((x) => [x.comment.id, x.replies.map((r) => r.id)])).toEqual([['a', ['a1', 'a1x']], ['b', []]]);
  });
  it('shows a reply whose parent is hidden from the viewer on its own', () => {
    expect(threads([c('r', 'hidden')], 'v1').map((x) => x.comment.id)).toEqual(['r']);
  });
});

describe('a new deliverable\'s stages', () => {
  it('starts with the account team (any), then every client user (all)', () => {
    expect(defaultStages().map((s) => [s.title, s.reviewers, s.rule, s.parallel, s.dueDays])).toEqual([
      ['Internal review', 'account_team', 'any', false, 5],
      ['Client review', 'client_users', 'all', false, 5],
    ]);
  });
  it('becomes the policy the API takes: unique keys from titles, ISO durations, a reminder the day before', () => {
    const stages = [...defaultStages(), { ...newStage('Client review', 'client_admins'), parallel: true, dueDays: 1 }];
    stages[0]!.parallel = true;
    expect(reviewPolicy(stages, false)).toEqual({
      unlockOnApproval: false,
      stages: [
        { key: 'internal-review', title: 'Internal review', reviewers: 'account_team', rule: 'any', parallel: false, due: 'P5D', reminders: { before: ['P1D'] } },
        { key: 'client-review', title: 'Client review', reviewers: 'client_users', rule: 'all', parallel: false, due: 'P5D', reminders: { before: ['P1D'] } },
        { key: 'client-review-2', title: 'Client review', reviewers: 'client_admins', rule: 'all', parallel: true, due: 'P1D', reminders: { before: [] } },
      ],
    });
  });
  it("puts the API's errors on the stage inputs that can fix them", () => {
    const stages = defaultStages();
    expect(stageErrors({
      title: 'Required', 'review.stages.1.title': 'Required', 'review.stages.0.key': 'Use lower-case letters', 'review.stages.1.due': 'Use days', 'review.stages': 'Add at least one stage',
    }, stages)).toEqual({
      title: 'Required', [`${stages[1]!.id}-title`]: 'Required', [`${stages[0]!.id}-title`]: 'Use lower-case letters', [`${stages[1]!.id}-dueDays`]: 'Use days', stages: 'Add at least one stage',
    });
  });
});
