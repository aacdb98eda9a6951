import type { RequestBody } from '../api/request-body.ts';

/** What the export component holds: its props and the date fields, as typed. */
export interface ExportScopeInput {
  engagementId?: string;
  accountId?: string;
  /** `datetime-local` values (the browser's time zone), or empty. */
  from?: string;
  to?: string;
}

/** A `datetime-local` value (`2026-12-04T10:30`, local time) as an instant with its offset, or undefined when empty or not a time. */
export function localToInstant(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The body of `POST /api/audit/exports` from the component's props and the date fields. */
export function exportBody(input: ExportScopeInput): RequestBody<'/api/audit/exports', 'post'> {
  const body: RequestBody<'/api/audit/exports', 'post'> = {};
  if (input.engagementId) body.engagementId = input.engagementId;
  if (input.accountId) body.accountId = input.accountId;
  const from = localToInstant(input.from);
  const to = localToInstant(input.to);
  if (from) body.from = from;
  if (to) body.to = to;
  return body;
}

/** The browser's time zone name, for the date fields' hint. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
}
