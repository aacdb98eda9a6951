import { Readable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import { recordAudit } from '../db/audit.ts';
import { enqueueEmail, loadBranding } from '../db/outbox.ts';
import { recordStoredFile } from '../db/stored-files.ts';
import type { FileStorage } from '../db/files/storage.ts';
import type { SignatureState, SigningEvidence } from '../workflows/signature.ts';
import { ApplicationFailure } from '@temporalio/common';
import { sealPdf } from '../domain/signing/seal.ts';
import { loadSealer, type SigningSettings } from '../domain/signing/sealer.ts';
import { describeCertificate } from '../domain/signing/signing-certificate.ts';
import { loadSealingInput } from '../domain/signing/evidence.ts';
import { newToken } from '../domain/tokens.ts';

/** A signing link is valid this long after it is sent (the request itself may expire sooner). */
const LINK_DAYS = 30;
/** A signer's link to the sealed copy (completion email) is valid this long. */
export const SIGNED_COPY_DAYS = 90;

/** Activities of the signature workflow, over their dependencies. */
export function createSignatureActivities({ orm, publicUrl, storage, signing }: { orm: MikroORM; publicUrl: string; storage: FileStorage; signing: SigningSettings }) {

  return {
    /**
     * Writes the document's read model, a signer's evidence (signature or decline) and the audit
     * event in one transaction. Retried: nothing twice (versioned state, keyed event, evidence
     * written only while the signer has not yet signed or declined).
     */
    async recordSigning(input: {
      state: SignatureState;
      event: { key: string; action: string; actor: { name: string; email: string; userId: string | null } | null; ip: string | null; userAgent: string | null; data: Record<string, unknown> } | null;
      signer: ({ key: string; evidence: SigningEvidence } & ({ signedAt: string; signature: unknown; initials: string | null; values: Record<string, string> } | { declinedAt: string; reason: string })) | null;
    }): Promise<void> {
      const { state } = input;
      await orm.em.fork().transactional(async (tx) => {
        const conn = tx.getConnection();
        const ctx = tx.getTransactionContext();
        // A document ends once: a terminal status is written only over "collecting" (or itself, on a
        // retry), so a late writer of another ending (a void after the seal) cannot overwrite it.
        const current = (await conn.execute<{ status: string }[]>('select status from signature_document where id = ? for update', [state.documentId], 'all', ctx))[0];
        if (current && current.status !== 'collecting' && current.status !== 'draft' && current.status !== state.status) {
          throw ApplicationFailure.nonRetryable(`This document is already ${current.status}`, 'conflict');
        }
        await conn.execute(
          `update signature_document set state = ?, status = ?, version = ?, expires_at = ?, void_reason = ?, updated_at = now()
            where id = ? and version < ? and (status in ('draft', 'collecting') or status = ?)`,
          [JSON.stringify(state), state.status, state.version, new Date(state.expiresAt), state.status === 'voided' ? state.reason : null, state.documentId, state.version, state.status], 'run', ctx);
        for (const s of state.signers) {
          await conn.execute(`update document_signer set status = ? where document_id = ? and key = ? and status in ('waiting', 'current')`, [s.status, state.documentId, s.key], 'run', ctx);
        }
        const sg = input.signer;
        if (sg && 'signedAt' in sg) {
          await conn.execute(
            `update document_signer set status = 'signed', signed_at = ?, auth_method = ?, ip = ?, user_agent = ?, signature = ?, initials = ?, values = ?
              where document_id = ? and key = ? and signed_at is null`,
            [new Date(sg.signedAt), sg.evidence.authMethod, sg.evidence.ip, sg.evidence.userAgent?.slice(0, 500) ?? null, JSON.stringify(sg.signature), sg.initials, JSON.stringify(sg.values), state.documentId, sg.key], 'run', ctx);
        } else if (sg && 'declinedAt' in sg) {
          await conn.execute(
            `update document_signer set status = 'declined', declined_at = ?, decline_reason = ?, auth_method = ?, ip = ?, user_agent = ?
              where document_id = ? and key = ? and declined_at is null`,
            [new Date(sg.declinedAt), sg.reason, sg.evidence.authMethod, sg.evidence.ip, sg.evidence.userAgent?.slice(0, 500) ?? null, state.documentId, sg.key], 'run', ctx);
        }
        if (input.event) {
          const e = input.event;
          await recordAudit(tx, {
            eventKey: e.key, action: e.action, actor: e.actor ? { id: e.actor.userId, email: e.actor.email, role: null } : null,
            accountId: state.accountId, target: { type: 'document', id: state.documentId }, ip: e.ip, userAgent: e.userAgent, data: e.data,
          });
        }
      });
    },

    /**
     * Emails signers: their turn (with a single-use link that asks for a one-time code), a reminder,
     * the completed document, or that it was voided or expired. Keyed by (document, signer, step).
     */
    async notifySigners(input: { documentId: string; title: string; signerKeys: string[]; kind: 'your_turn' | 'reminder' | 'completed' | 'voided' | 'expired'; step: string; detail?: string }): Promise<void> {
      await orm.em.fork().transactional(async (tx) => {
        const conn = tx.getConnection();
        const ctx = tx.getTransactionContext();
        const signers = await conn.execute<{ id: string; key: string; name: string; email: string }[]>(
          `select id, key, name, email from document_signer where document_id = ? and key in (${input.signerKeys.map(() => '?').join(', ') || "''"})`, [input.documentId, ...input.signerKeys], 'all', ctx);
        const branding = await loadBranding(tx);
        for (const s of signers) {
          const key = `signature:${input.documentId}:${s.key}:${input.step}`;
          let url = `${publicUrl}/documents/${input.documentId}`;
          let secrets: { values: string[]; expiresAt: Date } | undefined;
          if (input.kind === 'your_turn' || input.kind === 'reminder' || input.kind === 'completed') {
            // A fresh link per email; only its hash is kept. A retry of this activity finds the email
            // already queued and makes no second link.
            const queued = await conn.execute<unknown[]>('select 1 from outbox_email where idempotency_key = ?', [key], 'all', ctx);
            if (queued.length) continue;
            const { token, tokenHash } = newToken();
            if (input.kind === 'completed') {
              // The signer's lasting way to their copy, as the consent text promises: it downloads this
              // one sealed PDF and opens nothing else (no session, no signing).
              const expiresAt = new Date(Date.now() + SIGNED_COPY_DAYS * 86_400_000);
              await conn.execute(
                `insert into signed_copy_link (id, created_at, signer_id, token_hash, expires_at) values (gen_random_uuid(), now(), ?, ?, ?)`,
                [s.id, tokenHash, expiresAt], 'run', ctx);
              url = `${publicUrl}/api/signed-copies/${token}`;
              secrets = { values: [token], expiresAt };
            } else {
              const expiresAt = new Date(Date.now() + LINK_DAYS * 86_400_000);
              await conn.execute(
                `insert into signing_link (id, created_at, signer_id, token_hash, expires_at, code_attempts) values (gen_random_uuid(), now(), ?, ?, ?, 0)`,
                [s.id, tokenHash, expiresAt], 'run', ctx);
              url = `${publicUrl}/sign/${token}`;
              secrets = { values: [token], expiresAt };
            }
          }
          const content = {
            your_turn: { subject: `Please sign: ${input.title}`, paragraphs: [`${branding.businessName} asks you to sign "${input.title}".`, 'The link works once; we will email you a one-time code before the document is shown.'], label: 'Review and sign' },
            reminder: { subject: `Reminder: please sign ${input.title}`, paragraphs: [`"${input.title}" still waits for your signature.`], label: 'Review and sign' },
            completed: {
              subject: `Signed by everyone: ${input.title}`,
              paragraphs: [`Everyone has signed "${input.title}". The sealed PDF, with its certificate of completion, is ready.`, `Keep this email: its link downloads your signed copy for ${SIGNED_COPY_DAYS} days.`],
              label: 'Download the signed PDF',
            },
            voided: { subject: `Cancelled: ${input.title}`, paragraphs: [`${branding.businessName} cancelled the signing of "${input.title}"${input.detail ? `: ${input.detail}` : ''}.`], label: 'Open the portal' },
            expired: { subject: `Expired: ${input.title}`, paragraphs: [`The request to sign "${input.title}" has expired. ${branding.businessName} will send a new one if needed.`], label: 'Open the portal' },
          }[input.kind];
          await enqueueEmail(tx, {
            idempotencyKey: key, to: s.email, kind: `signature_${input.kind}`,
            content: { subject: content.subject, greeting: `Hello ${s.name},`, paragraphs: content.paragraphs, action: { label: content.label, url } },
            secrets,
          });
        }
      });
    },

    /**
     * Tells the account team (declined, expired, completed); once per document and kind. Of a completed
     * document, a team member who signed it already has the signers' completion email (with their copy):
     * one completion email per person.
     */
    async notifyTeam(input: { documentId: string; accountId: string; title: string; kind: 'declined' | 'expired' | 'completed'; detail: string }): Promise<void> {
      await orm.em.fork().transactional(async (tx) => {
        const team = await tx.getConnection().execute<{ id: string; name: string; email: string }[]>(
          `select u.id, u.name, u.email from account_team_member t join app_user u on u.id = t.user_id where t.account_id = ? and u.disabled_at is null
              and not (? = 'completed' and exists (select 1 from document_signer s where s.document_id = ? and (s.user_id = u.id or lower(s.email) = lower(u.email))))`,
          [input.accountId, input.kind, input.documentId], 'all', tx.getTransactionContext());
        for (const m of team) {
          await enqueueEmail(tx, {
            idempotencyKey: `signature:${input.documentId}:team:${input.kind}:${m.id}`, to: m.email, kind: `signature_${input.kind}`,
            content: {
              subject: `${input.kind === 'declined' ? 'Declined' : input.kind === 'expired' ? 'Expired' : 'Signed'}: ${input.title}`,
              greeting: `Hello ${m.name},`, paragraphs: [input.detail], action: { label: 'Open the document', url: `${publicUrl}/documents/${input.documentId}` },
            },
          });
        }
      });
    },

    /**
     * Seals the document once: stamps every field, appends the certificate of completion, stores the
     * sealed PDF and records its SHA-256 (document row and audit chain). Run again (a worker died
     * after sealing), it returns the seal already recorded.
     */
    async sealDocument({ documentId }: { documentId: string }): Promise<{ sha256: string; fileId: string }> {
      const conn = orm.em.getConnection();
      const existing = (await conn.execute<{ sealed_sha256: string | null; sealed_file_id: string | null; status: string }[]>(
        'select sealed_sha256, sealed_file_id, status from signature_document where id = ?', [documentId]))[0];
      if (existing?.sealed_sha256 && existing.sealed_file_id) return { sha256: existing.sealed_sha256, fileId: existing.sealed_file_id };
      // Only a document still collecting (every signature in) is sealed: never one that ended otherwise.
      if (existing && existing.status !== 'collecting' && existing.status !== 'completed') throw ApplicationFailure.nonRetryable(`This document is ${existing.status}; it is not sealed`, 'conflict');
      // The seal time is the last signature's: the same input (and bytes) on every attempt.
      const last = (await conn.execute<{ t: Date | null }[]>('select max(signed_at) as t from document_signer where document_id = ?', [documentId]))[0]?.t;
      const sealedAt = new Date(last ?? Date.now()).toISOString();
      const { doc, input } = await loadSealingInput(orm, storage, documentId, sealedAt);
      // The certificate is made (or recorded) before the seal: a retry signs with the same one.
      const sealer = await loadSealer(orm.em.fork(), signing);
      const sealed = await sealPdf(input, sealer);
      const stored = await storage.put(Readable.from([Buffer.from(sealed)]), { maxBytes: Number.MAX_SAFE_INTEGER });
      return orm.em.fork().transactional(async (tx) => {
        const c = tx.getConnection();
        const ctx = tx.getTransactionContext();
        // One recording per document at a time (two attempts racing after a timeout): the first wins.
        await c.execute('select pg_advisory_xact_lock(hashtext(?))', [`seal:${documentId}`], 'all', ctx);
        const row = (await c.execute<{ sealed_sha256: string | null; sealed_file_id: string | null; engagement_id: string; created_by_id: string }[]>(
          'select sealed_sha256, sealed_file_id, engagement_id, created_by_id from signature_document where id = ? for update', [documentId], 'all', ctx))[0]!;
        if (row.sealed_sha256 && row.sealed_file_id) return { sha256: row.sealed_sha256, fileId: row.sealed_file_id };
        const { id: fileId } = await recordStoredFile(tx, {
          accountId: doc.account_id, name: `${doc.title.replace(/[\\/:*?"<>|]+/g, ' ').trim()} (signed).pdf`, contentType: 'application/pdf',
          size: stored.size, sha256: stored.sha256, storageKey: stored.key, uploadedById: row.created_by_id, purpose: 'sealed', engagementId: row.engagement_id, staffOnly: true,
        });
        await c.execute('update signature_document set sealed_file_id = ?, sealed_sha256 = ?, sealed_at = ? where id = ?', [fileId, stored.sha256, new Date(sealedAt), documentId], 'run', ctx);
        await recordAudit(tx, {
          eventKey: `signature:${documentId}:sealed`, action: 'document.sealed', accountId: doc.account_id, target: { type: 'document', id: documentId },
          data: { document: doc.title, originalSha256: doc.original_sha256, sealedSha256: stored.sha256, bytes: stored.size, certificateSha256: describeCertificate(sealer.certificate).sha256 },
        });
        return { sha256: stored.sha256, fileId };
      });
    },
  };
}
