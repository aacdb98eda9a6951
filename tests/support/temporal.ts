import type { WorkflowHandle } from '@temporalio/client';

type Stamp = { seconds?: { toNumber(): number } | number | string | null; nanos?: number | null } | null | undefined;
const ms = (t: Stamp): number => (t ? Number(typeof t.seconds === 'object' && t.seconds ? t.seconds.toNumber() : t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0);

/**
 * Waits until the workflow has caught up with time `until` (ms since the epoch): the clock has
 * passed it, every durable timer the workflow started that was due by then has fired (or was
 * cancelled), and no workflow task is waiting — or the workflow has closed. Tests call it before
 * asserting that something did NOT happen, instead of sleeping for a fixed time and hoping the
 * worker kept up.
 */
export async function caughtUp(handle: WorkflowHandle, until: number = Date.now(), timeoutMs = 60_000): Promise<void> {
  if (until > Date.now()) await new Promise((r) => setTimeout(r, until - Date.now()));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const closed = events.some((e) => e.workflowExecutionCompletedEventAttributes || e.workflowExecutionFailedEventAttributes
      || e.workflowExecutionCanceledEventAttributes || e.workflowExecutionTerminatedEventAttributes || e.workflowExecutionContinuedAsNewEventAttributes || e.workflowExecutionTimedOutEventAttributes);
    if (closed) return;
    const ended = new Set(events.flatMap((e) => {
      const id = e.timerFiredEventAttributes?.startedEventId ?? e.timerCanceledEventAttributes?.startedEventId;
      return id === undefined || id === null ? [] : [String(id)];
    }));
    const due = events.filter((e) => e.timerStartedEventAttributes && ms(e.eventTime as Stamp) + ms(e.timerStartedEventAttributes.startToFireTimeout as Stamp) <= until);
    if (due.every((e) => ended.has(String(e.eventId)))) {
      // Nothing left to do for now: no workflow task and no activity waiting.
      const { raw } = await handle.describe();
      if (!raw.pendingWorkflowTask && !raw.pendingActivities?.length) return;
    }
    if (Date.now() > deadline) throw new Error(`workflow ${handle.workflowId} did not catch up with ${new Date(until).toISOString()} in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
