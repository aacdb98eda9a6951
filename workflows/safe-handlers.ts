/**
 * Safe message handlers (Temporal's `message-passing/safe-message-handlers` sample, which uses
 * async-mutex) without a dependency, and the options of the local activities that record an
 * Update's change. Workflow code: deterministic, no timers, no I/O.
 */
import { ActivityFailure, ApplicationFailure, log, type LocalActivityOptions } from '@temporalio/workflow';

/**
 * A first-come, first-served lock. An Update handler that awaits (an activity) before it has
 * finished changing shared state holds it, so a second Update arriving meanwhile starts only after
 * the first has settled and sees its result. Waiters are plain promises resolved in arrival order.
 */
export class Mutex {
  #locked = false;
  readonly #waiting: (() => void)[] = [];

  /** Whether a body is running (or waiting to run). */
  get locked(): boolean {
    return this.#locked;
  }

  /** Runs `body` alone: after every earlier caller's body has settled, before every later one's. */
  async runExclusive<T>(body: () => Promise<T>): Promise<T> {
    if (this.#locked) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    // Handed over by the previous holder (still locked) or taken free: ours either way.
    this.#locked = true;
    try {
      return await body();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#locked = false;
    }
  }
}

/**
 * Database errors that no retry can cure: bad data, not a busy or absent database. Everything else
 * is retried a few times only (`maximumAttempts`), so nothing loops for hours as failing workflow
 * tasks out of sight of a pending-activity check.
 */
export const NON_RETRYABLE_WRITE_ERRORS = [
  'NotNullConstraintViolationException', 'ForeignKeyConstraintViolationException', 'CheckConstraintViolationException',
  'InvalidFieldNameException', 'SyntaxErrorException', 'TypeError', 'RangeError', 'SyntaxError',
];

/**
 * Options of a local activity that records a change (read model, audit event) inside the workflow
 * task. A local activity is retried by the worker within the workflow task, and the workflow task
 * is heartbeated meanwhile, so an unbounded retry policy shows up only as a history growing by a
 * dozen events every few seconds; bounded, the failure reaches the Update's caller (or fails the
 * workflow) within about half a minute.
 */
export const RECORD_LOCALLY: LocalActivityOptions = {
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '40 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE_WRITE_ERRORS },
};

/** Marks a failure to record a change, so `guardedHandlers` puts the state back. */
const unrecorded = new WeakSet<object>();

/**
 * Awaits the write of a change. If it fails for good, the caller gets a non-retryable
 * ApplicationFailure (an Update fails with it; the main workflow function fails the workflow):
 * `validation_failed` with its message and fields when the activity refused the data so, else
 * `internal`, so the API answers at once instead of waiting on a workflow that retries for ever.
 */
export async function recorded<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    // A local activity's failure reaches the workflow as the activity's own ApplicationFailure (or
    // wrapped in an ActivityFailure): either way the change was not recorded.
    if (!(err instanceof ActivityFailure || err instanceof ApplicationFailure)) throw err;
    const cause = err instanceof ApplicationFailure ? err : err.cause instanceof ApplicationFailure ? err.cause : null;
    const failure = ApplicationFailure.create({
      // The database's own words stay in the cause (the worker's log, the history), not in the answer.
      message: cause?.type === 'validation_failed' ? cause.message : 'The change could not be recorded',
      type: cause?.type === 'validation_failed' ? 'validation_failed' : 'internal',
      details: cause?.type === 'validation_failed' ? cause.details as unknown[] | undefined : undefined,
      nonRetryable: true,
      cause: err,
    });
    unrecorded.add(failure);
    throw failure;
  }
}

/**
 * Runs Update handler bodies one at a time (when `useLock()` says so: behind a patch, since a
 * serialised body can issue its commands in another order than an interleaved one), and puts the
 * shared state back as it was when a body's change could not be recorded, so the workflow does not
 * hold a change the database and the caller never saw.
 */
export function guardedHandlers<S extends object>(state: S, useLock: () => boolean) {
  const lock = new Mutex();
  return {
    lock,
    exclusive<T>(body: () => Promise<T>): Promise<T> {
      if (!useLock()) return body();
      return lock.runExclusive(async () => {
        const before = JSON.stringify(state);
        try {
          return await body();
        } catch (err) {
          if (err instanceof ApplicationFailure && unrecorded.has(err)) Object.assign(state, JSON.parse(before) as S);
          throw err;
        }
      });
    },
  };
}

/** What Temporal answers when a signal or cancel names a workflow that has closed (or never ran). */
const TARGET_GONE = ['SignalExternalWorkflowExecutionFailed', 'RequestCancelExternalWorkflowExecutionFailed'];

/**
 * For a signal or cancel sent to another workflow whose outcome this one does not wait on: a target
 * that has closed is expected and noted; any other failure is logged as an error (the workflow's
 * logger: visible in the worker's log and skipped on replay), never dropped without a trace.
 */
export function noteExternalFailure(what: string): (err: unknown) => void {
  return (err) => {
    const gone = err instanceof ApplicationFailure && TARGET_GONE.includes(err.type ?? '');
    if (gone) log.info(`${what}: the workflow has closed`, { error: (err as Error).message });
    else log.error(`${what} failed`, { error: err instanceof Error ? err.message : String(err) });
  };
}
