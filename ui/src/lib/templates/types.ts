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

export interface TemplateMilestone { key: string; title: string; owner: Who }
export interface TemplatePhase { key: string; title: string; milestones: TemplateMilestone[] }

export interface TemplateDefinition {
  formatVersion: 1;
  name: string;
  description: string;
  phases: TemplatePhase[];
  checklist: ChecklistItem[];
  deliverables: unknown[];
  documents: unknown[];
  billing: unknown | null;
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
