import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { baseProperties } from './base.ts';
import { Account } from './account.ts';

export interface MilestoneView {
  id: string;
  title: string;
  status: 'pending' | 'current' | 'done';
  completedAt: string | null;
  completedBy: string | null;
}

/**
 * Read model of an engagement. The workflow is the source of truth; activities write this row so
 * pages never replay workflow history. `version` only ever grows, so a late write cannot roll it back.
 */
export const Engagement = defineEntity({
  name: 'Engagement',
  properties: {
    ...baseProperties,
    account: () => p.manyToOne(Account).index(),
    title: p.string().length(200),
    workflowId: p.string().length(120).unique(),
    status: p.enum(['active', 'completed'] as const).default('active'),
    milestones: p.json<MilestoneView[]>(),
    progressDone: p.integer().default(0),
    progressTotal: p.integer(),
    currentMilestone: p.string().length(200).nullable(),
    /** Who must act next: 'client', 'staff' or none. */
    waitingOn: p.string().length(20).nullable(),
    version: p.integer().default(0),
    /** The onboarding checklist as the onboarding workflow last recorded it (its own version counter). */
    checklist: p.json<Record<string, unknown>[]>().default('[]'),
    checklistVersion: p.integer().default(0),
    startedById: p.uuid().nullable(),
    /** The template version it started from, if any: the engagement keeps it for good. */
    templateVersionId: p.uuid().nullable().index(),
    updatedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Engagement = InferEntity<typeof Engagement>;
