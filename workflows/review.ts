/**
 * The review of one deliverable: a child of its engagement's workflow. Each uploaded version opens a
 * round; a round runs the review policy's stages (each after the previous one, or alongside it),
 * each with its reviewers and rule. Decisions arrive as Workflow Updates whose validators refuse a
 * decision on an old version, by someone who is not a reviewer of an open stage, or a repeat.
 * Durable timers drive reminders and the escalation of overdue stages; nothing is polled.
 */
import {
  allHandlersFinished, ApplicationFailure, condition, continueAsNew, defineQuery, defineUpdate, patched, proxyActivities,
  proxyLocalActivities, setHandler, workflowInfo,
} from '@temporalio/workflow';
import type { createReviewActivities } from '../activities/review.ts';
import { guardedHandlers, RECORD_LOCALLY, recorded } from './safe-handlers.ts';
import type { Actor, Origin } from './engagement.ts';

export type Decision = 'approved' | 'approved_with_changes' | 'changes_requested' | 'rejected';
export const DECISIONS: readonly Decision[] = ['approved', 'approved_with_changes', 'changes_requested', 'rejected'];
export type ReviewerGroup = 'account_team' | 'client_admins' | 'client_users';

/** One stage of a review policy. */
export interface StageSpec {
  key: string;
  title: string;
  /** A group of the account's people, or named users. */
  reviewers: { group: ReviewerGroup } | { userIds: string[] };
  /** "any": one approval closes the stage; "all": every reviewer must approve. */
  rule: 'any' | 'all';
  /** Opens together with the previous stage instead of after it. */
  parallel: boolean;
  dueDays: number;
  remindBeforeDays: number[];
}

export interface ReviewPolicy {
  stages: StageSpec[];
  /** Clients may download the file once it is approved (before, they see the preview only). */
  unlockOnApproval: boolean;
}

export interface Reviewer { id: string; name: string; email: string }

export interface DecisionRecord {
  reviewerId: string;
  reviewerName: string;
  decision: Decision;
  comment: string | null;
  at: string;
  versionId: string;
  sha256: string;
  /** Replaced by a later decision of the same reviewer in the same stage. */
  superseded: boolean;
}

export type StageStatus = 'waiting' | 'open' | Decision;

export interface StageRun {
  key: string;
  title: string;
  rule: 'any' | 'all';
  parallel: boolean;
  status: StageStatus;
  reviewers: Reviewer[];
  openedAt: string | null;
  dueAt: string | null;
  closedAt: string | null;
  decisions: DecisionRecord[];
  /** Reminder and escalation steps already sent. */
  sent: { step: string; at: string }[];
}

export interface VersionRef { id: string; number: number; sha256: string; name: string; uploadedBy: string; at: string }

export interface Round {
  number: number;
  version: VersionRef;
  openedAt: string;
  closedAt: string | null;
  /** How the round ended: a decision outcome, or "superseded" by a newer version. */
  outcome: Decision | 'superseded' | null;
  stages: StageRun[];
}

export type ReviewStatus = 'awaiting_version' | 'in_review' | 'changes_requested' | 'approved' | 'rejected';

export interface ReviewState {
  deliverableId: string;
  accountId: string;
  engagementId: string;
  title: string;
  status: ReviewStatus;
  /** The outcome of an approved deliverable: approved, or approved with changes. */
  outcome: Decision | null;
  unlocked: boolean;
  rounds: Round[];
  /** Grows with every change; the read model ignores older writes. */
  version: number;
}

export interface ReviewInput {
  deliverableId: string;
  accountId: string;
  engagementId: string;
  title: string;
  policy: ReviewPolicy;
  /** Length of a "day" in ms (due dates, reminders): 86 400 000 outside tests and demos. */
  dayMs: number;
  resume?: ReviewState;
}

export interface SubmitVersionArgs { version: VersionRef; actor: Actor; origin?: Origin }
export interface DecideArgs { versionId: string; stageKey?: string; decision: Decision; comment?: string; actor: Actor; origin?: Origin }

export const submitVersionUpdate = defineUpdate<ReviewState, [SubmitVersionArgs]>('submitVersion');
export const decideUpdate = defineUpdate<ReviewState, [DecideArgs]>('decide');
export const reviewStateQuery = defineQuery<ReviewState>('reviewState');

const STAFF_ROLES = ['staff', 'admin'];

export function reviewWorkflowId(deliverableId: string): string {
  return `deliverable-${deliverableId}`;
}

const { recordReview } = proxyLocalActivities<ReturnType<typeof createReviewActivities>>(RECORD_LOCALLY);
const { resolveReviewers, notifyReviewers, sendReviewReminder } = proxyActivities<ReturnType<typeof createReviewActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const NEGATIVE: Decision[] = ['changes_requested', 'rejected'];
const DECISION_PAST: Record<Decision, string> = {
  approved: 'approved', approved_with_changes: 'approved (with changes)', changes_requested: 'requested changes to', rejected: 'rejected',
};
const rank = (d: Decision): number => DECISIONS.indexOf(d);

/**
 * Patch: `submitVersion` and `decide` run one at a time (two concurrent uploads used to interleave
 * around the reviewers' activity: rounds numbered by activity completion, an earlier round left open).
 */
const PATCH_HANDLERS_LOCKED = 'review-handlers-locked';

/** A stage's outcome from its current decisions, or null while it stays open. */
export function stageOutcome(stage: Pick<StageRun, 'rule' | 'reviewers' | 'decisions'>): Decision | null {
  const current = stage.decisions.filter((d) => !d.superseded);
  // "Rejected" and "changes requested" win at once: waiting for others changes nothing.
  const negative = current.filter((d) => NEGATIVE.includes(d.decision)).sort((a, b) => rank(b.decision) - rank(a.decision))[0];
  if (negative) return negative.decision;
  const approvals = current.filter((d) => !NEGATIVE.includes(d.decision));
  const done = stage.rule === 'any'
    ? approvals.length > 0
    : stage.reviewers.every((r) => approvals.some((d) => d.reviewerId === r.id));
  if (!done) return null;
  return approvals.some((d) => d.decision === 'approved_with_changes') ? 'approved_with_changes' : 'approved';
}

interface Step { round: Round; stage: StageRun; step: string; at: number; kind: 'reminder' | 'escalation' }

export async function deliverableReviewWorkflow(input: ReviewInput): Promise<ReviewState> {
  const state: ReviewState = input.resume ?? {
    deliverableId: input.deliverableId, accountId: input.accountId, engagementId: input.engagementId, title: input.title,
    status: 'awaiting_version', outcome: null, unlocked: false, rounds: [], version: 0,
  };
  let changed = false;
  const round = (): Round | undefined => state.rounds[state.rounds.length - 1];

  const record = async (event: { key: string; action: string; actor: Actor | null; origin?: Origin | null; data: Record<string, unknown> } | null, decision?: DecisionRecord & { round: number; stageKey: string; origin: Origin | null }) => {
    state.version += 1;
    changed = true;
    await recorded(recordReview({ state: JSON.parse(JSON.stringify(state)) as ReviewState, event: event ? { ...event, origin: event.origin ?? null } : null, decision: decision ?? null }));
  };
  const { exclusive } = guardedHandlers(state, () => patched(PATCH_HANDLERS_LOCKED));

  /** Opens the stages that may open: the first not yet open, and those after it marked parallel. */
  const openStages = async (r: Round): Promise<StageRun[]> => {
    const opened: StageRun[] = [];
    const firstWaiting = r.stages.findIndex((s) => s.status === 'waiting');
    if (firstWaiting < 0) return opened;
    // A stage opens when every stage before it has closed approved, or it runs alongside the one before.
    const before = r.stages.slice(0, firstWaiting);
    if (before.some((s) => s.status === 'open' && !r.stages[firstWaiting]!.parallel)) return opened;
    for (let i = firstWaiting; i < r.stages.length; i++) {
      const s = r.stages[i]!;
      if (i > firstWaiting && !s.parallel) break;
      const now = Date.now();
      s.status = 'open';
      s.openedAt = new Date(now).toISOString();
      s.dueAt = new Date(now + (input.policy.stages.find((p) => p.key === s.key)?.dueDays ?? 5) * input.dayMs).toISOString();
      opened.push(s);
    }
    return opened;
  };

  setHandler(reviewStateQuery, () => state);

  /** Refuses what may not be submitted; run by the validator and again once the handler holds the lock. */
  const validateSubmit = ({ actor, version }: SubmitVersionArgs): void => {
    if (!STAFF_ROLES.includes(actor.role)) throw ApplicationFailure.nonRetryable('Only the account team uploads versions', 'forbidden');
    if (state.status === 'approved') throw ApplicationFailure.nonRetryable('This deliverable is approved; it takes no new versions', 'conflict');
    if (state.rounds.some((r) => r.version.id === version.id)) throw ApplicationFailure.nonRetryable('This version is already under review', 'conflict');
  };

  setHandler(submitVersionUpdate, (args) => exclusive(async () => {
    const { version, actor, origin } = args;
    // Another Update may have changed the state while this one waited for the lock.
    if (patched(PATCH_HANDLERS_LOCKED)) validateSubmit(args);
    const previous = round();
    if (previous && !previous.closedAt) {
      // A newer version replaces the one under review: its round ends undecided.
      previous.closedAt = new Date().toISOString();
      previous.outcome = 'superseded';
    }
    // Who reviews is fixed when the round opens (people joining later review the next round).
    const reviewers = await resolveReviewers({ accountId: state.accountId, stages: input.policy.stages });
    const r: Round = {
      number: state.rounds.length + 1, version, openedAt: new Date().toISOString(), closedAt: null, outcome: null,
      stages: input.policy.stages.map((s) => ({
        key: s.key, title: s.title, rule: s.rule, parallel: s.parallel, status: 'waiting', reviewers: reviewers[s.key] ?? [],
        openedAt: null, dueAt: null, closedAt: null, decisions: [], sent: [],
      })),
    };
    state.rounds.push(r);
    state.status = 'in_review';
    state.outcome = null;
    const opened = await openStages(r);
    await record({
      key: `review:${state.deliverableId}:round:${r.number}:opened`, action: 'review.version_submitted', actor, origin,
      data: { deliverable: state.title, round: r.number, version: version.number, sha256: version.sha256, file: version.name, stages: opened.map((s) => s.key) },
    });
    await notifyReviewers({ deliverableId: state.deliverableId, accountId: state.accountId, title: state.title, round: r.number, stages: opened.map((s) => ({ key: s.key, title: s.title, reviewers: s.reviewers, dueAt: s.dueAt })) });
    return state;
  }), { validator: validateSubmit });

  /** The open stage the actor decides in: the one named, else the only open stage they review. */
  const stageFor = (actor: Actor, stageKey: string | undefined): StageRun => {
    const r = round()!;
    const mine = r.stages.filter((s) => s.status === 'open' && s.reviewers.some((x) => x.id === actor.id));
    const stage = stageKey ? mine.find((s) => s.key === stageKey) : mine[0];
    if (!stage) throw ApplicationFailure.nonRetryable('You are not a reviewer of an open stage of this deliverable', 'forbidden');
    if (!stageKey && mine.length > 1) throw ApplicationFailure.nonRetryable('Say which stage you decide for', 'validation_failed', { stageKey: 'Required' });
    return stage;
  };

  setHandler(decideUpdate, (args) => exclusive(async () => {
    const { versionId, stageKey, decision, comment, actor, origin } = args;
    if (patched(PATCH_HANDLERS_LOCKED)) validateDecide(args);
    const r = round()!;
    const stage = stageFor(actor, stageKey);
    const mine = stage.decisions.filter((d) => d.reviewerId === actor.id && !d.superseded);
    for (const d of mine) d.superseded = true;
    const rec: DecisionRecord = {
      reviewerId: actor.id, reviewerName: actor.name, decision, comment: comment?.trim() || null, at: new Date().toISOString(),
      versionId, sha256: r.version.sha256, superseded: false,
    };
    stage.decisions.push(rec);
    const outcome = stageOutcome(stage);
    let opened: StageRun[] = [];
    if (outcome) {
      stage.status = outcome;
      stage.closedAt = rec.at;
      if (NEGATIVE.includes(outcome)) {
        // The round ends here; stages not yet open never will for this version.
        r.closedAt = rec.at;
        r.outcome = outcome;
        for (const s of r.stages) if (s.status === 'open' && s !== stage) { s.status = outcome; s.closedAt = rec.at; }
        state.status = outcome === 'rejected' ? 'rejected' : 'changes_requested';
      } else if (r.stages.every((s) => s.status === 'approved' || s.status === 'approved_with_changes')) {
        r.closedAt = rec.at;
        r.outcome = r.stages.some((s) => s.status === 'approved_with_changes') ? 'approved_with_changes' : 'approved';
        state.status = 'approved';
        state.outcome = r.outcome;
        state.unlocked = input.policy.unlockOnApproval;
      } else {
        opened = await openStages(r);
      }
    }
    const n = stage.decisions.length;
    await record({
      key: `review:${state.deliverableId}:round:${r.number}:${stage.key}:decision:${n}`, action: mine.length ? 'review.decision_changed' : 'review.decision',
      actor, origin,
      data: {
        deliverable: state.title, round: r.number, version: r.version.number, sha256: r.version.sha256, stage: stage.key, decision,
        comment: rec.comment, ...(outcome ? { stageOutcome: outcome } : {}), status: state.status,
      },
    }, { ...rec, round: r.number, stageKey: stage.key, origin: origin ?? null });
    if (opened.length) {
      await notifyReviewers({ deliverableId: state.deliverableId, accountId: state.accountId, title: state.title, round: r.number, stages: opened.map((s) => ({ key: s.key, title: s.title, reviewers: s.reviewers, dueAt: s.dueAt })) });
    }
    return state;
  }), { validator: (args) => validateDecide(args) });

  /** Refuses a decision that may not be taken; run by the validator and again once the handler holds the lock. */
  function validateDecide({ versionId, stageKey, decision, comment, actor }: DecideArgs): void {
    const r = round();
    if (!r || state.status !== 'in_review' || r.closedAt) throw ApplicationFailure.nonRetryable('Nothing of this deliverable is waiting for a decision', 'conflict');
    if (versionId !== r.version.id) {
      const old = state.rounds.find((x) => x.version.id === versionId);
      throw ApplicationFailure.nonRetryable(
        old ? `Version ${old.version.number} is no longer under review; the current version is ${r.version.number}` : 'No such version of this deliverable',
        'conflict');
    }
    if (!DECISIONS.includes(decision)) throw ApplicationFailure.nonRetryable('Unknown decision', 'validation_failed', { decision: 'Choose a decision' });
    if (NEGATIVE.includes(decision) && !comment?.trim()) {
      throw ApplicationFailure.nonRetryable(decision === 'rejected' ? 'Give a reason for rejecting' : 'Say what should change', 'validation_failed', { comment: 'Required' });
    }
    const stage = stageFor(actor, stageKey);
    const mine = stage.decisions.find((d) => d.reviewerId === actor.id && !d.superseded);
    if (mine && mine.decision === decision) {
      throw ApplicationFailure.nonRetryable(`You already ${DECISION_PAST[decision as Decision]} version ${r.version.number}`, 'conflict');
    }
  }

  /** Reminders before each open stage's due date, the escalation at it: for reviewers who have not decided. */
  const pending = (): Step[] => {
    const r = round();
    if (!r || r.closedAt) return [];
    return r.stages.filter((s) => s.status === 'open' && s.dueAt).flatMap((s) => {
      const due = Date.parse(s.dueAt!);
      const spec = input.policy.stages.find((p) => p.key === s.key);
      const steps: Step[] = [
        ...(spec?.remindBeforeDays ?? []).map((d) => ({ round: r, stage: s, step: `before-${d}d`, at: due - d * input.dayMs, kind: 'reminder' as const })),
        { round: r, stage: s, step: 'due', at: due, kind: 'reminder' as const },
        { round: r, stage: s, step: 'overdue', at: due, kind: 'escalation' as const },
      ];
      return steps.filter((x) => !s.sent.some((y) => y.step === x.step));
    }).sort((a, b) => a.at - b.at);
  };

  if (!input.resume) await record(null);

  for (;;) {
    if (state.status === 'approved') break;
    const due = pending().filter((s) => s.at <= Date.now());
    for (const s of due) {
      const undecided = s.stage.reviewers.filter((x) => !s.stage.decisions.some((d) => d.reviewerId === x.id && !d.superseded));
      await sendReviewReminder({
        deliverableId: state.deliverableId, accountId: state.accountId, title: state.title, round: s.round.number, stageKey: s.stage.key,
        stageTitle: s.stage.title, step: s.step, kind: s.kind, dueAt: s.stage.dueAt!, reviewers: undecided,
      });
      s.stage.sent.push({ step: s.step, at: new Date().toISOString() });
    }
    if (due.length) {
      await record(null);
      continue;
    }
    const next = pending()[0];
    changed = false;
    await condition(() => changed || workflowInfo().continueAsNewSuggested, next ? Math.max(1, next.at - Date.now()) : undefined);
    if (workflowInfo().continueAsNewSuggested) break;
  }
  await condition(allHandlersFinished);
  if (state.status !== 'approved' && workflowInfo().continueAsNewSuggested) {
    await continueAsNew<typeof deliverableReviewWorkflow>({ ...input, resume: state });
  }
  return state;
}
