/**
 * The engagement workflow: one run per client engagement, holding its milestones. Staff complete
 * milestones through a Workflow Update whose validator refuses anything but the current milestone;
 * every change is written to the read model and the audit trail by an activity.
 */
import {
  allHandlersFinished, ApplicationFailure, CancellationScope, condition, continueAsNew, defineQuery, defineUpdate, getExternalWorkflowHandle,
  isCancellation, ParentClosePolicy, patched, proxyActivities, setHandler, startChild, upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import { checklistProgressSignal, engagementEndedSignal, onboardingWorkflow, onboardingWorkflowId, type ChecklistItemSpec } from './onboarding.ts';
import type { createEngagementActivities } from '../activities/engagement.ts';
import { PorticoAccountId, PorticoStatus, PorticoWaitingOn } from './search-attributes.ts';
import { deliverableReviewWorkflow, reviewWorkflowId, type ReviewPolicy } from './review.ts';
import { signatureWorkflow, signatureWorkflowId, type SignatureInput } from './signature.ts';
import { dunningWorkflow, dunningWorkflowId, type DunningPolicy } from './dunning.ts';
import { noteExternalFailure } from './safe-handlers.ts';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createBillingActivities } from '../activities/billing.ts';

export type MilestoneOwner = 'client' | 'staff';

export interface Actor {
  id: string;
  email: string;
  role: string;
  name: string;
}

export interface MilestoneState {
  id: string;
  title: string;
  owner: MilestoneOwner;
  /** Checklist items that must be done (or waived) first; the milestone then completes by itself. */
  blockedBy?: string[];
  status: 'pending' | 'current' | 'done';
  completedAt: string | null;
  completedBy: string | null;
}

/** One invoice of the billing schedule, as the workflow runs it. */
export interface ScheduledInvoiceSpec {
  /** The template's key: with the engagement, what makes the invoice exactly once. */
  key: string;
  title: string;
  lines: { description: string; quantityMilli: number; unitMinor: number }[];
  /** Days (of `dayMs`) after the engagement started, or the completion of a milestone (m1, m2, …). */
  trigger: { afterDays: number } | { milestoneId: string };
  /** Payment terms: due this many days after it is issued. */
  dueDays: number;
  /** Sent (numbered, rendered, emailed, dunned) at once, or left as a draft for the team. */
  autoSend: boolean;
  notes: string;
}

/** The billing schedule of an engagement started from a template with a billing section. */
export interface BillingPlan {
  currency: string;
  taxRateBp: number;
  dunning: DunningPolicy;
  schedule: ScheduledInvoiceSpec[];
  dayMs: number;
}

export interface EngagementInput {
  engagementId: string;
  accountId: string;
  title: string;
  milestones: { id: string; title: string; owner: MilestoneOwner; blockedBy?: string[] }[];
  startedBy: Actor;
  /** The onboarding checklist, run as a child workflow (engagements started from a template). */
  onboarding?: { items: ChecklistItemSpec[]; dayMs: number };
  origin?: Origin;
  billing?: BillingPlan;
  /** Carried over by continue-as-new; absent on the first run. */
  resume?: { milestones: MilestoneState[]; version: number; checklistClosed?: string[]; billing?: { startedAt: string; invoiced: string[] } };
}

export interface EngagementState {
  engagementId: string;
  accountId: string;
  title: string;
  status: 'active' | 'completed';
  milestones: MilestoneState[];
  waitingOn: MilestoneOwner | null;
  /** Grows with every change; the read model ignores writes older than what it holds. */
  version: number;
}

/** Where a request came from, for the audit trail. */
export interface Origin {
  ip: string | null;
  userAgent: string | null;
}

export interface CompleteMilestoneArgs {
  milestoneId: string;
  actor: Actor;
  origin?: Origin;
}

/** Complete the current milestone. Rejected by the validator unless it is the current one. */
export const completeMilestoneUpdate = defineUpdate<EngagementState, [CompleteMilestoneArgs]>('completeMilestone');
export interface AddDeliverableArgs {
  deliverableId: string;
  title: string;
  policy: ReviewPolicy;
  dayMs: number;
  actor: Actor;
}
/** Start the review of a deliverable: a child workflow of its own, which outlives this run. */
export const addDeliverableUpdate = defineUpdate<{ workflowId: string }, [AddDeliverableArgs]>('addDeliverable');

/** Start collecting signatures on a document: a child workflow of its own, which outlives this run. */
export const addDocumentUpdate = defineUpdate<{ workflowId: string }, [{ input: Omit<SignatureInput, 'accountId' | 'resume'>; actor: Actor }]>('addDocument');

/** The live state, straight from the workflow. */
export const engagementStateQuery = defineQuery<EngagementState>('engagementState');

export const STAFF_ROLES: readonly string[] = ['staff', 'admin'];

const { recordEngagementProgress } = proxyActivities<ReturnType<typeof createEngagementActivities>>({
  // Short: a worker that dies mid-activity is noticed (and the activity retried elsewhere) quickly.
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const { issueScheduledInvoice } = proxyActivities<ReturnType<typeof createBillingActivities>>({
  // Renders a PDF when it sends: longer than a read-model write.
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Patches (see Temporal's versioning): engagements started before a change keep replaying the old way. */
const PATCH_WAITING_ON_CHECKLIST = 'waiting-on-checklist';
const PATCH_CHECKLIST_OUTLIVES_RUN = 'checklist-outlives-run';
const PATCH_BILLING_SCHEDULE = 'billing-schedule';
/**
 * The checklist ends with its engagement, whatever its items: it is told (`engagementEnded`) when the
 * engagement completes or is cancelled, and closes. Before, it was cancelled only while items were
 * open, so a checklist with every item closed waited for ever and still took `reopenItem`.
 */
const PATCH_CHECKLIST_ENDS_WITH_ENGAGEMENT = 'checklist-ends-with-engagement';

/** One search-attribute value for the sides an engagement waits on. */
export function waitingOnValue(sides: readonly ('client' | 'staff')[]): 'client' | 'staff' | 'both' | 'nobody' {
  const client = sides.includes('client');
  const staff = sides.includes('staff');
  return client && staff ? 'both' : client ? 'client' : staff ? 'staff' : 'nobody';
}

export function engagementWorkflowId(engagementId: string): string {
  return `engagement-${engagementId}`;
}

export async function engagementWorkflow(input: EngagementInput): Promise<EngagementState> {
  const state: EngagementState = {
    engagementId: input.engagementId,
    accountId: input.accountId,
    title: input.title,
    status: 'active',
    milestones: input.resume?.milestones ?? input.milestones.map((m, i) => ({
      id: m.id, title: m.title, owner: m.owner, ...(m.blockedBy?.length ? { blockedBy: m.blockedBy } : {}),
      status: i === 0 ? 'current' : 'pending', completedAt: null, completedBy: null,
    })),
    waitingOn: null,
    version: input.resume?.version ?? 0,
  };
  const current = (): MilestoneState | undefined => state.milestones.find((m) => m.status === 'current');
  const closedItems = new Set<string>(input.resume?.checklistClosed ?? []);
  const openBlockers = (m: MilestoneState): string[] => (m.blockedBy ?? []).filter((k) => !closedItems.has(k));
  // The billing schedule counts from the first run's start; invoiced entries are carried across runs.
  const billingStartedAt = input.resume?.billing?.startedAt ?? new Date().toISOString();
  const invoiced = new Set<string>(input.resume?.billing?.invoiced ?? []);
  let milestoneDone = false;
  let searched = '';
  const refresh = (): void => {
    state.waitingOn = current()?.owner ?? null;
    state.status = state.milestones.every((m) => m.status === 'done') ? 'completed' : 'active';
    if (patched(PATCH_WAITING_ON_CHECKLIST)) {
      // Only a change is worth an upsert (each is a command and an event in the history).
      const values = `${state.status}/${searchWaitingOn()}`;
      if (values === searched) return;
      searched = values;
    }
    upsertSearchAttributes([
      { key: PorticoAccountId, value: state.accountId },
      { key: PorticoStatus, value: state.status },
      { key: PorticoWaitingOn, value: patched(PATCH_WAITING_ON_CHECKLIST) ? searchWaitingOn() : state.waitingOn ?? 'nobody' },
    ]);
  };
  /** Who the engagement waits on, checklist included: the current milestone's owner (unless it waits for items) and every side with open items. */
  const searchWaitingOn = (): 'client' | 'staff' | 'both' | 'nobody' => {
    if (state.status === 'completed') return 'nobody';
    const m = current();
    const items = input.onboarding?.items ?? [];
    return waitingOnValue([
      ...(m && openBlockers(m).length === 0 ? [m.owner] : []),
      ...items.filter((i) => !closedItems.has(i.key)).map((i) => i.assignee),
    ]);
  };

  setHandler(engagementStateQuery, () => state);

  /** Completes a milestone, moves to the next and records it (read model and audit). */
  const completeMilestone = async (m: MilestoneState, actor: Actor, origin: Origin | null): Promise<void> => {
    m.status = 'done';
    m.completedAt = new Date().toISOString();
    m.completedBy = actor.name;
    // Wakes the billing schedule: an invoice may be due on this milestone.
    milestoneDone = true;
    const next = state.milestones.find((x) => x.status === 'pending');
    if (next) next.status = 'current';
    state.version += 1;
    refresh();
    await recordEngagementProgress({
      state: { ...state, milestones: state.milestones.map((x) => ({ ...x })) },
      event: {
        key: `engagement:${state.engagementId}:milestone:${m.id}:completed`,
        action: 'engagement.milestone_completed',
        actor,
        origin,
        data: { milestoneId: m.id, milestone: m.title, next: next?.title ?? null },
      },
    });
  };

  /** A milestone whose blocking items are all closed completes by itself, and so on down the line. */
  const advanceUnblocked = async (actor: Actor): Promise<void> => {
    for (let m = current(); m?.blockedBy?.length && openBlockers(m).length === 0; m = current()) {
      await completeMilestone(m, actor, null);
    }
  };

  setHandler(checklistProgressSignal, async ({ closedKeys, actor }) => {
    // Signals may repeat or arrive late: the closed set is replaced, never counted.
    closedItems.clear();
    for (const k of closedKeys) closedItems.add(k);
    // Staff list engagements by what they wait on, checklist items included.
    if (patched(PATCH_WAITING_ON_CHECKLIST)) refresh();
    await advanceUnblocked(actor);
  });

  setHandler(addDeliverableUpdate, async ({ deliverableId, title, policy, dayMs }) => {
    const workflowId = reviewWorkflowId(deliverableId);
    await startChild(deliverableReviewWorkflow, {
      workflowId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [{ deliverableId, accountId: state.accountId, engagementId: state.engagementId, title, policy, dayMs }],
    });
    return { workflowId };
  }, {
    validator: ({ actor, policy }) => {
      if (!STAFF_ROLES.includes(actor.role)) throw ApplicationFailure.nonRetryable('Only the account team adds deliverables', 'forbidden');
      if (state.status === 'completed') throw ApplicationFailure.nonRetryable('This engagement is complete', 'conflict');
      if (!policy.stages.length) throw ApplicationFailure.nonRetryable('A review needs at least one stage', 'validation_failed', { stages: 'Add at least one stage' });
    },
  });

  setHandler(addDocumentUpdate, async ({ input: doc }) => {
    const workflowId = signatureWorkflowId(doc.documentId);
    await startChild(signatureWorkflow, { workflowId, parentClosePolicy: ParentClosePolicy.ABANDON, args: [{ ...doc, accountId: state.accountId }] });
    return { workflowId };
  }, {
    validator: ({ actor, input: doc }) => {
      if (!STAFF_ROLES.includes(actor.role)) throw ApplicationFailure.nonRetryable('Only the account team sends documents for signature', 'forbidden');
      if (state.status === 'completed') throw ApplicationFailure.nonRetryable('This engagement is complete', 'conflict');
      if (!doc.signers.length) throw ApplicationFailure.nonRetryable('Add at least one signer', 'validation_failed', { signers: 'Add at least one signer' });
    },
  });

  setHandler(
    completeMilestoneUpdate,
    async ({ milestoneId, actor, origin }) => {
      await completeMilestone(state.milestones.find((x) => x.id === milestoneId)!, actor, origin ?? null);
      await advanceUnblocked(actor);
      return state;
    },
    {
      validator: ({ milestoneId, actor }) => {
        if (!STAFF_ROLES.includes(actor.role)) {
          throw ApplicationFailure.nonRetryable('Only the account team can complete milestones', 'forbidden');
        }
        const m = state.milestones.find((x) => x.id === milestoneId);
        if (!m) throw ApplicationFailure.nonRetryable('No such milestone', 'not_found');
        if (m.status === 'done') throw ApplicationFailure.nonRetryable(`"${m.title}" is already complete`, 'milestone_not_current');
        if (m.status !== 'current') throw ApplicationFailure.nonRetryable(`"${m.title}" is not the current milestone`, 'milestone_not_current');
        if (openBlockers(m).length) {
          throw ApplicationFailure.nonRetryable(`"${m.title}" waits for its checklist items: ${openBlockers(m).join(', ')}`, 'milestone_not_current');
        }
      },
    },
  );

  if (!input.resume) {
    state.version = 1;
    refresh();
    await recordEngagementProgress({
      state: { ...state, milestones: state.milestones.map((x) => ({ ...x })) },
      event: {
        key: `engagement:${state.engagementId}:started`,
        action: 'engagement.started',
        actor: input.startedBy,
        origin: input.origin ?? null,
        data: { title: state.title, milestones: state.milestones.map((m) => m.title) },
      },
    });
    if (input.onboarding?.items.length) {
      await startChild(onboardingWorkflow, {
        workflowId: onboardingWorkflowId(state.engagementId),
        // The checklist outlives a continue-as-new of this workflow; it is cancelled when the engagement completes.
        ...(patched(PATCH_CHECKLIST_OUTLIVES_RUN) ? { parentClosePolicy: ParentClosePolicy.ABANDON } : {}),
        args: [{
          engagementId: state.engagementId, accountId: state.accountId, parentWorkflowId: workflowInfo().workflowId,
          startedAt: new Date().toISOString(), dayMs: input.onboarding.dayMs, items: input.onboarding.items,
        }],
      });
    }
  } else {
    refresh();
  }

  /** Tells the checklist the engagement has ended; a checklist that has closed already needs nothing. */
  const endChecklist = async (status: 'completed' | 'cancelled'): Promise<void> => {
    if (!input.onboarding?.items.length) return;
    // A checklist that has closed already needs no telling; anything else is logged, not dropped.
    await getExternalWorkflowHandle(onboardingWorkflowId(state.engagementId)).signal(engagementEndedSignal, { status })
      .catch(noteExternalFailure('ending the checklist'));
  };

  let checklistEnded = false;
  const billing = input.billing;
  // Only engagements with a billing schedule take the new path; every other one replays as before.
  const billingOn = !!billing?.schedule.length && patched(PATCH_BILLING_SCHEDULE);
  try {
    await untilDone();
  } catch (err) {
    // Cancelled (by an operator): the checklist ends too, even though this run is being cancelled.
    if (isCancellation(err) && patched(PATCH_CHECKLIST_ENDS_WITH_ENGAGEMENT)) await CancellationScope.nonCancellable(() => endChecklist('cancelled'));
    throw err;
  }
  /** Waits until every milestone is done (and the billing schedule made), or a new run is due. */
  async function untilDone(): Promise<void> {
    if (billing && billingOn) {
      const at = (e: ScheduledInvoiceSpec): number | null => ('afterDays' in e.trigger ? Date.parse(billingStartedAt) + e.trigger.afterDays * billing.dayMs : null);
      const due = (e: ScheduledInvoiceSpec): boolean => {
        const t = e.trigger;
        return 'milestoneId' in t ? state.milestones.some((m) => m.id === t.milestoneId && m.status === 'done') : Date.now() >= at(e)!;
      };
      for (;;) {
        milestoneDone = false;
        for (const e of billing.schedule) {
          if (invoiced.has(e.key) || !due(e)) continue;
          // Keyed by (engagement, entry) in the database: a retried activity or a replay makes one invoice.
          const made = await issueScheduledInvoice({
            engagementId: state.engagementId, accountId: state.accountId, createdBy: input.startedBy,
            currency: billing.currency, taxRateBp: billing.taxRateBp, dunning: billing.dunning, dayMs: billing.dayMs, entry: e,
          });
          if (made.dunning) {
            try {
              // Dunning outlives this engagement (and its continue-as-new), like the one the API starts.
              await startChild(dunningWorkflow, { workflowId: dunningWorkflowId(made.invoiceId), parentClosePolicy: ParentClosePolicy.ABANDON, args: [made.dunning] });
            } catch (err) {
              if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
            }
          }
          invoiced.add(e.key);
        }
        // The engagement is complete though dates are still to come: its checklist ends now, not with the schedule.
        if (state.status === 'completed' && !checklistEnded && patched(PATCH_CHECKLIST_ENDS_WITH_ENGAGEMENT)) {
          checklistEnded = true;
          await endChecklist('completed');
        }
        // Dates still to come keep the workflow open after the last milestone: the schedule is part of the engagement.
        const dates = billing.schedule.filter((e) => !invoiced.has(e.key)).map(at).filter((t): t is number => t !== null);
        if (state.status === 'completed' && !dates.length) break;
        if (workflowInfo().continueAsNewSuggested) break;
        const next = dates.length ? Math.min(...dates) : null;
        await condition(() => milestoneDone || workflowInfo().continueAsNewSuggested, next === null ? undefined : Math.max(1, next - Date.now()));
      }
    } else {
      await condition(() => state.status === 'completed' || workflowInfo().continueAsNewSuggested);
    }
  }
  // Let in-flight updates finish before closing or handing over to a new run.
  await condition(allHandlersFinished);
  const billingLeft = billingOn && !!billing?.schedule.some((e) => !invoiced.has(e.key));
  if (state.status !== 'completed' || billingLeft) {
    await continueAsNew<typeof engagementWorkflow>({
      ...input,
      resume: {
        milestones: state.milestones, version: state.version, checklistClosed: [...closedItems],
        ...(billingOn ? { billing: { startedAt: billingStartedAt, invoiced: [...invoiced] } } : {}),
      },
    });
  }
  if (patched(PATCH_CHECKLIST_ENDS_WITH_ENGAGEMENT)) {
    // Told already if the billing schedule kept this run open past the last milestone.
    if (!checklistEnded) await endChecklist('completed');
  } else if (input.onboarding?.items.length && closedItems.size < input.onboarding.items.length && patched(PATCH_CHECKLIST_OUTLIVES_RUN)) {
    // Items still open when the engagement is done are moot: stop their reminders.
    await getExternalWorkflowHandle(onboardingWorkflowId(state.engagementId)).cancel().catch(noteExternalFailure('cancelling the checklist'));
  }
  return state;
}
