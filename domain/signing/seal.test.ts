import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { inspectPdf, renderPage } from './pdf.ts';
import { certificatePdf, SealInputError, sealPdf as sealWith, type Sealer, type SealInput } from './seal.ts';
import {
  decodePng, DRAWN, encodePng, FIXTURE_PAGES, fixtureInput, fixturePdf, fixtureSealer, inkBox, inkOutside, pixelDifference, popplerText, solidPng,
  type Image, type PixelBox,
} from './fixtures/pdf-fixtures.ts';
import type { FieldPlacement } from './types.ts';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const GOLDEN = new URL('./fixtures/golden/', import.meta.url);
const RENDER_WIDTH = 500;

/**
 * The image must match its golden PNG pixel for pixel, give or take anti-aliasing. `UPDATE_GOLDEN=1`
 * rewrites the goldens instead (look at them before committing).
 */
async function expectGolden(name: string, img: Image): Promise<void> {
  const file = new URL(`${name}.png`, GOLDEN);
  if (process.env.UPDATE_GOLDEN === '1') {
    await mkdir(GOLDEN, { recursive: true });
    await writeFile(file, encodePng(img));
    return;
  }
  const golden = await readFile(file).catch(() => null);
  if (!golden) throw new Error(`no golden image ${name}.png: run the test with UPDATE_GOLDEN=1 and review the image`);
  const diff = pixelDifference(decodePng(golden), img);
  expect(diff, `${name}: ${(diff * 100).toFixed(3)}% of pixels differ from the golden image`).toBeLessThan(0.002);
}

const grow = (b: PixelBox, by: number): PixelBox => ({ left: b.left - by, top: b.top - by, right: b.right + by, bottom: b.bottom + by });

/** A field's rectangle in the rendered image: its fractions are of the page as displayed. */
const fieldBox = (f: FieldPlacement, img: Image): PixelBox => ({
  left: f.x * img.width, top: f.y * img.height, right: (f.x + f.w) * img.width, bottom: (f.y + f.h) * img.height,
});

function expectWithin(inner: PixelBox, outer: PixelBox, label: string): void {
  expect(inner.left, `${label}: left`).toBeGreaterThanOrEqual(outer.left);
  expect(inner.top, `${label}: top`).toBeGreaterThanOrEqual(outer.top);
  expect(inner.right, `${label}: right`).toBeLessThanOrEqual(outer.right);
  expect(inner.bottom, `${label}: bottom`).toBeLessThanOrEqual(outer.bottom);
}

let original: Uint8Array;
let input: SealInput;
let sealed: Uint8Array;
let sealer: Sealer;
/** Sealed with the test PKCS#12's certificate. */
const sealPdf = (i: SealInput) => sealWith(i, sealer);

beforeAll(async () => {
  sealer = await fixtureSealer();
  original = await fixturePdf();
  input = await fixtureInput(original);
  sealed = await sealPdf(input);
});

describe('sealPdf: fields land where they were placed, on any page geometry', () => {
  for (const [i, page] of FIXTURE_PAGES.entries()) {
    it(`page ${i + 1}: ${page.name}`, async () => {
      const img = decodePng(await renderPage(sealed, i + 1, RENDER_WIDTH));
      expect(img.height).toBeCloseTo((RENDER_WIDTH * page.shown.height) / page.shown.width, -0.5);
      const fields = input.fields.filter((f) => f.page === i + 1);
      const px = RENDER_WIDTH / page.shown.width;

      // The drawn signature (a solid block, 3:1) fills its box as far as its shape allows, centred.
      const drawn = fields.find((f) => f.type === 'signature' && f.signerKey === 'client')!;
      const box = fieldBox(drawn, img);
      const wPt = drawn.w * page.shown.width;
      const hPt = drawn.h * page.shown.height;
      const k = Math.min(wPt / DRAWN.width, hPt / DRAWN.height) * px;
      const expected = {
        left: (box.left + box.right - DRAWN.width * k) / 2, right: (box.left + box.right + DRAWN.width * k) / 2,
        top: (box.top + box.bottom - DRAWN.height * k) / 2, bottom: (box.top + box.bottom + DRAWN.height * k) / 2,
      };
      const ink = inkBox(img, grow(box, 12), 128)!;
      expect(ink).not.toBeNull();
      for (const edge of ['left', 'top', 'right', 'bottom'] as const) expect(Math.abs(ink[edge] - expected[edge]), `drawn signature ${edge}`).toBeLessThanOrEqual(1.5);

      // Everything else lies inside its own box and fills a fair part of it.
      for (const f of fields.filter((x) => x !== drawn)) {
        const b = fieldBox(f, img);
        const got = inkBox(img, grow(b, 12));
        expect(got, `${f.id} has ink`).not.toBeNull();
        expectWithin(got!, grow(b, 1.5), f.id);
        // A signature is sized to its box: as wide as the box, or as tall as it allows.
        if (f.type === 'signature' || f.type === 'initials') {
          const fill = Math.max((got!.right - got!.left) / (b.right - b.left), (got!.bottom - got!.top) / (b.bottom - b.top));
          expect(fill, `${f.id} fills its box`).toBeGreaterThan(0.5);
        }
        // Text starts at its box's left edge (it would not, drawn turned the wrong way).
        if (f.type !== 'initials') expect(got!.left - b.left, `${f.id} starts at the left`).toBeLessThan(0.1 * (b.right - b.left));
      }
      // Nothing anywhere else: no ink strayed off its field, nothing outside the CropBox shows.
      expect(inkOutside(img, fields.map((f) => grow(fieldBox(f, img), 2)))).toBe(0);

      await expectGolden(page.name, img);
    });
  }

  it('writes the values: the signing date of each signer (UTC) and the text typed', async () => {
    const text = (await popplerText('pdftotext', sealed, ['-f', '1', '-l', String(FIXTURE_PAGES.length)])).replace(/\s+/g, ' ');
    expect(text.match(/2026-03-05/g)).toHaveLength(FIXTURE_PAGES.length);
    expect(text).toContain('Dubois & Fils SARL');
    expect(text).toContain('Renée Dubois');
  });

  it('leaves the fields of a signer who declined empty', async () => {
    const declined = structuredClone(input);
    declined.signers[1] = { ...declined.signers[1]!, signedAt: null, declinedAt: '2026-03-05T08:33:45.000Z', declineReason: 'Wrong address', signature: null };
    const pdf = await sealPdf(declined);
    const img = decodePng(await renderPage(pdf, 1, RENDER_WIDTH));
    for (const f of declined.fields.filter((x) => x.page === 1)) {
      const ink = inkBox(img, fieldBox(f, img));
      if (f.signerKey === 'agency') expect(ink, f.id).toBeNull();
      else expect(ink, f.id).not.toBeNull();
    }
  });

  it('refuses fields that do not fit the document or its signers', async () => {
    const bad = (change: Partial<FieldPlacement>) => sealPdf({ ...input, fields: [{ ...input.fields[0]!, ...change }] });
    await expect(bad({ page: FIXTURE_PAGES.length + 1 })).rejects.toBeInstanceOf(SealInputError);
    await expect(bad({ signerKey: 'nobody' })).rejects.toBeInstanceOf(SealInputError);
    await expect(bad({ x: 0.9, w: 0.2 })).rejects.toBeInstanceOf(SealInputError);
    await expect(sealPdf({ ...input, sealedAt: 'yesterday' })).rejects.toBeInstanceOf(SealInputError);
  });
});

describe('the certificate of completion', () => {
  const collapse = (s: string) => s.replace(/\s+/g, ' ');

  it('follows the original pages, on Letter paper like them, and its dates and producer come from the input', async () => {
    const info = await inspectPdf(sealed);
    expect(info.pageCount).toBeGreaterThan(FIXTURE_PAGES.length);
    for (const p of info.pages.slice(FIXTURE_PAGES.length)) expect(p).toEqual({ width: 612, height: 792, rotate: 0 });
    const meta = await popplerText('pdfinfo', sealed, ['-isodates']);
    expect(meta).toMatch(/Producer:\s+Portico/);
    expect(meta).toMatch(/Creator:\s+Portico/);
    expect(meta).toMatch(/CreationDate:\s+2026-03-05T08:33:45/);
    expect(meta).toMatch(/ModDate:\s+2026-03-05T08:33:45/);
  });

  it('states the document, each signer\'s evidence and the events in order', async () => {
    const cert = await certificatePdf(input);
    for (const text of [await popplerText('pdftotext', cert, ['-layout']), await popplerText('pdftotext', sealed, ['-layout', '-f', String(FIXTURE_PAGES.length + 1)])]) {
      expect(text).toContain('Certificate of completion');
      expect(text).toContain('Atelier Nord');
      expect(text).toContain('0f8e4a52-5c1d-4e3b-9a57-2b7c1d9e6f10');
      expect(text).toContain('Statement of work — Zoë’s rebrand');
      expect(text).toContain('ab'.repeat(32));
      expect(text).toMatch(/Sealed\s+2026-03-05 08:33:45 UTC/);
      const zoe = text.indexOf('Zoë Núñez');
      const renee = text.indexOf('Renée Dubois');
      expect(zoe).toBeGreaterThan(-1);
      expect(renee).toBeGreaterThan(zoe);
      const [zoeBlock, reneeBlock] = [text.slice(zoe, renee), text.slice(renee)];
      expect(zoeBlock).toMatch(/Email\s+zoe@client\.test/);
      expect(zoeBlock).toMatch(/Role\s+Client director/);
      expect(zoeBlock).toMatch(/Authentication\s+email link \+ one-time code/);
      expect(zoeBlock).toMatch(/IP address\s+203\.0\.113\.7/);
      expect(zoeBlock).toContain('Mozilla/5.0 (X11; Linux x86_64)');
      expect(zoeBlock).toMatch(/Consented to sign\s+2026-03-04 10:00:05 UTC/);
      expect(zoeBlock).toMatch(/Viewed\s+2026-03-04 10:01:10 UTC/);
      expect(zoeBlock).toMatch(/Signed\s+2026-03-04 10:02:30 UTC/);
      expect(reneeBlock).toMatch(/Email\s+renee@agency\.test/);
      expect(reneeBlock).toMatch(/Role\s+Account manager/);
      expect(reneeBlock).toMatch(/Authentication\s+portal session/);
      expect(reneeBlock).toMatch(/IP address\s+198\.51\.100\.23/);
      expect(reneeBlock).toMatch(/Signed\s+2026-03-05 08:33:45 UTC/);
    }
    const plain = collapse(await popplerText('pdftotext', cert));
    let at = plain.indexOf('Events');
    for (const e of input.events) {
      const next = plain.indexOf(collapse(e.detail), at);
      expect(next, `event "${e.detail}" after the one before`).toBeGreaterThan(at);
      at = next;
    }
  });

  it('shows a decline with its reason', async () => {
    const declined = structuredClone(input);
    declined.signers[1] = { ...declined.signers[1]!, signedAt: null, declinedAt: '2026-03-05T09:00:00.000Z', declineReason: 'The fee is wrong', signature: null };
    const text = await popplerText('pdftotext', await certificatePdf(declined), ['-layout']);
    expect(text).toMatch(/Declined\s+2026-03-05 09:00:00 UTC/);
    expect(text).toMatch(/Reason given\s+The fee is wrong/);
  });

  it('runs to as many numbered pages as its events need, every event kept in order', async () => {
    const events = Array.from({ length: 90 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 2, 4, 9, i)).toISOString(), action: 'document.viewed', actor: 'zoe@client.test',
      detail: `Viewed by Zoë Núñez, visit number ${i + 1} ${i % 7 === 0 ? 'with a much longer explanation that has to wrap onto a second line of the events column '.repeat(2) : ''}`.trim(),
    }));
    const cert = await certificatePdf({ ...input, events, original: undefined });
    const info = await inspectPdf(cert);
    expect(info.pageCount).toBeGreaterThanOrEqual(3);
    // Without the original to go by, the paper is A4.
    for (const p of info.pages) expect(p).toEqual({ width: 595.28, height: 841.89, rotate: 0 });
    const plain = collapse(await popplerText('pdftotext', cert));
    expect(plain).toContain(`Page 1 of ${info.pageCount}`);
    expect(plain).toContain(`Page ${info.pageCount} of ${info.pageCount}`);
    let at = 0;
    for (let i = 1; i <= 90; i++) {
      // (The space after the number: "visit number 1" is also the start of "visit number 10".)
      const next = plain.indexOf(`visit number ${i} `, at);
      expect(next, `event ${i}`).toBeGreaterThan(at);
      at = next;
    }
  });

  it('carries the business logo, and a logo that does not decode is left out rather than failing the seal', async () => {
    const logo = { bytes: new Uint8Array(Buffer.from(solidPng(120, 40), 'base64')), type: 'image/png' as const };
    const withLogo = decodePng(await renderPage(await certificatePdf({ ...input, branding: { ...input.branding, logo } }), 1, RENDER_WIDTH));
    const without = decodePng(await renderPage(await certificatePdf(input), 1, RENDER_WIDTH));
    // The logo is black; nothing else in the header is (below the band of brand colour at the top).
    const header = { left: 0, top: 12, right: RENDER_WIDTH, bottom: 100 };
    expect(inkBox(withLogo, header, 20)).not.toBeNull();
    expect(inkBox(without, header, 20)).toBeNull();
    await expectGolden('certificate-page-1', without);
    const broken = { bytes: new Uint8Array([1, 2, 3]), type: 'image/jpeg' as const };
    await expect(certificatePdf({ ...input, branding: { ...input.branding, logo: broken } })).resolves.toBeInstanceOf(Uint8Array);
  });
});

describe('sealing is repeatable and the seal shows tampering', () => {
  it('gives the same bytes for the same input (a seal redone after a crash has the same hash)', async () => {
    const again = await sealPdf(await fixtureInput(await fixturePdf()));
    expect(sha256(again)).toBe(sha256(sealed));
    expect(sha256(await certificatePdf(input))).toBe(sha256(await certificatePdf(input)));
  });

  it('gives different bytes for another seal time', async () => {
    expect(sha256(await sealPdf({ ...input, sealedAt: '2026-03-06T00:00:00.000Z' }))).not.toBe(sha256(sealed));
  });

  it('never changes the original', async () => {
    const before = sha256(original);
    await sealPdf(input);
    expect(sha256(original)).toBe(before);
    expect(Buffer.compare(original, await fixturePdf())).toBe(0);
  });

  it('a single byte changed in the sealed file changes its SHA-256', () => {
    const tampered = sealed.slice();
    tampered[Math.floor(tampered.length / 2)]! ^= 0x01;
    expect(sha256(tampered)).not.toBe(sha256(sealed));
  });
});
