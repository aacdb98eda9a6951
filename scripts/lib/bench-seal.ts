/**
 * Benchmark of sealing: a 20-page PDF with 4 signers' fields (a signature, initials and a date
 * each, spread over the pages; two signatures typed, two drawn) stamped and the certificate of
 * completion appended, the whole file signed (PAdES, RSA-3072), 20 times after 2 warm-up runs; p50
 * and p95, and the process's peak RSS.
 * Runs alone: `node scripts/lib/bench-seal.ts`.
 */
import { createHash } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { PNG } from 'pngjs';
import { sealPdf, type SealInput } from '../../domain/signing/seal.ts';
import { generateSealer } from '../../domain/signing/signing-certificate.ts';
import type { FieldPlacement } from '../../db/entities/signature.ts';

const PAGES = 20;
const SIGNERS = 4;
const RUNS = 20;
const WARMUP = 2;

/** A 20-page Letter document with a paragraph of text on each page. */
async function contract(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const para = 'The Supplier shall deliver the Services described in the Statement of Work with reasonable skill and care. ';
  for (let p = 1; p <= PAGES; p++) {
    const page = doc.addPage([612, 792]);
    page.drawText(`Section ${p}`, { x: 72, y: 720, size: 16, font });
    page.drawText(para.repeat(12), { x: 72, y: 690, size: 11, font, maxWidth: 468, lineHeight: 15 });
  }
  return doc.save();
}

/** A pen stroke on a transparent canvas, as a signature pad gives it (600 × 200, base64). */
function drawnSignature(seed: number): string {
  const png = new PNG({ width: 600, height: 200 });
  for (let x = 20; x < 580; x++) {
    const y = Math.round(100 + 60 * Math.sin((x + seed * 40) / 37) * Math.cos(x / 91));
    for (let dy = -2; dy <= 2; dy++) for (let dx = -1; dx <= 1; dx++) png.data.set([20, 30, 90, 255], ((y + dy) * 600 + x + dx) * 4);
  }
  return PNG.sync.write(png).toString('base64');
}

async function benchInput(): Promise<SealInput> {
  const original = await contract();
  const fields: FieldPlacement[] = [];
  const signers: SealInput['signers'] = [];
  for (let s = 0; s < SIGNERS; s++) {
    const key = `signer-${s + 1}`;
    // Each signer's fields on three of the pages, every signer on different ones.
    const page = (k: number) => ((s * 5 + k * 2) % PAGES) + 1;
    fields.push(
      { id: `${key}-sig`, type: 'signature', signerKey: key, page: page(4), x: 0.1 + 0.45 * (s % 2), y: 0.8, w: 0.35, h: 0.07, label: 'Signature', required: true },
      { id: `${key}-ini`, type: 'initials', signerKey: key, page: page(0), x: 0.85, y: 0.9, w: 0.08, h: 0.05, label: 'Initials', required: true },
      { id: `${key}-date`, type: 'date', signerKey: key, page: page(4), x: 0.1 + 0.45 * (s % 2), y: 0.88, w: 0.2, h: 0.03, label: 'Date', required: true },
    );
    const t = (min: number) => new Date(Date.UTC(2026, 2, 4, 9 + s, min)).toISOString();
    signers.push({
      key, name: `Signer Número ${s + 1}`, email: `signer${s + 1}@bench.test`, roleLabel: s % 2 ? 'Agency' : 'Client', authMethod: 'email link + one-time code',
      ip: `203.0.113.${s + 10}`, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      consentAt: t(1), viewedAt: t(2), signedAt: t(5),
      signature: s % 2 ? { type: 'drawn', png: drawnSignature(s) } : { type: 'typed', text: `Signer Número ${s + 1}` },
      initials: `S${s + 1}`, values: {},
    });
  }
  const events = signers.flatMap((s) => [
    { at: s.viewedAt!, action: 'document.viewed', actor: s.email, detail: `Viewed by ${s.name}` },
    { at: s.consentAt!, action: 'document.consented', actor: s.email, detail: `Electronic records consent given by ${s.name}` },
    { at: s.signedAt!, action: 'document.signed', actor: s.email, detail: `Signed by ${s.name} (${s.roleLabel}; ${s.authMethod})` },
  ]);
  return {
    original, fields, signers, events,
    document: { id: '7d1c1a4e-0f57-4a57-9d2e-3f3f6a3b9c01', title: 'Master services agreement', originalSha256: createHash('sha256').update(original).digest('hex') },
    branding: { businessName: 'Bench Studio', primaryColor: '#2f5bd3', logo: null },
    sealedAt: signers.at(-1)!.signedAt!,
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

export async function sealBench(): Promise<void> {
  const input = await benchInput();
  // An RSA-3072 certificate, as one generated at first use.
  const sealer = await generateSealer('Bench Studio');
  const rssBefore = process.memoryUsage().rss;
  // Sampled while the runs go (sealing yields to the event loop as pdf-lib parses and writes), and
  // after each run: the process may have done other work before, so its lifetime maxRSS would not do.
  let peak = rssBefore;
  const sample = () => { peak = Math.max(peak, process.memoryUsage().rss); };
  const sampler = setInterval(sample, 5);
  try {
    const t0 = performance.now();
    const first = await sealPdf(input, sealer);
    const cold = performance.now() - t0;
    for (let i = 1; i < WARMUP; i++) await sealPdf(input, sealer);
    const times: number[] = [];
    const hashes = new Set<string>();
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const sealed = await sealPdf(input, sealer);
      times.push(performance.now() - t);
      sample();
      hashes.add(createHash('sha256').update(sealed).digest('hex'));
    }
    if (hashes.size !== 1) throw new Error(`sealing the same input gave ${hashes.size} different files`);
    const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;

    console.log(`\nSealing — a ${PAGES}-page PDF, ${SIGNERS} signers (signature, initials and date each), certificate appended, signed (PAdES, RSA-3072); ${RUNS} runs after ${WARMUP} warm-up`);
    console.log('| measure | value |');
    console.log('|---|---:|');
    console.log(`| first seal in the process (fonts read, code cold) | ${cold.toFixed(0)} ms |`);
    console.log(`| seal, p50 | ${pct(times, 50).toFixed(0)} ms |`);
    console.log(`| seal, p95 | ${pct(times, 95).toFixed(0)} ms |`);
    console.log(`| sealed PDF size (original ${(input.original.length / 1024).toFixed(0)} KB) | ${(first.length / 1024).toFixed(0)} KB |`);
    console.log(`| RSS before the runs | ${mb(rssBefore)} |`);
    console.log(`| peak RSS during the runs | ${mb(peak)} |`);
  } finally {
    clearInterval(sampler);
  }
}

if (import.meta.main) await sealBench();
