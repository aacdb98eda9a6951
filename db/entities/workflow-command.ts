import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const WORKFLOW_COMMAND_STATUSES = ['pending', 'delivered', 'refused', 'failed'] as const;

/**
 * A command for Temporal (start a workflow, signal it, or send it an Update), written in the same
 * transaction as the rows it belongs to and delivered by the relay until Temporal acknowledges it
 * (`db/workflow-commands.ts`). The id orders the commands of one workflow; the key is the business
 * key (and the Update id), so a retried request queues one command.
 */
export const WorkflowCommand = defineEntity({
  name: 'WorkflowCommand',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    createdAt: p.datetime().onCreate(() => new Date()),
    commandKey: p.string().length(300).unique(),
    kind: p.string().length(10),
    workflowId: p.string().length(200),
    /** The workflow type to start, or the signal or Update name. */
    name: p.string().length(100),
    taskQueue: p.string().length(200).nullable(),
    args: p.json<unknown[]>(),
    /** Typed search attributes of a start: `[{ name, type, value }]`. */
    searchAttributes: p.json<{ name: string; type: string; value: unknown }[]>().nullable(),
    /** What undoes the rows written with an Update the workflow refused: `{ kind, id }`. */
    onRefused: p.json<{ kind: string; id: string }>().nullable(),
    status: p.enum(WORKFLOW_COMMAND_STATUSES).default('pending'),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime().onCreate(() => new Date()),
    lockedUntil: p.datetime().nullable(),
    lastError: p.text().nullable(),
    deliveredAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['status', 'nextAttemptAt'] }, { properties: ['workflowId', 'status'] }],
});
export type WorkflowCommand = InferEntity<typeof WorkflowCommand>;
