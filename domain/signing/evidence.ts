/**
 * What a sealed PDF and its certificate of completion say, read from the database: the original,
 * the signers' evidence, the document's audit events up to the last signature and the branding.
 * The signature activity seals with it; the API rebuilds a certificate from it for /verify and the
 * evidence exports.
 */
import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadBranding } from '../../db/outbox.ts';
import type { FileStorage } from '../../db/files/storage.ts';
import type { FieldPlacement } from '../../db/entities/signature.ts';
import type { AdoptedSignatureArg } from '../../workflows/signature.ts';
import type { AdoptedSignature } from './types.ts';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

interface SignerRow {
  id: string; key: string; name: string; email: string; user_id: string | null; role_label: string; status: string; auth_method: string | null;
  ip: string | null; user_agent: string | null; consent_at: Date | null; viewed_at: Date | null; signed_at: Date | null; declined_at: Date | null;
  decline_reason: string | null; signature: AdoptedSignatureArg | null; initials: string | null;
  values: Record<string, string>;
}

/**
 * The signature as the seal draws it: a drawing kept by reference is read back from the storage and
 * checked against its SHA-256 (the hash the signer's evidence records).
 */
async function adoptedSignature(storage: FileStorage, sig: AdoptedSignatureArg | null, name: string): Promise<AdoptedSignature> {
  if (!sig) return { type: 'typed', text: name };
  if (sig.type === 'typed' || 'png' in sig) return sig;
  const stream = await storage.open(sig.storageKey);
  if (!stream) throw new Error(`the drawn signature ${sig.sha256} is missing from the storage`);
  const bytes = await buffer(stream);
  if (createHash('sha256').update(bytes).digest('hex') !== sig.sha256) throw new Error(`the drawn signature ${sig.sha256} does not match its hash`);
  return { type: 'drawn', png: bytes.toString('base64') };
}

/** Everything the sealed PDF and its certificate say, read from the database. */
export async function loadSealingInput(orm: MikroORM, storage: FileStorage, documentId: string, sealedAt: string) {
  const conn = orm.em.getConnection();
  const doc = (await conn.execute<{ id: string; title: string; original_sha256: string; original_file_id: string; fields: FieldPlacement[]; account_id: string }[]>(
    'select id, title, original_sha256, original_file_id, fields, account_id from signature_document where id = ?', [documentId]))[0];
  if (!doc) throw new Error(`no document ${documentId}`);
  const file = (await conn.execute<{ storage_key: string }[]>('select storage_key from stored_file where id = ?', [doc.original_file_id]))[0]!;
  const stream = await storage.open(file.storage_key);
  if (!stream) throw new Error(`the original of ${documentId} is missing from the storage`);
  const original = await buffer(stream);
  const signers = await conn.execute<SignerRow[]>('select * from document_signer where document_id = ? order by position', [documentId]);
  const signatures = await Promise.all(signers.map((s) => adoptedSignature(storage, s.signature, s.name)));
  const events = await conn.execute<{ occurred_at: Date; action: string; actor_email: string | null; data: Record<string, unknown> }[]>(
    // Up to the last signature: the same events on every attempt, so a re-seal gives the same bytes.
    `select occurred_at, action, actor_email, data from audit_event where target_type = 'document' and target_id = ?
        and seq <= coalesce((select max(seq) from audit_event where target_type = 'document' and target_id = ? and action = 'document.signed'), 9223372036854775807)
      order by seq`, [documentId, documentId]);
  const branding = await loadBranding(orm.em.fork());
  const logo = (await conn.execute<{ logo: Buffer | null; logo_type: string | null }[]>('select logo, logo_type from branding where id = 1'))[0];
  return {
    doc,
    input: {
      original: new Uint8Array(original),
      document: { id: doc.id, title: doc.title, originalSha256: doc.original_sha256 },
      fields: doc.fields,
      signers: signers.map((s, i) => ({
        key: s.key, name: s.name, email: s.email, roleLabel: s.role_label, authMethod: s.auth_method ?? 'unknown', ip: s.ip, userAgent: s.user_agent,
        consentAt: iso(s.consent_at), viewedAt: iso(s.viewed_at), signedAt: iso(s.signed_at), declinedAt: iso(s.declined_at), declineReason: s.decline_reason,
        signature: signatures[i]!, initials: s.initials, values: s.values ?? {},
      })),
      events: events.map((e) => ({ at: new Date(e.occurred_at).toISOString(), action: e.action, actor: e.actor_email, detail: describeEvent(e.action, e.data) })),
      branding: {
        businessName: branding.businessName, primaryColor: branding.primaryColor,
        logo: logo?.logo && (logo.logo_type === 'image/png' || logo.logo_type === 'image/jpeg') ? { bytes: new Uint8Array(logo.logo), type: logo.logo_type as 'image/png' | 'image/jpeg' } : null,
      },
      sealedAt,
    },
  };
}

/** One line per audit event for the certificate. */
export function describeEvent(action: string, data: Record<string, unknown>): string {
  const d = data as Record<string, string | undefined>;
  switch (action) {
    case 'document.created': return `Uploaded (${d.pages ?? '?'} pages)`;
    case 'document.sent': return `Sent for signature to ${Array.isArray(data.signers) ? (data.signers as string[]).join(', ') : ''}`;
    case 'document.viewed': return `Viewed by ${d.signer ?? ''}`;
    case 'document.consented': return `Electronic records consent given by ${d.signer ?? ''}`;
    case 'document.signed': return `Signed by ${d.signer ?? ''} (${d.role ?? ''}; ${d.method ?? ''})`;
    case 'document.declined': return `Declined by ${d.signer ?? ''}: ${d.reason ?? ''}`;
    case 'document.voided': return `Voided: ${d.reason ?? ''}`;
    case 'document.expired': return 'Expired';
    case 'document.completed': return 'Completed';
    case 'document.code_sent': return `One-time code sent to ${d.signer ?? ''}`;
    case 'document.code_verified': return `Identity confirmed by one-time code: ${d.signer ?? ''}`;
    default: return action;
  }
}
