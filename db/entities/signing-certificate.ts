import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A certificate sealed PDFs are signed with: the one generated at first use (its RSA private key,
 * PKCS#8 DER, sealed with AES-256-GCM under a key derived from PORTICO_AUDIT_SIGNING_KEY or
 * SESSION_SECRET), or one the business configured as a PKCS#12 file (recorded when first used; its
 * key stays in the file). `/verify` knows every certificate here as this installation's.
 */
export const SigningCertificate = defineEntity({
  name: 'SigningCertificate',
  tableName: 'signing_certificate',
  properties: {
    id: p.integer().primary().autoincrement(),
    /** SHA-256 of the certificate's DER, lowercase hex: its fingerprint. */
    sha256: p.string().length(64).unique(),
    certificatePem: p.text(),
    /** `CN=…, O=…`, as the certificate of completion shows it. */
    subject: p.text(),
    /** `generated` or `configured`. */
    source: p.string().length(16),
    /** base64 of iv ‖ tag ‖ ciphertext; null for a configured certificate. */
    privateKeySealed: p.text().nullable(),
    createdAt: p.datetime(3),
  },
});
export type SigningCertificate = InferEntity<typeof SigningCertificate>;
