export * from './account.ts';
export * from './user.ts';
export * from './account-team-member.ts';
export * from './invitation.ts';
export * from './password-reset.ts';
export * from './session.ts';
export * from './rate-limit.ts';
export * from './outbox-email.ts';
export * from './branding.ts';
export * from './audit-event.ts';
export * from './audit-checkpoint.ts';
export * from './engagement.ts';
export * from './engagement-template.ts';
export * from './stored-file.ts';
export * from './library.ts';
export * from './deliverable.ts';
export * from './signature.ts';
export * from './invoice.ts';
export * from './workflow-command.ts';
export * from './signing-certificate.ts';

import { Account } from './account.ts';
import { User } from './user.ts';
import { AccountTeamMember } from './account-team-member.ts';
import { Invitation } from './invitation.ts';
import { PasswordReset } from './password-reset.ts';
import { Session } from './session.ts';
import { RateLimit } from './rate-limit.ts';
import { OutboxEmail } from './outbox-email.ts';
import { Branding } from './branding.ts';
import { AuditEvent } from './audit-event.ts';
import { AuditCheckpoint, AuditDigest, AuditSigningKey } from './audit-checkpoint.ts';
import { Engagement } from './engagement.ts';
import { EngagementTemplate, EngagementTemplateVersion } from './engagement-template.ts';
import { StoredFile } from './stored-file.ts';
import { Folder, LibraryFile, LibraryFileVersion } from './library.ts';
import { Deliverable, DeliverableVersion, ReviewComment, ReviewDecision } from './deliverable.ts';
import { DocumentSigner, SignatureDocument, SignedCopyLink, SigningLink } from './signature.ts';
import { Invoice, InvoiceCounter, InvoiceDisputeMessage, InvoiceLine, Payment, PaymentEvent, WorkPause } from './invoice.ts';
import { WorkflowCommand } from './workflow-command.ts';
import { SigningCertificate } from './signing-certificate.ts';

export const entities = [
  Account, User, AccountTeamMember, Invitation, PasswordReset, Session, RateLimit, OutboxEmail, Branding,
  AuditEvent, AuditSigningKey, AuditCheckpoint, AuditDigest, Engagement, EngagementTemplate, EngagementTemplateVersion, StoredFile,
  Folder, LibraryFile, LibraryFileVersion, Deliverable, DeliverableVersion, ReviewDecision, ReviewComment,
  SignatureDocument, DocumentSigner, SigningLink, SignedCopyLink,
  Invoice, InvoiceLine, InvoiceCounter, Payment, InvoiceDisputeMessage, PaymentEvent, WorkPause,
  WorkflowCommand, SigningCertificate,
];
