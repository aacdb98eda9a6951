export type Role = 'client_member' | 'client_admin' | 'staff' | 'admin' | 'compliance_reviewer';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  accountId: string | null;
  accountName: string | null;
}

export interface Branding {
  businessName: string;
  primaryColor: string;
  logoUrl: string | null;
}

export interface Milestone {
  id: string;
  title: string;
  owner?: 'client' | 'staff';
  status: 'pending' | 'current' | 'done';
  completedAt: string | null;
  completedBy: string | null;
}

export interface Engagement {
  id: string;
  accountId: string;
  accountName: string;
  title: string;
  status: 'active' | 'completed';
  progress: { done: number; total: number };
  currentMilestone: string | null;
  waitingOn: 'client' | 'staff' | null;
  milestones: Milestone[];
  startedAt: string;
  updatedAt: string;
  template: { name: string; version: number } | null;
  checklist: ChecklistItem[];
}

export interface TeamMember {
  id: string;
  name: string;
  teamRole: string;
  email: string;
  phone: string | null;
  isManager: boolean;
}

export interface WaitingItem {
  engagementId: string;
  engagementTitle: string;
  title: string;
  kind: 'milestone' | 'item' | 'review' | 'signature';
  milestoneId: string | null;
  itemKey: string | null;
  /** For a review: the deliverable waiting for the viewer's decision (or, waiting on us, for a new version). */
  deliverableId?: string | null;
  /** For a signature: the document waiting for the viewer to sign. */
  documentId?: string | null;
  dueAt: string | null;
  overdue: boolean;
}

export interface FormField {
  key: string;
  label: string;
  type: 'text' | 'choice' | 'date' | 'yesno';
  required: boolean;
  options?: string[];
}

export interface ChecklistItem {
  key: string;
  title: string;
  instructions: string;
  assignee: 'client' | 'staff';
  status: 'open' | 'done' | 'waived';
  dueAt: string;
  completedAt: string | null;
  completedBy: string | null;
  waivedReason: string | null;
  completion: { type: 'tick' } | { type: 'upload'; accept: string[] } | { type: 'form'; fields: FormField[] };
  answers: Record<string, string | boolean> | null;
  fileId: string | null;
  /** The uploaded file that completed it. */
  file: { id: string; name: string; contentType: string; size: number; sha256: string } | null;
  blocksMilestone: string | null;
  reminders: { step: string; at: string }[];
}

export const ROLE_LABELS: Record<Role, string> = {
  client_member: 'Client member',
  client_admin: 'Client admin',
  staff: 'Staff',
  admin: 'Admin',
  compliance_reviewer: 'Compliance reviewer',
};

export const isClient = (role: Role): boolean => role === 'client_member' || role === 'client_admin';

/** An open checklist item past its due date (GET /api/staff/overdue). */
export interface OverdueItem {
  engagementId: string;
  engagementTitle: string;
  accountId: string;
  accountName: string;
  itemKey: string;
  title: string;
  waitingOn: 'client' | 'staff';
  dueAt: string;
  daysOverdue: number;
  /** Client users of the account for a client item, the account team for a staff item. */
  people: string[];
  lastReminderAt: string | null;
}

export interface OverdueList {
  items: OverdueItem[];
  counts: { total: number; onClient: number; onStaff: number };
}

/** An engagement found by GET /api/staff/engagements. */
export interface FoundEngagement {
  id: string;
  accountId: string;
  accountName: string;
  title: string;
  status: 'active' | 'completed';
  currentMilestone: string | null;
  waitingOn: string | null;
  progress: { done: number; total: number };
  startedAt: string;
  updatedAt: string;
}
