/**
 * How the API talks to Temporal. Two ways, both with a deadline (`PORTICO_TEMPORAL_DEADLINE_MS`):
 * - a change that writes rows queues its command in the same transaction (`enqueueCommand`) and
 *   then `deliverCommands()` tries to deliver it at once; what Temporal does not acknowledge in
 *   time is delivered by the relay, and the API answers 202;
 * - a decision the workflow validates and records itself (an Update whose handler writes the rows
 *   through its activity) goes straight to Temporal through `updateWorkflow()`; not accepted in time,
 *   the API answers 503 with `Retry-After`, having written nothing; accepted but not finished in
 *   time, 202 (the workflow records it).
 */
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import {
  ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, WorkflowUpdateStage, isGrpcServiceError,
  type Client, type WorkflowUpdateHandle,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { CommandRelay } from '../../db/workflow-commands.ts';
import { AppError, ERROR_STATUS, type ErrorCode } from '../errors.ts';

export interface TemporalDeps {
  temporal: Client;
  commands: CommandRelay;
  /** How long a request waits for Temporal. */
  deadlineMs: number;
}

/** Seconds a client is asked to wait before trying again when Temporal is not answering. */
export const RETRY_AFTER_SECONDS = 5;

export const unavailable = (cause?: unknown): AppError => new AppError('unavailable', 'The workflow service did not confirm this in time. Try again in a moment.',
  { headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) }, cause });

/** A refused Workflow Update becomes the API error its validator named, with its field errors. */
export function workflowUpdateError(err: unknown): unknown {
  // A workflow that has finished (or not yet started) takes no Updates.
  if (err instanceof WorkflowNotFoundError) return new AppError('conflict', 'This is not open for changes any more');
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const code = (err.cause.type && err.cause.type in ERROR_STATUS ? err.cause.type : 'conflict') as ErrorCode;
    const fields = err.cause.details?.[0];
    return new AppError(code, err.cause.message, fields && typeof fields === 'object' ? { fields: fields as Record<string, string> } : {});
  }
  if (err instanceof WorkflowUpdateFailedError) return new AppError('conflict', err.cause?.message ?? 'Refused');
  if (isTransient(err)) return unavailable(err);
  return err;
}

/** Temporal (or the worker behind it) did not answer: the call may be tried again. */
export function isTransient(err: unknown): boolean {
  return err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || err instanceof ServiceError || isGrpcServiceError(err)
    || (err instanceof Error && isGrpcServiceError(err.cause));
}

/**
 * Sends a workflow Update within the deadline: a refusal by its validator becomes its API error; no
 * acceptance in time is a 503 with Retry-After (nothing was recorded: the workflow either takes the
 * Update whole later, should a worker come back and accept it, or not at all — never half of it);
 * accepted but not finished in time answers 202 (the workflow records it). Returns the Update's
 * result when it finished.
 */
export async function updateWorkflow<Ret, Args extends [unknown, ...unknown[]]>(
  deps: Pick<TemporalDeps, 'temporal' | 'deadlineMs'>, res: Response, workflowId: string, def: UpdateDefinition<Ret, Args>, options: { args: Args; updateId?: string },
): Promise<Ret | undefined> {
  const deadline = Date.now() + deps.deadlineMs;
  let handle: WorkflowUpdateHandle<Ret>;
  try {
    handle = await deps.temporal.withDeadline(deadline, () => deps.temporal.workflow.getHandle(workflowId).startUpdate(def, { ...options, waitForStage: WorkflowUpdateStage.ACCEPTED }));
  } catch (err) {
    throw workflowUpdateError(err);
  }
  try {
    return await deps.temporal.withDeadline(Math.max(deadline, Date.now() + 500), () => handle.result());
  } catch (err) {
    if (!isTransient(err)) throw workflowUpdateError(err);
    res.locals.status = 202;
    return undefined;
  }
}

/**
 * Delivers commands queued by the request's (committed) transaction, within the deadline. A
 * refusal by the workflow becomes its API error (the rows written with it were undone); `queued`
 * means the relay goes on delivering and the caller answers 202.
 */
export async function deliverCommands(deps: Pick<TemporalDeps, 'commands' | 'deadlineMs'>, ids: number[]): Promise<'delivered' | 'queued'> {
  if (!ids.length) return 'delivered';
  // Fault tests kill the API here, after its transaction committed and before it reached Temporal (tests only).
  if (process.env.NODE_ENV === 'test' && process.env.PORTICO_FAILPOINT === 'kill-before-delivery') process.kill(process.pid, 'SIGKILL');
  const outcomes = await deps.commands.deliver(ids, deps.deadlineMs);
  const refused = outcomes.find((o) => o.status === 'refused');
  if (refused && refused.status === 'refused') {
    const e = workflowUpdateError(refused.error);
    throw e instanceof AppError ? e : new AppError('conflict', (refused.error as Error).message);
  }
  return outcomes.every((o) => o.status === 'delivered') ? 'delivered' : 'queued';
}

/** Answers 202 Accepted instead of the route's status: the change is committed and its workflow command is on its way. */
export function markQueued(res: Response, state: 'delivered' | 'queued'): void {
  if (state === 'queued') res.locals.status = 202;
}

/** A stable id from a client's Idempotency-Key, so a retried create makes one item (a UUID, version 8 layout). */
export function idFromKey(scope: string, key: string): string {
  const h = createHash('sha256').update(`${scope}\u0000${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The API's Temporal dependencies with its configured deadline. */
export const temporalDepsOf = (deps: { temporal: Client; commands: CommandRelay; config: { temporalDeadlineMs: number } }): TemporalDeps =>
  ({ temporal: deps.temporal, commands: deps.commands, deadlineMs: deps.config.temporalDeadlineMs });
