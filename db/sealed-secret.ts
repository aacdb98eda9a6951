import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Keeps a private key (or any secret bytes) in the database sealed under an installation secret:
 * AES-256-GCM with a key derived by HKDF-SHA-256 from the secret and a `purpose` of its own, so one
 * secret seals several keys without reusing an AES key. Stored as base64 of IV (12) ‖ tag (16) ‖ body.
 */
function sealingKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, purpose, 'aes-256-gcm v1', 32));
}

export function sealSecret(secret: string, purpose: string, plain: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(secret, purpose), iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/**
 * Opens what {@link sealSecret} sealed under the same secret and purpose.
 * @throws {Error} `${what} cannot be opened: …` when the secret is not the one it was sealed with.
 */
export function unsealSecret(secret: string, purpose: string, sealed: string, what: string): Buffer {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(secret, purpose), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  } catch {
    throw new Error(`${what} cannot be opened: PORTICO_AUDIT_SIGNING_KEY (or SESSION_SECRET) is not the one it was sealed with`);
  }
}
