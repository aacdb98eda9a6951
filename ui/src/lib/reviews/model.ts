/**
 * The words and shapes of a deliverable review, shared by the engagement page, the review page and
 * the staff pipeline: status and decision labels, who a stage waits on, the history of a review as
 * a timeline, comment threads, and the stages of a new deliverable as the API takes them.
 */
import { slugify, uniqueKey } from '../templates/keys.ts';
import type {
  DeliverableStatus, DeliverableSummary, ReviewComment, ReviewDecision, ReviewerGroup, ReviewPolicy, ReviewRound, ReviewStage, StageDecision,
} from '../api/schema.d.ts';

export const STATUS_LABELS: Record<DeliverableStatus, string> = {
  awaiting_version: 'Awaiting a version',
  in_review: 'In review',
  changes_requested: 'Changes requested',
  approved: 'Approved',
  rejected: 'Rejected',
};

/** The colour of a status's badge (StatusBadge.svelte). */
export const STATUS_TONE: Record<DeliverableStatus, 'neutral' | 'review' | 'changes' | 'done' | 'rejected'> = {
  awaiting_version: 'neutral',
  in_review: 'review',
  changes_requested: 'changes',
  approved: 'done',
  rejected: 'rejected',
};

export const DECISIONS: readonly ReviewDecision[] = ['approved', 'approved_with_changes', 'changes_requested', 'rejected'];

export const DECISION_LABELS: Record<ReviewDecision, string> = {
  approved: 'Approved',
  approved_with_changes: 'Approved with changes',
  changes_requested: 'Changes requested',
  rejected: 'Rejected',
};

/** "Jane approved", "Jane requested changes": a decision as a sentence's verb. */
export const DECISION_VERBS: Record<ReviewDecision, string> = {
  approved: 'approved',
  approved_with_changes: 'approved with changes',
  changes_requested: 'requested changes',
  rejected: 'rejected',
};

/** The decisions that need a reason (the API refuses them without a comment). */
export function needsComment(d: ReviewDecision | null | undefined): boolean {
  return d === 'changes_requested' || d === 'rejected';
}

export const GROUP_LABELS: Record<ReviewerGroup, string> = {
  account_team: 'The account team',
  client_admins: 'Client admins',
  client_users: 'All client users',
};

/** "Approved with changes" for a deliverable approved that way, else the status. */
export function statusLabel(d: Pick<DeliverableSummary, 'status' | 'outcome'>): string {
  if (d.status === 'approved' && d.outcome === 'approved_with_changes') return DECISION_LABELS.approved_with_changes;
  return STATUS_LABELS[d.status];
}

/** The first characters of a SHA-256, enough to tell versions apart at a glance. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12);
}

/**
 * Who a deliverable waits on, in words, for its row in a list: the reviewers who have not decided
 * (the viewer as "you", first), or the team while it needs a (new) version.
 */
export function waitingLabel(d: Pick<DeliverableSummary, 'status' | 'waitingOn' | 'waitingOnYou'>, viewerName?: string): string {
  if (d.status === 'in_review') {
    const others = d.waitingOn.filter((n) => !(d.waitingOnYou && n === viewerName));
    const names = d.waitingOnYou ? ['you', ...others] : others;
    if (!names.length) return 'No one';
    return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  }
  if (d.status === 'awaiting_version') return 'The team (first version)';
  if (d.status === 'changes_requested') return 'The team (new version)';
  return '—';
}

/** The decision of each reviewer of a stage that still counts. */
export function currentDecisions(stage: Pick<ReviewStage, 'decisions'>): Map<string, StageDecision> {
  const out = new Map<string, StageDecision>();
  for (const d of stage.decisions) if (!d.superseded) out.set(d.reviewerId, d);
  return out;
}

export interface ReviewerState {
  id: string;
  name: string;
  decision: StageDecision | null;
  /** "Approved", "Waiting", or "Not needed" for one who did not decide in a stage that closed. */
  label: string;
}

export interface StageSummary {
  key: string;
  title: string;
  /** "Not started", "Open", or how it closed. */
  statusLabel: string;
  tone: 'waiting' | 'open' | 'done' | 'negative';
  /** "Everyone must approve", "One approval is enough". */
  ruleLabel: string;
  parallel: boolean;
  decided: number;
  reviewers: ReviewerState[];
  dueAt: string | null;
}

/** A stage of a round: its state, its rule in words, and each reviewer with their decision or "waiting". */
export function stageSummary(stage: ReviewStage): StageSummary {
  const current = currentDecisions(stage);
  const closed = stage.status !== 'open' && stage.status !== 'waiting';
  const reviewers = stage.reviewers.map((r) => {
    const decision = current.get(r.id) ?? null;
    const label = decision ? DECISION_LABELS[decision.decision] : stage.status === 'open' ? 'Waiting' : closed ? 'Not needed' : 'Not started';
    return { id: r.id, name: r.name, decision, label };
  });
  const tone = stage.status === 'waiting' ? 'waiting' : stage.status === 'open' ? 'open' : needsComment(stage.status) ? 'negative' : 'done';
  return {
    key: stage.key,
    title: stage.title,
    statusLabel: stage.status === 'waiting' ? 'Not started' : stage.status === 'open' ? 'Open' : DECISION_LABELS[stage.status],
    tone,
    ruleLabel: stage.rule === 'all' ? 'Everyone must approve' : 'One approval is enough',
    parallel: stage.parallel,
    decided: reviewers.filter((r) => r.decision).length,
    reviewers,
    dueAt: stage.dueAt,
  };
}

/** The viewer's decision that counts in a stage, if any. */
export function myDecision(stage: ReviewStage | undefined, userId: string | undefined): StageDecision | null {
  if (!stage || !userId) return null;
  return currentDecisions(stage).get(userId) ?? null;
}

export type TimelineEvent =
  | { kind: 'version'; at: string; number: number; name: string; sha256: string; by: string }
  | { kind: 'decision'; at: string; by: string; decision: ReviewDecision; stage: string; comment: string | null; sha256: string; versionNumber: number; superseded: boolean }
  | { kind: 'closed'; at: string; outcome: ReviewDecision | 'superseded' };

export interface TimelineRound {
  number: number;
  version: ReviewRound['version'];
  events: TimelineEvent[];
}

const ROUND_OUTCOME: Record<ReviewDecision | 'superseded', string> = {
  approved: 'Round closed: approved',
  approved_with_changes: 'Round closed: approved with changes',
  changes_requested: 'Round closed: changes requested',
  rejected: 'Round closed: rejected',
  superseded: 'Round closed: replaced by a newer version',
};

export function roundOutcomeLabel(outcome: ReviewDecision | 'superseded'): string {
  return ROUND_OUTCOME[outcome];
}

/**
 * The history of a review, newest round first: each round's version upload, every decision in it
 * (superseded ones too, marked) in the order they were made, and how the round ended.
 */
export function reviewTimeline(rounds: ReviewRound[]): TimelineRound[] {
  return rounds.map((r) => {
    const decisions: TimelineEvent[] = r.stages.flatMap((s) => s.decisions.map((d) => ({
      kind: 'decision' as const, at: d.at, by: d.reviewerName, decision: d.decision, stage: s.title, comment: d.comment ?? null,
      sha256: d.sha256, versionNumber: r.version.number, superseded: d.superseded,
    })));
    decisions.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const events: TimelineEvent[] = [
      { kind: 'version', at: r.version.at, number: r.version.number, name: r.version.name, sha256: r.version.sha256, by: r.version.uploadedBy },
      ...decisions,
    ];
    if (r.closedAt && r.outcome) events.push({ kind: 'closed', at: r.closedAt, outcome: r.outcome });
    return { number: r.number, version: r.version, events };
  }).reverse();
}

export interface Thread {
  comment: ReviewComment;
  /** Every reply in the thread, however deep, in the order written. */
  replies: ReviewComment[];
}

/**
 * The comments on one version as threads: each top-level comment with the replies under it (a
 * reply to a reply joins the same thread). A reply whose parent the viewer cannot see stands alone.
 */
export function threads(comments: ReviewComment[], versionId: string): Thread[] {
  const mine = comments.filter((c) => c.versionId === versionId);
  const byId = new Map(mine.map((c) => [c.id, c]));
  const rootOf = (c: ReviewComment): ReviewComment => {
    let at = c;
    const seen = new Set<string>();
    while (at.parentId && byId.has(at.parentId) && !seen.has(at.id)) {
      seen.add(at.id);
      at = byId.get(at.parentId)!;
    }
    return at;
  };
  const out = new Map<string, Thread>();
  for (const c of mine) {
    const root = rootOf(c);
    if (root.id === c.id) out.set(c.id, { comment: c, replies: out.get(c.id)?.replies ?? [] });
    else {
      const t = out.get(root.id) ?? { comment: root, replies: [] };
      t.replies.push(c);
      out.set(root.id, t);
    }
  }
  return [...out.values()];
}

/** "page 2" for a comment anchored to a page; null when it has no page. */
export function anchorLabel(anchor: ReviewComment['anchor']): string | null {
  return anchor?.page ? `page ${anchor.page}` : null;
}

/** A stage as the "Add a deliverable" form edits it. */
export interface StageDraft {
  /** Stable across edits, for the each-block and the inputs' ids. */
  id: string;
  title: string;
  reviewers: ReviewerGroup;
  rule: 'any' | 'all';
  parallel: boolean;
  dueDays: number;
}

let drafted = 0;
const draftId = () => `stage-${++drafted}`;

export function newStage(title = '', reviewers: ReviewerGroup = 'client_users'): StageDraft {
  return { id: draftId(), title, reviewers, rule: 'all', parallel: false, dueDays: 5 };
}

/** Most deliverables: the account team looks first (one approval is enough), then every client user. */
export function defaultStages(): StageDraft[] {
  return [
    { ...newStage('Internal review', 'account_team'), rule: 'any' },
    newStage('Client review', 'client_users'),
  ];
}

/**
 * The review policy the API takes, from the form's stages: keys made from the titles, due dates as
 * ISO durations, and a reminder the day before for stages that last longer than a day.
 */
export function reviewPolicy(stages: StageDraft[], unlockOnApproval: boolean): ReviewPolicy {
  const taken = new Set<string>();
  return {
    unlockOnApproval,
    stages: stages.map((s, i) => {
      const days = Math.max(1, Math.round(s.dueDays) || 1);
      return {
        key: uniqueKey(slugify(s.title, 'stage'), taken),
        title: s.title.trim(),
        reviewers: s.reviewers,
        rule: s.rule,
        parallel: i > 0 && s.parallel,
        due: `P${days}D`,
        reminders: { before: days > 1 ? ['P1D'] : [] },
      };
    }),
  };
}

/**
 * Where the form shows an error the API names by path: "review.stages.1.title" belongs to the
 * second stage's title input; a bad key is fixed by a better title; reminders follow the due date.
 */
export function stageErrors(fields: Record<string, string>, stages: StageDraft[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    const m = /^review\.stages\.(\d+)(?:\.([a-zA-Z]+))?/.exec(path);
    const stage = m ? stages[Number(m[1])] : undefined;
    if (m && stage) {
      const field = ({ key: 'title', reminders: 'dueDays', due: 'dueDays' } as Record<string, string>)[m[2] ?? ''] ?? m[2] ?? 'title';
      out[`${stage.id}-${field}`] ??= message;
    } else {
      out[path === 'review.stages' || path === 'review' ? 'stages' : path] ??= message;
    }
  }
  return out;
}
