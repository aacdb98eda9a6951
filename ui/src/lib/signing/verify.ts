import type { VerifyResult, SignatureCheck } from '../api/schema.d.ts';

/**
 * The verdict on a checked file: `authentic` when it is byte for byte a sealed document and its
 * signature is this portal's over the whole file (or it was sealed before sealed PDFs were signed);
 * `doubtful` when it matches but its signature is not right; `nomatch` otherwise.
 */
export function verifyVerdict(result: VerifyResult): 'authentic' | 'doubtful' | 'nomatch' {
  if (!result.match) return 'nomatch';
  const s = result.signature;
  if (s.status === 'missing' || (s.status === 'valid' && s.byThisInstallation && s.coversWholeDocument)) return 'authentic';
  return 'doubtful';
}

/** One sentence on the file's digital signature, as a person checking it needs to hear it. */
export function signatureSentence(s: SignatureCheck, matched: boolean, business: string): string {
  const ours = `${business}’s certificate`;
  if (s.status === 'missing') {
    return matched
      ? `It carries no digital signature: it was sealed before ${business} signed its sealed documents. Its byte-for-byte match is the proof.`
      : 'It carries no digital signature.';
  }
  if (s.status === 'invalid') {
    return `Its digital signature${s.byThisInstallation ? ` by ${ours}` : ''} does not hold: ${s.problem ?? 'it cannot be checked'}.`;
  }
  if (!s.byThisInstallation) return `It carries a valid digital signature, but not by ${ours}: it was signed by ${s.certificate?.subject ?? 'an unnamed certificate'}.`;
  if (!s.coversWholeDocument) return `Its digital signature by ${ours} is valid, but content was added to the file after it was signed.`;
  return `Its digital signature is valid: it was signed with ${ours}, and nothing in the file has changed since. PDF readers check the same signature.`;
}
