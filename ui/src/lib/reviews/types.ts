/** Deliverable reviews as the API sends them (web-api/routes/deliverables.ts). */

export type ReviewStatus = 'awaiting_version' | 'in_review' | 'changes_requested' | 'approved' | 'rejected';
export type Decision = 'approved' | 'approved_with_changes' | 'changes_requested' | 'rejected';
export type ReviewerGroup = 'account_team' | 'client_admins' | 'client_users';
export type StageStatus = 'waiting' | 'open' | Decision;

/** One deliverable in a list (an engagement's, or the staff pipeline). */
export interface DeliverableSummary {
  id: string;
  accountId: string;
  accountName: string;
  engagementId: string;
  engagementTitle: string;
  title: string;
  description: string;
  status: ReviewStatus;
  /** How an approved deliverable was approved: approved, or approved with changes. */
  outcome: string | null;
  unlocked: boolean;
  round: number;
  currentVersion: number | null;
  dueAt: string | null;
  overdue: boolean;
  /** Names of the reviewers of open stages who have not decided yet. */
  waitingOn: string[];
  waitingOnYou: boolean;
  stages: { key: string; title: string }[];
  updatedAt: string;
}

export interface StageDecision {
  reviewerId: string;
  reviewerName: string;
  decision: Decision;
  comment: string | null;
  at: string;
  /** The SHA-256 of the version decided on. */
  sha256: string;
  /** Replaced by a later decision of the same reviewer in the same stage. */
  superseded: boolean;
}

export interface StageView {
  key: string;
  title: string;
  rule: 'any' | 'all';
  parallel: boolean;
  status: StageStatus;
  openedAt: string | null;
  dueAt: string | null;
  closedAt: string | null;
  reviewers: { id: string; name: string }[];
  decisions: StageDecision[];
  reminders: { step: string; at: string }[];
}

export interface RoundView {
  number: number;
  openedAt: string;
  closedAt: string | null;
  outcome: Decision | 'superseded' | null;
  version: { id: string; number: number; sha256: string; name: string; uploadedBy: string; at: string };
  stages: StageView[];
}

export interface VersionView {
  id: string;
  number: number;
  sha256: string;
  note?: string | null;
  name: string;
  contentType: string;
  size: number;
  uploadedBy: string;
  uploadedAt: string;
  previewable: boolean;
}

export interface ReviewComment {
  id: string;
  versionId: string;
  parentId: string | null;
  author: string;
  authorIsTeam: boolean;
  body: string;
  internal: boolean;
  anchor: { page?: number; x: number; y: number; w: number; h: number } | null;
  at: string;
}

export interface DeliverableDetail {
  deliverable: DeliverableSummary & { review: { rounds: RoundView[] } };
  versions: VersionView[];
  comments: ReviewComment[];
  permissions: {
    upload: boolean;
    /** The open stages the viewer may decide in. */
    decide: { key: string; title: string }[];
    download: boolean;
    comment: boolean;
    internalNotes: boolean;
  };
}

export interface PipelineCounts {
  in_review: number;
  changes_requested: number;
  approved: number;
  rejected: number;
  awaiting_version: number;
  overdue: number;
}
