// Verification: is a PDF one sealed here, and does its signature hold?
import { createHash } from 'node:crypto';
import { type Router } from 'express';
import { z } from 'zod';
import { checkPdfSignature } from '../../../domain/signing/check-signature.ts';
import { installationCertificates } from '../../../domain/signing/sealer.ts';
import { route } from '../../http.ts';
import { assertDeclaredSize, readLimited } from '../../body-limits.ts';
import { addressKey, auditRefusal, tooManyRequests } from '../../auth/throttle.ts';
import { loadSigners } from '../../services/documents.ts';
import type { DocumentContext } from './shared.ts';

const VerifySignature = z.object({
  status: z.enum(['missing', 'invalid', 'valid']).describe('missing: no digital signature; invalid: one that does not hold over its bytes; valid: it holds'),
  coversWholeDocument: z.boolean().describe('The signature covers every byte of the file but itself'),
  byThisInstallation: z.boolean().describe("The signer's certificate is one this installation seals with"),
  certificate: z.object({ subject: z.string(), sha256: z.string() }).nullable(),
  problem: z.string().nullable(),
}).meta({ id: 'SignatureCheck' });
const VerifyResponse = z.discriminatedUnion('match', [
  z.object({ match: z.literal(false), sha256: z.string(), signature: VerifySignature }),
  z.object({
    match: z.literal(true), sha256: z.string(), signature: VerifySignature,
    document: z.object({
      id: z.string(), title: z.string(), sealedAt: z.string(), originalSha256: z.string(),
      signers: z.array(z.object({ name: z.string(), roleLabel: z.string(), signedAt: z.string().nullable() })),
    }),
  }),
]).meta({ id: 'VerifyResult' });

export function verifyRoutes(r: Router, ctx: DocumentContext): void {
  const { deps, orm } = ctx;

  route(r, {
    method: 'post', path: '/api/verify', tag: 'signing', auth: 'public', rawBody: ['application/pdf'],
    summary: 'Is this PDF byte for byte a document sealed here, and does its digital signature hold, by this installation\'s certificate, over the whole file? Names the document and its signers if it matches; says nothing else otherwise',
    errors: ['payload_too_large', 'too_many_attempts'],
    response: VerifyResponse,
  }, async ({ req }) => {
    // Anyone may ask, so the size is checked before reading (and while), and each address may ask
    // a limited number of times: no one can make the API hash without end.
    const limit = deps.config.uploadMaxBytes;
    assertDeclaredSize(req, limit);
    const ip = addressKey(req.ip);
    const allowed = await deps.throttles.verify.hit(ip);
    if (!allowed.allowed) {
      auditRefusal(deps, req, deps.throttles.verify, ip, 'verify.throttled', {});
      throw tooManyRequests(allowed.retryAfter, 'Too many verifications from this address; try again later');
    }
    const chunks: Buffer[] = [];
    await readLimited(req, limit, (chunk) => chunks.push(chunk));
    const pdf = Buffer.concat(chunks);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const checked = await checkPdfSignature(pdf);
    const ours = checked.certificate ? (await installationCertificates(orm.em)).some((c) => c.sha256 === checked.certificate!.sha256) : false;
    const signature = { ...checked, byThisInstallation: ours };
    const doc = (await orm.em.getConnection().execute<{ id: string; title: string; sealed_at: Date; original_sha256: string }[]>(
      `select id, title, sealed_at, original_sha256 from signature_document where sealed_sha256 = ? and status = 'completed'`, [sha256]))[0];
    if (!doc) return { match: false as const, sha256, signature };
    const signers = await loadSigners(orm.em, doc.id);
    return {
      match: true as const, sha256, signature,
      document: { id: doc.id, title: doc.title, sealedAt: new Date(doc.sealed_at).toISOString(), originalSha256: doc.original_sha256,
        signers: signers.map((s) => ({ name: s.name, roleLabel: s.role_label, signedAt: s.signed_at ? new Date(s.signed_at).toISOString() : null })) },
    };
  });
}
