/**
 * Dunning for one invoice, from the moment it is sent until it is paid or voided. The policy's
 * steps fall at days relative to the due date (negative: before it); each sends its reminder once,
 * applies its late fee once and escalates as configured. A dispute pauses the schedule until staff
 * resolve it; a payment in full or a void stops it at once. Staff may skip a step or waive a fee,
 * with a reason. Durable timers drive it; nothing is polled.
 */
import {
  allHandlersFinished, ApplicationFailure, condition, continueAsNew, defineQuery, defineSignal, defineUpdate, patched, proxyActivities,
  proxyLocalActivities, setHandler, workflowInfo,
} from '@temporalio/workflow';
import type { createDunningActivities } from '../activities/dunning.ts';
import type { Actor } from './engagement.ts';

export type LateFee = { type: 'fixed'; amountMinor: number } | { type: 'percent'; basisPoints: number };
export type Escalation = 'notify_manager' | 'pause_work' | 'hand_to_person';

export interface DunningStepSpec {
  key: string;
  /** Days from the due date: -3 is three days before, 7 a week after. */
  offsetDays: number;
  lateFee: LateFee | null;
  escalation: Escalation | null;
}

export interface DunningPolicy {
  steps: DunningStepSpec[];
  /** After the last step, a reminder every so many days until paid (null: none). */
  repeatEveryDays: number | null;
  /** Done once, after the last step: none, or an escalation. */
  finalAction: Escalation | null;
}

export interface StepState extends DunningStepSpec {
  at: string;
  status: 'pending' | 'done' | 'skipped';
  doneAt: string | null;
  /** Why it was skipped (staff, or a dispute while it fell due). */
  reason: string | null;
  feeWaived: boolean;
}

export interface DunningState {
  invoiceId: string;
  accountId: string;
  status: 'open' | 'paid' | 'void';
  paused: boolean;
  dueAt: string;
  steps: StepState[];
  repeatsSent: number;
  finalDone: boolean;
  version: number;
}

export interface DunningInput {
  invoiceId: string;
  accountId: string;
  /** The due date as an instant (midnight UTC of the due day). */
  dueAt: string;
  policy: DunningPolicy;
  dayMs: number;
  resume?: DunningState;
}

export interface ScheduleChange { action: 'skip' | 'waive_fee'; stepKey: string; reason: string; actor: Actor }

/** The balance reached zero (the API confirmed a payment) or the invoice was voided: stop. */
export const invoiceSettledSignal = defineSignal<[{ status: 'paid' | 'void'; by: string }]>('invoiceSettled');
/** A dispute opened (pause) or was resolved (resume). */
export const disputeSignal = defineSignal<[{ open: boolean; by: string }]>('dispute');
export const changeScheduleUpdate = defineUpdate<DunningState, [ScheduleChange]>('changeSchedule');
export const dunningStateQuery = defineQuery<DunningState>('dunningState');

export function dunningWorkflowId(invoiceId: string): string {
  return `invoice-${invoiceId}`;
}

const { recordDunning } = proxyLocalActivities<ReturnType<typeof createDunningActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '30 seconds' },
});
/** Patch: a new run first keeps the invoice's sent copy, should its sending have been interrupted before the PDF was kept. */
export const SENT_COPY_PATCH = 'dunning-sent-copy';

const { runDunningStep, rerenderInvoice, keepSentCopy } = proxyActivities<ReturnType<typeof createDunningActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const STAFF_ROLES = ['staff', 'admin'];

export async function dunningWorkflow(input: DunningInput): Promise<DunningState> {
  const due = Date.parse(input.dueAt);
  const state: DunningState = input.resume ?? {
    invoiceId: input.invoiceId, accountId: input.accountId, status: 'open', paused: false, dueAt: input.dueAt,
    steps: [...input.policy.steps].sort((a, b) => a.offsetDays - b.offsetDays).map((s) => ({
      ...s, at: new Date(due + s.offsetDays * input.dayMs).toISOString(), status: 'pending', doneAt: null, reason: null, feeWaived: false,
    })),
    repeatsSent: 0, finalDone: false, version: 0,
  };
  let changed = false;
  const record = async (event: { key: string; action: string; by: string | null; data: Record<string, unknown> } | null) => {
    state.version += 1;
    changed = true;
    await recordDunning({ state: JSON.parse(JSON.stringify(state)) as DunningState, event });
  };

  setHandler(dunningStateQuery, () => state);

  setHandler(invoiceSettledSignal, ({ status }) => {
    if (state.status !== 'open') return;
    state.status = status;
    changed = true;
  });

  setHandler(disputeSignal, async ({ open, by }) => {
    if (state.status !== 'open' || state.paused === open) return;
    state.paused = open;
    if (!open) {
      // Steps that fell due while the invoice was disputed are not sent late in a burst.
      for (const s of state.steps) {
        if (s.status === 'pending' && Date.parse(s.at) <= Date.now()) {
          s.status = 'skipped';
          s.reason = 'Fell due while the invoice was disputed';
        }
      }
    }
    await record({ key: `dunning:${state.invoiceId}:dispute:${open ? 'opened' : 'resolved'}:${state.version + 1}`, action: open ? 'dunning.paused' : 'dunning.resumed', by, data: {} });
  });

  setHandler(changeScheduleUpdate, async ({ action, stepKey, reason, actor }) => {
    const s = state.steps.find((x) => x.key === stepKey)!;
    if (action === 'skip') {
      s.status = 'skipped';
      s.reason = reason;
    } else {
      s.feeWaived = true;
      s.reason = reason;
    }
    await record({ key: `dunning:${state.invoiceId}:${stepKey}:${action}`, action: action === 'skip' ? 'dunning.step_skipped' : 'dunning.fee_waived', by: actor.email, data: { step: stepKey, reason } });
    // A waived fee comes off the invoice (the line stays, at zero, with the reason), and its PDF is rendered again.
    if (action === 'waive_fee' && s.status === 'done') await rerenderInvoice({ invoiceId: state.invoiceId, waive: { stepKey, reason } });
    return state;
  }, {
    validator: ({ action, stepKey, reason, actor }) => {
      if (!STAFF_ROLES.includes(actor.role)) throw ApplicationFailure.nonRetryable('Only the account team changes a dunning schedule', 'forbidden');
      if (state.status !== 'open') throw ApplicationFailure.nonRetryable('This invoice is no longer open', 'conflict');
      const s = state.steps.find((x) => x.key === stepKey);
      if (!s) throw ApplicationFailure.nonRetryable('No such step', 'validation_failed', { stepKey: 'No such step' });
      if (!reason.trim()) throw ApplicationFailure.nonRetryable('Give a reason', 'validation_failed', { reason: 'Required' });
      if (action === 'skip' && s.status !== 'pending') throw ApplicationFailure.nonRetryable(`This step is already ${s.status}`, 'conflict');
      if (action === 'waive_fee' && (!s.lateFee || s.feeWaived)) throw ApplicationFailure.nonRetryable(s.lateFee ? 'This fee is already waived' : 'This step has no late fee', 'conflict');
    },
  });

  if (!input.resume && patched(SENT_COPY_PATCH)) await keepSentCopy({ invoiceId: input.invoiceId });
  if (!input.resume) await record(null);
  /** A step found the invoice paid or voided (its signal may still be on its way): the schedule stops. */
  const stopIfSettled = (result: Awaited<ReturnType<typeof runDunningStep>>): boolean => {
    if (result !== 'paid' && result !== 'void') return false;
    if (state.status === 'open') state.status = result;
    return true;
  };

  const repeatMs = (input.policy.repeatEveryDays ?? 0) * input.dayMs;
  const lastAt = (): number => Math.max(due, ...state.steps.map((s) => Date.parse(s.at)));
  const nextRepeat = (): number | null => (repeatMs > 0 ? lastAt() + (state.repeatsSent + 1) * repeatMs : null);

  for (;;) {
    if (state.status !== 'open') break;
    if (!state.paused) {
      const now = Date.now();
      const step = state.steps.find((s) => s.status === 'pending' && Date.parse(s.at) <= now);
      if (step) {
        // Sends the reminder, adds the fee and escalates, each once even across a crash (keyed by the step).
        const result = await runDunningStep({ invoiceId: state.invoiceId, stepKey: step.key, offsetDays: step.offsetDays, lateFee: step.feeWaived ? null : step.lateFee, escalation: step.escalation, kind: 'step' });
        const settled = result === 'settled' || stopIfSettled(result);
        step.status = settled ? 'skipped' : 'done';
        step.doneAt = new Date().toISOString();
        if (settled) step.reason = 'The invoice was already settled';
        await record({ key: `dunning:${state.invoiceId}:${step.key}:done`, action: 'dunning.step_done', by: null, data: { step: step.key, result } });
        continue;
      }
      const allDone = state.steps.every((s) => s.status !== 'pending');
      if (allDone && !state.finalDone && input.policy.finalAction && now >= lastAt()) {
        if (stopIfSettled(await runDunningStep({ invoiceId: state.invoiceId, stepKey: 'final', lateFee: null, escalation: input.policy.finalAction, kind: 'final' }))) continue;
        state.finalDone = true;
        await record({ key: `dunning:${state.invoiceId}:final`, action: 'dunning.final_action', by: null, data: { action: input.policy.finalAction } });
        continue;
      }
      const repeat = nextRepeat();
      if (allDone && repeat !== null && now >= repeat) {
        if (stopIfSettled(await runDunningStep({ invoiceId: state.invoiceId, stepKey: `repeat-${state.repeatsSent + 1}`, lateFee: null, escalation: null, kind: 'repeat' }))) continue;
        state.repeatsSent += 1;
        await record(null);
        continue;
      }
    }
    const pendingAt = state.steps.filter((s) => s.status === 'pending').map((s) => Date.parse(s.at));
    const candidates = state.paused ? [] : [...pendingAt, ...(state.steps.every((s) => s.status !== 'pending') && nextRepeat() !== null ? [nextRepeat()!] : [])];
    const wake = candidates.length ? Math.min(...candidates) : null;
    changed = false;
    await condition(() => changed || workflowInfo().continueAsNewSuggested, wake === null ? undefined : Math.max(1, wake - Date.now()));
    if (workflowInfo().continueAsNewSuggested) break;
  }
  await condition(allHandlersFinished);
  if (state.status === 'open' && workflowInfo().continueAsNewSuggested) {
    await continueAsNew<typeof dunningWorkflow>({ ...input, resume: state });
  }
  if (state.status !== 'open') await record({ key: `dunning:${state.invoiceId}:stopped`, action: 'dunning.stopped', by: null, data: { because: state.status } });
  return state;
}
