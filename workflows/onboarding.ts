/**
 * The onboarding checklist of an engagement: a child of the engagement workflow. Durable timers
 * drive due dates, reminders before and after them and the escalation of overdue items; nothing
 * is polled. Items are completed, waived and reopened through Workflow Updates whose validators
 * refuse what is not allowed, and every change reaches the parent (which completes milestones
 * whose blocking items are done), the read model and the audit trail.
 */
import {
  allHandlersFinished, ApplicationFailure, condition, continueAsNew, defineQuery, defineSignal, defineUpdate,
  getExternalWorkflowHandle, patched, proxyActivities, proxyLocalActivities, setHandler, workflowInfo,
} from '@temporalio/workflow';
import type { createOnboardingActivities } from '../activities/onboarding.ts';
import type { Actor, Origin } from './engagement.ts';
import { guardedHandlers, noteExternalFailure, RECORD_LOCALLY, recorded } from './safe-handlers.ts';

export type Assignee = 'client' | 'staff';

export interface FormFieldSpec {
  key: string;
  label: string;
  type: 'text' | 'choice' | 'date' | 'yesno';
  required: boolean;
  options?: string[];
}

export interface ChecklistItemSpec {
  key: string;
  title: string;
  instructions: string;
  assignee: Assignee;
  dueDays: number;
  remindBeforeDays: number[];
  remindAfterDays: number[];
  completion: { type: 'tick' } | { type: 'upload'; accept: string[] } | { type: 'form'; fields: FormFieldSpec[] };
  blocksMilestone: string | null;
}

export interface ChecklistItemState extends ChecklistItemSpec {
  status: 'open' | 'done' | 'waived';
  dueAt: string;
  completedAt: string | null;
  completedBy: string | null;
  answers: Record<string, string | boolean> | null;
  fileId: string | null;
  /** The uploaded file that completed it (upload items). */
  file?: UploadedFile | null;
  waivedReason: string | null;
  /** Reminder and escalation steps already sent, with when: the UI shows them, the loop never repeats them. */
  sent: { step: string; at: string }[];
}

export interface OnboardingInput {
  engagementId: string;
  accountId: string;
  parentWorkflowId: string;
  startedAt: string;
  /** Length of a "day" in milliseconds: 86 400 000, shorter only in tests and demos. */
  dayMs: number;
  items: ChecklistItemSpec[];
  resume?: { items: ChecklistItemState[]; version: number };
}

export interface OnboardingState {
  engagementId: string;
  items: ChecklistItemState[];
  version: number;
}

/** An uploaded file as the API found it: whose it is and what its content is. */
export interface UploadedFile { id: string; accountId: string; name: string; contentType: string; size: number; sha256: string }

export interface CompleteItemArgs {
  itemKey: string; actor: Actor; answers?: Record<string, string | boolean>;
  /** Set by earlier versions of the API; `file` carries the id now. */
  fileId?: string;
  file?: UploadedFile;
  origin?: Origin;
}
export interface WaiveItemArgs { itemKey: string; actor: Actor; reason: string; origin?: Origin }
export interface ReopenItemArgs { itemKey: string; actor: Actor; origin?: Origin }

export const completeItemUpdate = defineUpdate<OnboardingState, [CompleteItemArgs]>('completeItem');
export const waiveItemUpdate = defineUpdate<OnboardingState, [WaiveItemArgs]>('waiveItem');
export const reopenItemUpdate = defineUpdate<OnboardingState, [ReopenItemArgs]>('reopenItem');
export const onboardingStateQuery = defineQuery<OnboardingState>('onboardingState');
/** Sent to the parent after every change: which items are closed (done or waived), and by whom the last. */
export const checklistProgressSignal = defineSignal<[{ closedKeys: string[]; actor: Actor; version: number }]>('checklistProgress');
/**
 * Sent by the engagement when it ends (completed or cancelled): the checklist stops its reminders,
 * refuses every item Update from then on and closes once the Updates in flight have finished.
 */
export const engagementEndedSignal = defineSignal<[{ status: 'completed' | 'cancelled' }]>('engagementEnded');

const CLIENT_ROLES = ['client_member', 'client_admin'];
const STAFF_ROLES = ['staff', 'admin'];

const { recordChecklist: recordChecklistTask, sendItemReminder } = proxyActivities<ReturnType<typeof createOnboardingActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
/**
 * The same write as a local activity: run by the worker inside the workflow task, without a round
 * trip through the server's task queue, so the person who completed an item gets their answer
 * sooner. It is idempotent like the other (versioned read model, audit event keys).
 */
const { recordChecklist: recordChecklistLocal } = proxyLocalActivities<ReturnType<typeof createOnboardingActivities>>(RECORD_LOCALLY);
type RecordChecklistInput = Parameters<typeof recordChecklistTask>[0];
function recordChecklist(input: RecordChecklistInput): Promise<void> {
  return patched('record-checklist-locally') ? recordChecklistLocal(input) : recordChecklistTask(input);
}

/**
 * Patch: item Updates run one at a time and re-check the item once they hold the lock (two Updates on
 * one item used to interleave around the recording: both accepted, versions and audit keys crossed).
 */
const PATCH_HANDLERS_LOCKED = 'onboarding-handlers-locked';

export function onboardingWorkflowId(engagementId: string): string {
  return `onboarding-${engagementId}`;
}

interface Step { item: ChecklistItemState; step: string; at: number; kind: 'reminder' | 'escalation' }

export async function onboardingWorkflow(input: OnboardingInput): Promise<OnboardingState> {
  const start = Date.parse(input.startedAt);
  const state: OnboardingState = {
    engagementId: input.engagementId,
    version: input.resume?.version ?? 0,
    items: input.resume?.items ?? input.items.map((spec) => ({
      ...spec,
      status: 'open', dueAt: new Date(start + spec.dueDays * input.dayMs).toISOString(),
      completedAt: null, completedBy: null, answers: null, fileId: null, waivedReason: null, sent: [],
    })),
  };
  let changed = false;
  /** The engagement has ended: nothing changes any more, and the run closes. */
  let ended: 'completed' | 'cancelled' | null = null;
  const find = (key: string): ChecklistItemState => {
    const item = state.items.find((i) => i.key === key);
    if (!item) throw ApplicationFailure.nonRetryable('No such checklist item', 'not_found');
    return item;
  };

  /** Signals to the parent still on their way; a run ends (or continues as new) only after them. */
  const parentSignals: Promise<unknown>[] = [];
  /** Records the change (read model, audit) and tells the parent which items are now closed. */
  const publish = async (event: { key: string; action: string; actor: Actor; origin?: Origin; data: Record<string, unknown> }) => {
    state.version += 1;
    changed = true;
    const snapshot = { ...state, items: state.items.map((i) => ({ ...i, sent: [...i.sent] })) };
    await recorded(recordChecklist({ engagementId: state.engagementId, accountId: input.accountId, state: snapshot, event: { ...event, origin: event.origin ?? null } }));
    const signalled = getExternalWorkflowHandle(input.parentWorkflowId).signal(checklistProgressSignal, {
      closedKeys: state.items.filter((i) => i.status !== 'open').map((i) => i.key), actor: event.actor, version: state.version,
    });
    if (patched('answer-before-parent-signal')) {
      // The change is recorded: the person who made it gets their answer now; the parent (which may
      // complete milestones) hears of it in parallel. A parent that has closed has nothing to advance.
      parentSignals.push(signalled.catch(noteExternalFailure('telling the engagement of checklist progress')));
    } else {
      await signalled;
    }
  };

  const { exclusive } = guardedHandlers(state, () => patched(PATCH_HANDLERS_LOCKED));
  /** Refuses every change once the engagement has ended. */
  const stillOpen = (): void => {
    if (ended) throw ApplicationFailure.nonRetryable(`This engagement is ${ended === 'completed' ? 'complete' : 'cancelled'}; its checklist is closed`, 'conflict');
  };

  setHandler(onboardingStateQuery, () => state);
  setHandler(engagementEndedSignal, ({ status }) => {
    ended ??= status;
  });

  setHandler(completeItemUpdate, (args) => exclusive(async () => {
    const { itemKey, actor, answers, fileId, file, origin } = args;
    // Another Update (or the engagement's end) may have changed the item while this one waited.
    if (patched(PATCH_HANDLERS_LOCKED)) validateComplete(args);
    const item = find(itemKey);
    item.status = 'done';
    item.completedAt = new Date().toISOString();
    item.completedBy = actor.name;
    item.answers = answers ?? null;
    item.fileId = file?.id ?? fileId ?? null;
    if (file) item.file = { id: file.id, accountId: file.accountId, name: file.name, contentType: file.contentType, size: file.size, sha256: file.sha256 };
    await publish({
      key: `onboarding:${state.engagementId}:item:${itemKey}:done:${state.version + 1}`, action: 'checklist.item_completed', actor, origin,
      data: { item: item.title, itemKey, fileId: item.fileId, ...(file ? { file: { name: file.name, sha256: file.sha256, size: file.size } } : {}), answered: answers ? Object.keys(answers) : [] },
    });
    return state;
  }), { validator: (args) => validateComplete(args) });

  function validateComplete({ itemKey, actor, answers, fileId, file }: CompleteItemArgs): void {
    stillOpen();
    const item = find(itemKey);
    if (item.status !== 'open') throw ApplicationFailure.nonRetryable(`"${item.title}" is already ${item.status === 'done' ? 'done' : 'waived'}`, 'conflict');
    const mayAct = STAFF_ROLES.includes(actor.role) || (item.assignee === 'client' && CLIENT_ROLES.includes(actor.role));
    if (!mayAct) throw ApplicationFailure.nonRetryable(`"${item.title}" is for the account team to do`, 'forbidden');
    // The team may confirm a file that reached them another way; a client completes it by uploading.
    if (item.completion.type === 'upload' && !fileId && !file && !STAFF_ROLES.includes(actor.role)) {
      throw ApplicationFailure.nonRetryable('Upload a file to complete this item', 'validation_failed', { file: 'Required' });
    }
    if (file) {
      if (item.completion.type !== 'upload') throw ApplicationFailure.nonRetryable(`"${item.title}" is not completed by a file`, 'validation_failed', { fileId: 'Not expected for this item' });
      if (file.accountId !== input.accountId) throw ApplicationFailure.nonRetryable('That file belongs to another account', 'validation_failed', { fileId: 'This file belongs to another account' });
      if (!item.completion.accept.includes(file.contentType)) {
        throw ApplicationFailure.nonRetryable(`"${item.title}" needs ${item.completion.accept.join(' or ')}`, 'validation_failed', { fileId: 'This type of file is not accepted here' });
      }
    }
    if (item.completion.type === 'form') {
      const missing: Record<string, string> = {};
      for (const f of item.completion.fields) {
        const v = answers?.[f.key];
        if (f.required && (v === undefined || v === '')) missing[`answers.${f.key}`] = 'Required';
        else if (v !== undefined && f.type === 'choice' && !f.options?.includes(String(v))) missing[`answers.${f.key}`] = 'Choose one of the options';
        else if (v !== undefined && f.type === 'yesno' && typeof v !== 'boolean') missing[`answers.${f.key}`] = 'Answer yes or no';
        else if (v !== undefined && v !== '' && f.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(String(v))) missing[`answers.${f.key}`] = 'Use a date like 2026-12-31';
      }
      const unknown = Object.keys(answers ?? {}).filter((k) => !item.completion.type || !(item.completion as { fields: FormFieldSpec[] }).fields.some((f) => f.key === k));
      for (const k of unknown) missing[`answers.${k}`] = 'Unknown field';
      if (Object.keys(missing).length) throw ApplicationFailure.nonRetryable('Please check the answers', 'validation_failed', missing);
    }
  }

  const validateWaive = ({ itemKey, actor, reason }: WaiveItemArgs): void => {
    stillOpen();
    const item = find(itemKey);
    if (!STAFF_ROLES.includes(actor.role)) throw ApplicationFailure.nonRetryable('Only the account team can waive items', 'forbidden');
    if (item.status !== 'open') throw ApplicationFailure.nonRetryable(`"${item.title}" is already closed`, 'conflict');
    if (!reason.trim()) throw ApplicationFailure.nonRetryable('Give a reason for waiving', 'validation_failed', { reason: 'Required' });
  };

  setHandler(waiveItemUpdate, (args) => exclusive(async () => {
    const { itemKey, actor, reason, origin } = args;
    if (patched(PATCH_HANDLERS_LOCKED)) validateWaive(args);
    const item = find(itemKey);
    item.status = 'waived';
    item.waivedReason = reason;
    item.completedAt = new Date().toISOString();
    item.completedBy = actor.name;
    await publish({ key: `onboarding:${state.engagementId}:item:${itemKey}:waived:${state.version + 1}`, action: 'checklist.item_waived', actor, origin, data: { item: item.title, itemKey, reason } });
    return state;
  }), { validator: validateWaive });

  const validateReopen = ({ itemKey, actor }: ReopenItemArgs): void => {
    stillOpen();
    const item = find(itemKey);
    if (!STAFF_ROLES.includes(actor.role)) throw ApplicationFailure.nonRetryable('Only the account team can reopen items', 'forbidden');
    if (item.status === 'open') throw ApplicationFailure.nonRetryable(`"${item.title}" is already open`, 'conflict');
  };

  setHandler(reopenItemUpdate, (args) => exclusive(async () => {
    const { itemKey, actor, origin } = args;
    if (patched(PATCH_HANDLERS_LOCKED)) validateReopen(args);
    const item = find(itemKey);
    item.status = 'open';
    item.completedAt = null;
    item.completedBy = null;
    item.waivedReason = null;
    await publish({ key: `onboarding:${state.engagementId}:item:${itemKey}:reopened:${state.version + 1}`, action: 'checklist.item_reopened', actor, origin, data: { item: item.title, itemKey } });
    return state;
  }), { validator: validateReopen });

  /** Reminder and escalation steps still to come for open items, earliest first. */
  const pending = (): Step[] => state.items
    .filter((item) => item.status === 'open')
    .flatMap((item) => {
      const due = Date.parse(item.dueAt);
      const steps: Step[] = [
        ...item.remindBeforeDays.map((d) => ({ item, step: `before-${d}d`, at: due - d * input.dayMs, kind: 'reminder' as const })),
        { item, step: 'overdue', at: due, kind: 'escalation' as const },
        ...item.remindAfterDays.map((d) => ({ item, step: `after-${d}d`, at: due + d * input.dayMs, kind: 'reminder' as const })),
      ];
      return steps.filter((s) => !item.sent.some((x) => x.step === s.step));
    })
    .sort((a, b) => a.at - b.at);

  if (!input.resume) {
    // Version 1: the read model starts at 0, and only ever takes a newer version.
    state.version = 1;
    await recordChecklist({ engagementId: state.engagementId, accountId: input.accountId, state, event: null });
  }

  for (;;) {
    if (ended) break;
    if (state.items.every((i) => i.status !== 'open')) {
      // Everything closed; a staff member may still reopen an item, so wait for that or the end.
      changed = false;
      await condition(() => changed || !!ended || workflowInfo().continueAsNewSuggested);
      if (!changed) break;
      continue;
    }
    const due = pending().filter((s) => s.at <= Date.now());
    for (const s of due) {
      // The activity is idempotent on (engagement, item, step), and skips an item closed meanwhile.
      await sendItemReminder({ engagementId: state.engagementId, accountId: input.accountId, itemKey: s.item.key, step: s.step, kind: s.kind });
      s.item.sent.push({ step: s.step, at: new Date().toISOString() });
    }
    if (due.length) {
      state.version += 1;
      await recordChecklist({ engagementId: state.engagementId, accountId: input.accountId, state, event: null });
      continue;
    }
    const next = pending()[0];
    changed = false;
    await condition(() => changed || !!ended || workflowInfo().continueAsNewSuggested, next ? Math.max(1, next.at - Date.now()) : undefined);
    if (workflowInfo().continueAsNewSuggested) break;
  }
  await condition(allHandlersFinished);
  await Promise.all(parentSignals);
  if (!ended && workflowInfo().continueAsNewSuggested) {
    await continueAsNew<typeof onboardingWorkflow>({ ...input, resume: { items: state.items, version: state.version } });
  }
  return state;
}
