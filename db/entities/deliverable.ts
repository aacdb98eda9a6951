import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { baseProperties } from './base.ts';
import { Account } from './account.ts';

/**
 * A deliverable under review: its review policy and, as the review workflow last recorded it, its
 * rounds, stages and decisions (a read model: `version` only grows).
 */
export const Deliverable = defineEntity({
  name: 'Deliverable',
  properties: {
    ...baseProperties,
    account: () => p.manyToOne(Account).index(),
    engagementId: p.uuid().index(),
    /** The template's deliverable key, or null for one added ad hoc. */
    templateKey: p.string().length(60).nullable(),
    title: p.string().length(200),
    description: p.text().default(''),
    /** awaiting_version, in_review, changes_requested, approved, rejected. */
    status: p.string().length(30).default('awaiting_version'),
    policy: p.json<Record<string, unknown>>(),
    /** Rounds, stages, reviewers and decisions as the workflow last recorded them. */
    review: p.json<Record<string, unknown>>().default('{}'),
    version: p.integer().default(0),
    /** Whether clients may download the approved file. */
    unlockOnApproval: p.boolean().default(true),
    dueAt: p.datetime().nullable(),
    workflowId: p.string().length(120).unique(),
    createdById: p.uuid(),
    updatedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Deliverable = InferEntity<typeof Deliverable>;

/** One uploaded version of a deliverable (a new round of review). The same idempotency key never makes two. */
export const DeliverableVersion = defineEntity({
  name: 'DeliverableVersion',
  uniques: [{ properties: ['deliverable', 'number'] }, { properties: ['deliverable', 'idempotencyKey'] }],
  properties: {
    ...baseProperties,
    deliverable: () => p.manyToOne(Deliverable),
    number: p.integer(),
    storedFileId: p.uuid(),
    sha256: p.string().length(64),
    uploadedById: p.uuid(),
    note: p.string().length(1000).nullable(),
    idempotencyKey: p.string().length(100).nullable(),
  },
});
export type DeliverableVersion = InferEntity<typeof DeliverableVersion>;

/**
 * A review decision as made: who, when, on which version (and its hash), with the comment, IP and
 * user agent. Changing a decision adds a row and marks the earlier one superseded; rows are never deleted.
 */
export const ReviewDecision = defineEntity({
  name: 'ReviewDecision',
  properties: {
    ...baseProperties,
    deliverable: () => p.manyToOne(Deliverable),
    round: p.integer(),
    versionId: p.uuid(),
    versionSha256: p.string().length(64),
    stageKey: p.string().length(60),
    reviewerId: p.uuid(),
    reviewerName: p.string().length(200),
    decision: p.string().length(30),
    comment: p.text().nullable(),
    ip: p.string().length(64).nullable(),
    userAgent: p.string().length(500).nullable(),
    supersededAt: p.datetime().nullable(),
    /** The workflow's key for this decision: recording it twice (a retried activity) is a no-op. */
    eventKey: p.string().length(200).unique(),
  },
});
export type ReviewDecision = InferEntity<typeof ReviewDecision>;

/** A comment on a version, optionally anchored to a page or region, threaded; internal notes are for staff only. */
export const ReviewComment = defineEntity({
  name: 'ReviewComment',
  properties: {
    ...baseProperties,
    deliverable: () => p.manyToOne(Deliverable),
    versionId: p.uuid().index(),
    parentId: p.uuid().nullable(),
    authorId: p.uuid(),
    body: p.text(),
    internal: p.boolean().default(false),
    /** { page?, x, y, w, h } in fractions of the page or image. */
    anchor: p.json<Record<string, number>>().nullable(),
    mentions: p.json<string[]>().default('[]'),
  },
});
export type ReviewComment = InferEntity<typeof ReviewComment>;
