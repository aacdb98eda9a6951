import { describe, expect, it } from 'vitest';
import type { VerifyResult, SignatureCheck } from '../api/schema.d.ts';
import { signatureSentence, verifyVerdict } from './verify.ts';

const certificate = { subject: 'CN=Atelier Nord, O=Atelier Nord', sha256: 'ab'.repeat(32) };
const valid: SignatureCheck = { status: 'valid', coversWholeDocument: true, byThisInstallation: true, certificate, problem: null };
const doc = { id: 'd', title: 'T', sealedAt: '2026-03-05T08:33:45.000Z', originalSha256: 'cd'.repeat(32), signers: [] };
const matched = (signature: SignatureCheck): VerifyResult => ({ match: true, sha256: 'ef'.repeat(32), signature, document: doc });

describe('verifying a file', () => {
  it('is authentic when it matches and its signature is this portal\'s over the whole file, or it was sealed before signing began', () => {
    expect(verifyVerdict(matched(valid))).toBe('authentic');
    expect(verifyVerdict(matched({ ...valid, status: 'missing', byThisInstallation: false, certificate: null }))).toBe('authentic');
  });

  it('is in doubt when it matches but its signature is invalid, partial or someone else\'s', () => {
    expect(verifyVerdict(matched({ ...valid, status: 'invalid', problem: 'x' }))).toBe('doubtful');
    expect(verifyVerdict(matched({ ...valid, coversWholeDocument: false }))).toBe('doubtful');
    expect(verifyVerdict(matched({ ...valid, byThisInstallation: false }))).toBe('doubtful');
    expect(verifyVerdict({ match: false, sha256: 'x', signature: valid })).toBe('nomatch');
  });

  it('says what the signature says', () => {
    expect(signatureSentence(valid, true, 'Atelier Nord')).toMatch(/^Its digital signature is valid: it was signed with Atelier Nord’s certificate, and nothing in the file has changed since/);
    expect(signatureSentence({ ...valid, status: 'invalid', problem: 'the document was changed after it was signed' }, false, 'Atelier Nord'))
      .toBe('Its digital signature by Atelier Nord’s certificate does not hold: the document was changed after it was signed.');
    expect(signatureSentence({ ...valid, byThisInstallation: false, certificate: { subject: 'CN=Someone Else', sha256: '00' } }, false, 'Atelier Nord'))
      .toBe('It carries a valid digital signature, but not by Atelier Nord’s certificate: it was signed by CN=Someone Else.');
    expect(signatureSentence({ ...valid, coversWholeDocument: false }, false, 'Atelier Nord')).toMatch(/content was added to the file after it was signed/);
    expect(signatureSentence({ ...valid, status: 'missing', certificate: null, byThisInstallation: false }, true, 'Atelier Nord')).toMatch(/^It carries no digital signature: it was sealed before Atelier Nord signed/);
    expect(signatureSentence({ ...valid, status: 'missing', certificate: null, byThisInstallation: false }, false, 'Atelier Nord')).toBe('It carries no digital signature.');
  });
});
