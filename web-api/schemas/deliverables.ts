import { z } from 'zod';

/** Answer schemas shared by the deliverable routes (what `summarize` and `reviewView` send). */
export const DeliverableStatus = z.enum(['awaiting_version', 'in_review', 'changes_requested', 'approved', 'rejected']).meta({ id: 'DeliverableStatus' });

/** A reviewer's decision on a version (the workflow's `Decision`). */
export const ReviewDecision = z.enum(['approved', 'approved_with_changes', 'changes_requested', 'rejected']).meta({ id: 'ReviewDecision' });

export const DeliverableSummary = z.strictObject({
  id: z.uuid(), accountId: z.uuid(), accountName: z.string(), engagementId: z.uuid(), engagementTitle: z.string(), title: z.string(), description: z.string(),
  status: DeliverableStatus, outcome: ReviewDecision.nullable().describe('How an approved deliverable was approved'), unlocked: z.boolean(),
  round: z.number(), currentVersion: z.number().nullable(), dueAt: z.string().nullable(), overdue: z.boolean(),
  waitingOn: z.array(z.string()), waitingOnYou: z.boolean(), stages: z.array(z.strictObject({ key: z.string(), title: z.string() })), updatedAt: z.string(),
}).meta({ id: 'DeliverableSummary' });

export const StageDecision = z.strictObject({
  reviewerId: z.string(), reviewerName: z.string(), decision: ReviewDecision, comment: z.string().nullable().optional(), at: z.string(),
  sha256: z.string().describe('The version the decision was made on'), superseded: z.boolean().describe('Replaced by a later decision of the same reviewer in the same stage'),
}).meta({ id: 'StageDecision' });

export const ReviewStage = z.strictObject({
  key: z.string(), title: z.string(), rule: z.enum(['any', 'all']), parallel: z.boolean(),
  status: z.union([z.enum(['waiting', 'open']), ReviewDecision]).describe('Waiting for the stage before it, open, or decided'),
  openedAt: z.string().nullable(), dueAt: z.string().nullable(), closedAt: z.string().nullable(),
  reviewers: z.array(z.strictObject({ id: z.string(), name: z.string() })),
  decisions: z.array(StageDecision),
  reminders: z.array(z.strictObject({ step: z.string(), at: z.string() })).describe('Reminder and escalation steps already sent'),
}).meta({ id: 'ReviewStage' });

export const ReviewRound = z.strictObject({
  number: z.number().int(), openedAt: z.string(), closedAt: z.string().nullable(),
  outcome: z.union([ReviewDecision, z.literal('superseded')]).nullable().describe('How the round ended: a decision, or superseded by a newer version'),
  version: z.strictObject({ id: z.string(), number: z.number().int(), sha256: z.string(), name: z.string(), uploadedBy: z.string(), at: z.string() }),
  stages: z.array(ReviewStage),
}).meta({ id: 'ReviewRound' });

export const ReviewView = z.strictObject({ rounds: z.array(ReviewRound) }).meta({ id: 'Review' });

export const DeliverableVersion = z.strictObject({
  id: z.string(), number: z.number().int(), sha256: z.string(), note: z.string().nullable(), name: z.string(), contentType: z.string(), size: z.number().int(),
  uploadedBy: z.string(), uploadedAt: z.string(), previewable: z.boolean(),
}).meta({ id: 'DeliverableVersion' });

export const ReviewComment = z.strictObject({
  id: z.string(), versionId: z.string(), parentId: z.string().nullable(), author: z.string(), authorIsTeam: z.boolean(), body: z.string(), internal: z.boolean(),
  anchor: z.strictObject({ page: z.number().int().optional(), x: z.number(), y: z.number(), w: z.number(), h: z.number() }).nullable()
    .describe('A region of the version, as fractions of the page'),
  at: z.string(),
}).meta({ id: 'ReviewComment' });

/** A deliverable with its review, versions, comments and what the caller may do. */
export const DeliverableDetail = z.strictObject({
  deliverable: DeliverableSummary.extend({ review: ReviewView }),
  versions: z.array(DeliverableVersion),
  comments: z.array(ReviewComment),
  permissions: z.strictObject({
    upload: z.boolean(), decide: z.array(z.strictObject({ key: z.string(), title: z.string() })).describe('The open stages the caller may decide in'),
    download: z.boolean(), comment: z.boolean(), internalNotes: z.boolean(),
  }),
}).meta({ id: 'DeliverableDetail' });
