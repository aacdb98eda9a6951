import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream } from 'pdf-lib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { decodePng, encodePng, fixtureSealer, fixtureSigners, inkBox, pixelDifference, type Image } from './fixtures/pdf-fixtures.ts';
import { sealPdf, type SealInput } from './seal.ts';
import type { FieldPlacement, SealSigner } from './types.ts';

/**
 * Typed signatures render as the font draws them, whatever reads the sealed PDF. They once did not:
 * the script font's ligatures ("or" in Morgan, "ee" in Reed) had no width in the PDF, so readers
 * drew "Alex Mor gan" and "Marcus Ree d", and extracted the names broken.
 */

const GOLDEN = new URL('./fixtures/golden/', import.meta.url);
const DPI = 144;
const LETTER = { width: 612, height: 792 };
/** Typed names: two with the script font's ligatures, one with accents. */
const NAMES = ['Alex Morgan', 'Marcus Reed', 'Zoë Núñez'] as const;

const run = promisify(execFile);

/** One Letter page with one signature box per name, one under the other. */
function fields(): FieldPlacement[] {
  return NAMES.map((_, i): FieldPlacement => ({
    id: `sig-${i}`, type: 'signature', signerKey: `s${i}`, page: 1, x: 0.1, y: 0.1 + 0.2 * i, w: 0.5, h: 0.09, label: 'Signature', required: true,
  }));
}

async function sealedNames(seal = sealPdf, names: readonly string[] = NAMES): Promise<Uint8Array> {
  const blank = await PDFDocument.create({ updateMetadata: false });
  blank.addPage([LETTER.width, LETTER.height]);
  const template = fixtureSigners()[1]!;
  const signers = names.map((name, i): SealSigner => ({ ...template, key: `s${i}`, name, email: `s${i}@client.test`, signature: { type: 'typed', text: name }, values: {} }));
  const input: SealInput = {
    original: await blank.save(), fields: fields(), signers, events: [],
    document: { id: '7d1c4f0e-2b8a-4c55-9e61-0a3f5b2c8d47', title: 'Typed signatures', originalSha256: 'cd'.repeat(32) },
    branding: { businessName: 'Atelier Nord', primaryColor: '#1f6feb', logo: null },
    sealedAt: '2026-03-05T08:33:45.000Z',
  };
  return seal(input, await fixtureSealer());
}

/** A poppler tool's output on `pdf`, stderr included (where poppler writes its warnings). */
async function poppler(tool: string, pdf: Uint8Array, args: string[], out?: string): Promise<{ stdout: string; stderr: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'portico-typed-signature-'));
  const file = join(dir, 'doc.pdf');
  await writeFile(file, pdf);
  const { stdout, stderr } = await run(tool, [...args, file, ...(out ? [join(dir, out)] : [])], { maxBuffer: 16 << 20 });
  return { stdout, stderr, dir };
}

/** The signature box of `field` (with a little room around it), rendered by pdftoppm at 144 dpi. */
async function renderBox(pdf: Uint8Array, field: FieldPlacement): Promise<{ img: Image; stderr: string }> {
  const px = DPI / 72;
  const margin = 6;
  const x = Math.floor(field.x * LETTER.width * px) - margin;
  const y = Math.floor(field.y * LETTER.height * px) - margin;
  const w = Math.ceil(field.w * LETTER.width * px) + 2 * margin;
  const h = Math.ceil(field.h * LETTER.height * px) + 2 * margin;
  const { stderr, dir } = await poppler('pdftoppm', pdf, ['-png', '-singlefile', '-f', '1', '-l', '1', '-r', String(DPI), '-x', String(x), '-y', String(y), '-W', String(w), '-H', String(h)], 'box');
  try {
    return { img: decodePng(await readFile(join(dir, 'box.png'))), stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

let sealed: Uint8Array;

beforeAll(async () => {
  sealed = await sealedNames();
});

describe('typed signatures in a sealed PDF', () => {
  for (const [i, name] of NAMES.entries()) {
    it(`"${name}" looks as the golden image (pdftoppm, ${DPI} dpi)`, async () => {
      const { img, stderr } = await renderBox(sealed, fields()[i]!);
      const file = new URL(`typed-signature-${i + 1}.png`, GOLDEN);
      if (process.env.UPDATE_GOLDEN === '1') {
        await mkdir(GOLDEN, { recursive: true });
        await writeFile(file, encodePng(img));
        return;
      }
      const golden = decodePng(await readFile(file));
      expect(inkBox(img), 'the name has ink').not.toBeNull();
      // Anti-aliasing differs between poppler versions along the strokes' edges, a pixel at most:
      // far less than a glyph moved by a wrong width (a ligature drawn 250 units off moves half a name).
      const diff = pixelDifference(golden, img, 64);
      expect(diff, `${(diff * 100).toFixed(2)}% of the pixels differ from ${file.pathname}`).toBeLessThan(0.01);
      expect(stderr, 'pdftoppm warnings').toBe('');
    });
  }

  it('pdftotext extracts each typed name exactly, without warnings', async () => {
    const { stdout, stderr, dir } = await poppler('pdftotext', sealed, ['-f', '1', '-l', '1'], 'text.txt');
    try {
      expect(stderr, 'pdftotext warnings').toBe('');
      expect(stdout).toBe('');
      const lines = (await readFile(join(dir, 'text.txt'), 'utf8')).split('\n').map((l) => l.trim()).filter(Boolean);
      expect(lines).toEqual([...NAMES]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('declares every font as the kind of font program it embeds, and pdffonts agrees', async () => {
    const doc = await PDFDocument.load(sealed);
    const lookup = (v: unknown) => (v instanceof PDFRef ? doc.context.lookup(v) : v);
    const seen: string[] = [];
    for (const [, obj] of doc.context.enumerateIndirectObjects()) {
      if (!(obj instanceof PDFDict) || obj.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
      const subtype = obj.get(PDFName.of('Subtype'));
      if (subtype !== PDFName.of('CIDFontType0') && subtype !== PDFName.of('CIDFontType2')) continue;
      const descriptor = lookup(obj.get(PDFName.of('FontDescriptor'))) as PDFDict;
      const name = String(obj.get(PDFName.of('BaseFont'))).slice(1);
      const file2 = lookup(descriptor.get(PDFName.of('FontFile2')));
      const file3 = lookup(descriptor.get(PDFName.of('FontFile3')));
      const stream = (file2 ?? file3) as PDFRawStream;
      const magic = Buffer.from(decodePDFRawStream(stream).decode().subarray(0, 4)).toString('latin1');
      if (subtype === PDFName.of('CIDFontType2')) {
        // TrueType outlines, as a TrueType file (version 1.0 or 'true').
        expect(file2, `${name}: FontFile2`).toBeDefined();
        expect(['\0\x01\0\0', 'true'], `${name}: a TrueType file`).toContain(magic);
      } else {
        // CFF outlines: a bare CFF program (CIDFontType0C) or the OpenType file that holds one.
        expect(file3, `${name}: FontFile3`).toBeDefined();
        const kind = String(stream.dict.get(PDFName.of('Subtype')));
        if (kind === '/OpenType') expect(magic, `${name}: an OpenType CFF file`).toBe('OTTO');
        else expect(kind, `${name}: FontFile3 subtype`).toBe('/CIDFontType0C');
      }
      seen.push(`${name.replace(/-\d+$/, '')} ${String(subtype)}`);
    }
    expect(seen.sort()).toEqual(['DancingScript /CIDFontType0', 'DejaVuSans /CIDFontType2', 'DejaVuSans-Bold /CIDFontType2']);

    const { stdout, stderr, dir } = await poppler('pdffonts', sealed, []);
    await rm(dir, { recursive: true, force: true });
    expect(stderr, 'pdffonts warnings').toBe('');
    const types = Object.fromEntries(stdout.split('\n').slice(2).filter(Boolean).map((l) => [l.split(/\s+/)[0]!.replace(/-\d+$/, ''), l.slice(37, 55).trim()]));
    expect(types).toEqual({ DancingScript: 'CID Type 0C (OT)', DejaVuSans: 'CID TrueType', 'DejaVuSans-Bold': 'CID TrueType' });
  });

  it('gives the same bytes whatever the process sealed before (the parsed fonts are shared between documents)', async () => {
    // Other names first, through the same fonts: ligatures, alternates, accents, other glyphs.
    await sealedNames(sealPdf, ['Eleanor Thorne', 'Björk Guðmundsdóttir', 'Bruce Wayne-Ross', 'Ffion Llewellyn']);
    const afterOthers = await sealedNames();
    vi.resetModules();
    const fresh = await import('./seal.ts');
    expect(fresh.sealPdf, 'a fresh module, with fonts of its own').not.toBe(sealPdf);
    const first = await sealedNames(fresh.sealPdf);
    expect(Buffer.compare(afterOthers, first), 'sealed after other documents vs first in a fresh process').toBe(0);
    expect(Buffer.compare(afterOthers, sealed)).toBe(0);
  });
});
