import { z } from 'zod';
import { Completion } from '../templates/template-format.ts';

/** Answer schemas shared by the engagement routes (what the read model's `EngagementSummary` sends). */
export const Milestone = z.object({
  id: z.string(), title: z.string(), owner: z.enum(['client', 'staff']).optional(), status: z.enum(['pending', 'current', 'done']),
  completedAt: z.string().nullable(), completedBy: z.string().nullable(),
  blockedBy: z.array(z.string()).optional().describe('Keys of the checklist items that must be done or waived before this milestone can be completed'),
}).meta({ id: 'Milestone' });

/** The file that completed a checklist item. */
export const ChecklistFile = z.object({ id: z.uuid(), name: z.string(), contentType: z.string(), size: z.number(), sha256: z.string() }).meta({ id: 'ChecklistFile' });

export const ChecklistItem = z.object({
  key: z.string(), title: z.string(), instructions: z.string(), assignee: z.enum(['client', 'staff']), status: z.enum(['open', 'done', 'waived']),
  dueAt: z.string(), completedAt: z.string().nullable(), completedBy: z.string().nullable(), waivedReason: z.string().nullable(),
  completion: Completion, answers: z.record(z.string(), z.union([z.string(), z.boolean()])).nullable(),
  fileId: z.string().nullable(),
  file: ChecklistFile.nullable(),
  blocksMilestone: z.string().nullable(), reminders: z.array(z.object({ step: z.string(), at: z.string() })),
}).meta({ id: 'ChecklistItem' });

export const EngagementView = z.object({
  id: z.uuid(), accountId: z.uuid(), accountName: z.string(), title: z.string(), status: z.enum(['active', 'completed']),
  progress: z.object({ done: z.number(), total: z.number() }),
  currentMilestone: z.string().nullable(), waitingOn: z.enum(['client', 'staff']).nullable(),
  milestones: z.array(Milestone),
  startedAt: z.string(), updatedAt: z.string(),
  template: z.object({ name: z.string(), version: z.number() }).nullable(),
  checklist: z.array(ChecklistItem),
}).meta({ id: 'Engagement' });

/** What a change to an engagement (a milestone, a checklist item) answers: the engagement as it now is. */
export const EngagementChanged = z.object({ engagement: EngagementView }).meta({ id: 'EngagementChanged' });
