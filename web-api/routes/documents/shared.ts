// What the document routes share: the checks of who may see a document and who is signing it.
import { type Request } from 'express';
import { z } from 'zod';
import type { SigningEvidence } from '../../../workflows/signature.ts';
import { isClientRole } from '../../../db/entities/user.ts';
import { fields } from '../../http.ts';
import type { AppDeps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { authorize, canSeeAccount, roleMay } from '../../policy.ts';
import type { SessionUser } from '../../auth/session-user.ts';
import { temporalDepsOf } from '../../services/temporal.ts';
import { documentView, loadDocument, loadSigners, signerForUser, signerView, type DocumentRow, type SignerRow } from '../../services/documents.ts';

export const DocumentParams = z.object({ documentId: fields.uuid });

/** The helpers every part of the document routes uses, bound to the app's dependencies. */
export function documentContext(deps: AppDeps) {
  const { orm } = deps;
  const temporalDeps = temporalDepsOf(deps);
  const actorOf = (user: SessionUser) => ({ id: user.id, email: user.email, role: user.role, name: user.name });

  /**
   * The document, if the caller may see it: its account (404 across accounts), then drafts, which are
   * the team's work in progress and do not exist for clients (404, the same answer as an unknown id:
   * a draft's pages, original, fields and events — with the staff's IP addresses — stay with the
   * team), and only then the action (403).
   */
  async function visible(req: Request, user: SessionUser, id: string, action: Parameters<typeof authorize>[3]): Promise<DocumentRow> {
    const doc = await loadDocument(orm.em, id);
    if (!doc) throw new AppError('not_found', 'Not found');
    await authorize(orm.em, req, user, 'account.read', doc.account_id);
    if (!mayReadDocument(user, doc)) throw new AppError('not_found', 'Not found');
    if (action !== 'account.read') await authorize(orm.em, req, user, action, doc.account_id);
    return doc;
  }

  /** A document the signed-in user may read as one of its account's people (drafts: the team only). */
  async function readableByAccount(user: SessionUser | undefined, doc: DocumentRow | null): Promise<DocumentRow | null> {
    return user && doc && mayReadDocument(user, doc) && await canSeeAccount(orm.em, user, doc.account_id) ? doc : null;
  }

  /**
   * Who is signing in this request: a signed-in user who is a signer of the document, or a signer
   * identified by an emailed link and a one-time code (a grant in the session). Else 404.
   */
  async function signingParty(req: Request, documentId: string): Promise<{ doc: DocumentRow; signer: SignerRow; evidence: SigningEvidence }> {
    const doc = await loadDocument(orm.em, documentId);
    // A draft has no signers yet, whatever its set-up names.
    if (!doc || doc.status === 'draft') throw new AppError('not_found', 'Not found');
    const signers = await loadSigners(orm.em, doc.id);
    const grant = req.session.signingGrant;
    const origin = { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
    if (grant && grant.documentId === doc.id && grant.expiresAt > Date.now()) {
      const signer = signers.find((s) => s.id === grant.signerId);
      if (signer) return { doc, signer, evidence: { authMethod: grant.method, ...origin } };
    }
    const user = req.user as SessionUser | undefined;
    const signer = signerForUser(signers, user);
    if (user && signer && (await canSeeAccount(orm.em, user, doc.account_id) || signer.user_id === user.id)) {
      return { doc, signer, evidence: { authMethod: 'portal sign-in (password)', ...origin } };
    }
    throw new AppError('not_found', 'Not found');
  }

  /** A document that no longer collects signatures says why (its workflow has finished and takes no Updates). */
  function refuseUnlessCollecting(doc: DocumentRow): void {
    const why: Record<string, string> = {
      declined: 'This document was declined; nothing more can be signed', voided: 'This document was voided',
      expired: 'This signing request has expired', completed: 'Everyone has signed this document', draft: 'This document has not been sent yet',
    };
    if (doc.status !== 'collecting') throw new AppError('conflict', why[doc.status] ?? 'This document is not collecting signatures');
  }

  async function detail(doc: DocumentRow, user: SessionUser) {
    const signers = await loadSigners(orm.em, doc.id);
    const staff = roleMay(user, 'document.manage');
    const me = signerForUser(signers, user);
    return {
      document: documentView(doc),
      signers: signers.map(signerView),
      permissions: {
        setup: staff && doc.status === 'draft',
        send: staff && doc.status === 'draft',
        void: staff && doc.status === 'collecting',
        sign: !!me && me.status === 'current' && doc.status === 'collecting',
        downloadSealed: !!doc.sealed_file_id,
      },
    };
  }

  return { deps, orm, temporalDeps, actorOf, visible, readableByAccount, signingParty, refuseUnlessCollecting, detail };
}

export type DocumentContext = ReturnType<typeof documentContext>;

/** Drafts are the team's: clients see a document once it has been sent. */
export function mayReadDocument(user: SessionUser, doc: DocumentRow): boolean {
  return doc.status !== 'draft' || !isClientRole(user.role);
}
