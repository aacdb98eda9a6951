/** The engagement template format (version 1) and the template API's answers, as the UI sees them. */
export type Duration = string;
export type Who = 'client' | 'staff';
export type FieldType = 'text' | 'choice' | 'date' | 'yesno';

export interface FormField { key: string; label: string; type: FieldType; required: boolean; options?: string[] }

export type Completion = { type: 'tick' } | { type: 'upload'; accept: string[] } | { type: 'form'; fields: FormField[] };

export interface ChecklistItem {
  key: string;
  title: string;
  instructions: string;
  assignee: Who;
  due: Duration;
  reminders: { before: Duration[]; after: Duration[] };
  completion: Completion;
  blocksMilestone: string | null;
}

/** Who reviews at a stage: a group of the engagement's people (a template never names a person). */
export type ReviewerGroup = 'account_team' | 'client_admins' | 'client_users';
/** Whether one reviewer of the group decides the stage, or every reviewer must. */
export type ReviewRule = 'any' | 'all';

export interface ReviewStage {
  key: string;
  title: string;
  reviewers: ReviewerGroup;
  rule: ReviewRule;
  /** Opens together with the stage before it; never true on the first stage. */
  parallel: boolean;
  /** After the stage opens. */
  due: Duration;
  reminders: { before: Duration[] };
}

export interface ReviewPolicy { stages: ReviewStage[]; unlockOnApproval: boolean }

export interface TemplateDeliverable { key: string; title: string; description: string; review: ReviewPolicy }

export interface TemplateMilestone { key: string; title: string; owner: Who }
export interface TemplatePhase { key: string; title: string; milestones: TemplateMilestone[] }

/** When a scheduled invoice is made: a time after the engagement starts, or a milestone completed. */
export type BillingTrigger = { type: 'date'; after: Duration } | { type: 'milestone'; milestone: string };

export interface BillingLine { description: string; quantityMilli?: number; unitMinor: number }

export interface BillingEntry {
  key: string;
  title: string;
  lines: BillingLine[];
  trigger: BillingTrigger;
  /** Payment terms: due this many days after it is issued. */
  dueDays: number;
  /** Sent by itself (numbered, emailed, dunned), or a draft for the team to review. */
  autoSend: boolean;
  notes?: string;
}

/** The billing section; the dunning policy is kept as it came (the API's default when absent). */
export interface TemplateBilling { currency: string; taxRateBp: number; dunning?: unknown; schedule: BillingEntry[] }

export interface TemplateDefinition {
  formatVersion: 1;
  name: string;
  description: string;
  phases: TemplatePhase[];
  checklist: ChecklistItem[];
  deliverables: TemplateDeliverable[];
  documents: unknown[];
  billing: TemplateBilling | null;
}

export interface TemplateSummary {
  id: string;
  name: string;
  description: string;
  status: 'active' | 'archived';
  latestVersion: number;
  inUse: number;
  updatedAt: string;
}

export interface TemplateVersion { version: number; publishedAt: string; publishedBy: string }

export interface TemplateDetail { template: TemplateSummary; definition: TemplateDefinition; versions: TemplateVersion[] }

export interface Published { template: TemplateSummary; version: { version: number } }

export const WHO_LABELS: Record<Who, string> = { client: 'Client', staff: 'Staff' };

export const REVIEWER_LABELS: Record<ReviewerGroup, string> = {
  account_team: 'The account team',
  client_admins: 'Client admins',
  client_users: 'All client users',
};

export const RULE_LABELS: Record<ReviewRule, string> = { any: 'Any one reviewer', all: 'Every reviewer' };

export const FIELD_TYPE_LABELS: Record<FieldType, string> = { text: 'Text', choice: 'Choice', date: 'Date', yesno: 'Yes / no' };

/** The file types an upload item can accept, as the admin sees them. */
export const FILE_TYPES: { label: string; mime: string }[] = [
  { label: 'PDF', mime: 'application/pdf' },
  { label: 'PNG', mime: 'image/png' },
  { label: 'JPEG', mime: 'image/jpeg' },
  { label: 'DOCX', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  { label: 'XLSX', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  { label: 'ZIP', mime: 'application/zip' },
];

/** "PDF" for application/pdf; an unknown media type as is. */
export function fileTypeLabel(mime: string): string {
  return FILE_TYPES.find((t) => t.mime === mime)?.label ?? mime;
}
