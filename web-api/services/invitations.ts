import type { EntityManager } from '@mikro-orm/postgresql';
import { Invitation } from '../../db/entities/invitation.ts';
import { Account } from '../../db/entities/account.ts';
import { User, type Role } from '../../db/entities/user.ts';
import { enqueueEmail, loadBranding } from '../../db/outbox.ts';
import { recordAudit, type AuditActor } from '../../db/audit.ts';
import { newToken } from '../../domain/tokens.ts';
import { AppError } from '../errors.ts';

export const INVITATION_DAYS = 7;

/**
 * Invites someone by email: stores the hash of a single-use token, queues the branded email with
 * the link, and records the audit event, all in one transaction.
 */
export async function createInvitation(
  em: EntityManager,
  input: { email: string; name: string | null; role: Role; accountId: string | null; invitedBy: { id: string; name: string } & AuditActor; publicUrl: string; ip?: string | null; userAgent?: string | null },
): Promise<{ invitation: Invitation; link: string }> {
  return em.transactional(async (tx) => {
    if (await tx.count(User, { email: input.email })) {
      throw new AppError('conflict', 'Someone with this email already has an account', { fields: { email: 'Already has an account' } });
    }
    const { token, tokenHash } = newToken();
    const account = input.accountId ? await tx.findOneOrFail(Account, input.accountId) : null;
    const invitation = tx.create(Invitation, {
      email: input.email,
      name: input.name,
      role: input.role,
      account,
      invitedBy: tx.getReference(User, input.invitedBy.id),
      tokenHash,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    });
    await tx.flush();
    const link = `${input.publicUrl}/invite/${token}`;
    const branding = await loadBranding(tx);
    await enqueueEmail(tx, {
      idempotencyKey: `invitation:${invitation.id}`,
      to: input.email,
      kind: 'invitation',
      content: {
        subject: account ? `You're invited to the ${account.name} client portal` : `You're invited to ${branding.businessName}`,
        greeting: input.name ? `Hello ${input.name},` : 'Hello,',
        paragraphs: [
          `${input.invitedBy.name} has invited you to ${account ? `the ${account.name} client portal at ${branding.businessName}` : branding.businessName}.`,
          'Follow the link to choose your password. It works once and expires in 7 days.',
        ],
        action: { label: 'Accept invitation', url: link },
        footnote: "If you weren't expecting this, you can ignore this email.",
      },
      secrets: { values: [token], expiresAt: invitation.expiresAt },
    });
    await recordAudit(tx, {
      eventKey: `invitation:${invitation.id}:created`,
      action: 'invitation.created',
      actor: input.invitedBy,
      accountId: input.accountId,
      target: { type: 'invitation', id: invitation.id },
      ip: input.ip ?? null,
      userAgent: input.userAgent ?? null,
      data: { email: input.email, role: input.role },
    });
    return { invitation, link };
  });
}
