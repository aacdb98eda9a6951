/** How the template editor names the template format's choices (web-api/templates/template-format.ts). */
import type { FormField, ReviewerGroup, TemplateReviewStage, Who } from '../api/schema.d.ts';

export type FieldType = FormField['type'];
export type ReviewRule = TemplateReviewStage['rule'];

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
