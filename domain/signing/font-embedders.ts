import { Cache, CustomFontEmbedder, CustomFontSubsetEmbedder, PDFFont, PDFHeader, PDFHexString, type PDFContext, type PDFDocument, type PDFRef } from 'pdf-lib';

export type Font = CustomFontEmbedder['font'];
type Glyph = ReturnType<Font['glyphForCodePoint']>;
type GlyphRun = ReturnType<Font['layout']>;

/**
 * The width of `text` as the font sets it: each glyph's advance after shaping, kerning included.
 * pdf-lib adds up the glyphs' own advances, which is not where the text is drawn (see drawShapedText).
 */
function shapedWidth(run: GlyphRun, unitsPerEm: number, size: number): number {
  let units = 0;
  for (const p of run.positions) units += p.xAdvance;
  return (units / unitsPerEm) * size;
}

/**
 * Embeds a whole OpenType font with CFF outlines (an `OTTO` file) so that readers draw it as the font
 * does. pdf-lib's own whole-font embedder gets two things wrong for such a font:
 *
 * - it asks fontkit for `font.cff`, which fontkit does not have (the table is `font['CFF ']`), so
 *   the file is declared a TrueType font (CIDFontType2, FontFile2): poppler warns "Mismatch between
 *   font type and embedded font file";
 * - it lists widths (`/W`) and Unicode values (`/ToUnicode`) only for the glyphs the font's cmap
 *   reaches, while the text is shaped first: a ligature or alternate glyph the shaping picks (Dancing
 *   Script's `o_r` in "Morgan", `e_e` in "Reed") has no width, so readers advance it by the default
 *   1000 units (gaps, overlaps), and no text, so extraction and search break the word.
 *
 * fontkit's CFF subsetter writes a font program poppler cannot read, so the font goes in whole:
 * declared CIDFontType0 with the file as FontFile3 `/Subtype /OpenType` (PDF 1.6), CIDs being glyph
 * ids, and widths and Unicode values for exactly the glyphs the document's text used.
 */
class OpenTypeCffEmbedder extends CustomFontEmbedder {
  /** The glyphs drawn so far by id, each as shaping gave it (a ligature carries all its characters). */
  private readonly used = new Map<number, Glyph>();

  constructor(font: Font, fontData: Uint8Array) {
    super(font, fontData);
    this.glyphCache = Cache.populatedBy(() => [...this.used.values()].sort((a, b) => a.id - b.id));
  }

  override encodeText(text: string): PDFHexString {
    const { glyphs } = this.font.layout(text, this.fontFeatures);
    for (const glyph of glyphs) if (!this.used.has(glyph.id)) this.used.set(glyph.id, glyph);
    this.glyphCache.invalidate();
    return PDFHexString.of(glyphs.map((g) => g.id.toString(16).padStart(4, '0')).join(''));
  }

  override widthOfTextAtSize(text: string, size: number): number {
    return shapedWidth(this.font.layout(text, this.fontFeatures), this.font.unitsPerEm, size);
  }

  protected override isCFF(): boolean {
    return true;
  }

  protected override async embedFontStream(context: PDFContext): Promise<PDFRef> {
    return context.register(context.flateStream(await this.serializeFont(), { Subtype: 'OpenType' }));
  }

  override async embedIntoContext(context: PDFContext, ref?: PDFRef): Promise<PDFRef> {
    const written = await super.embedIntoContext(context, ref);
    // An OpenType font program (FontFile3 /OpenType) is PDF 1.6; an older original's header says less.
    const version = /^%PDF-(\d+)\.(\d+)/.exec(context.header.toString());
    if (version && Number(version[1]) === 1 && Number(version[2]) < 6) context.header = PDFHeader.forVersion(1, 7);
    return written;
  }
}

/**
 * pdf-lib's subset of a TrueType font, measured as it is drawn (kerning included). Its declared
 * constructor is private, though it takes the same arguments as its base's protected one.
 */
class TrueTypeSubsetEmbedder extends (CustomFontSubsetEmbedder as unknown as typeof CustomFontEmbedder) {
  constructor(font: Font, fontData: Uint8Array) {
    super(font, fontData);
  }

  override widthOfTextAtSize(text: string, size: number): number {
    return shapedWidth(this.font.layout(text, this.fontFeatures), this.font.unitsPerEm, size);
  }
}

/** Whether `bytes` is an OpenType font with CFF outlines (its sfnt version is `OTTO`). */
export function isOpenTypeCff(bytes: Uint8Array): boolean {
  return bytes[0] === 0x4f && bytes[1] === 0x54 && bytes[2] === 0x54 && bytes[3] === 0x4f;
}

/** The parsed font behind each PDFFont embedded here, for drawShapedText. */
const shaping = new WeakMap<PDFFont, Font>();

/** The parsed font `font` was embedded from by embedShippedFont; undefined for any other font. */
export function shapingFont(font: PDFFont): Font | undefined {
  return shaping.get(font);
}

/**
 * `bytes` (parsed as `font`) embedded in `doc`: a TrueType font as a subset, an OpenType CFF font
 * whole (see OpenTypeCffEmbedder); both measured as drawn, kerning included.
 */
export function embedShippedFont(doc: PDFDocument, font: Font, bytes: Uint8Array): PDFFont {
  const embedder = isOpenTypeCff(bytes) ? new OpenTypeCffEmbedder(font, bytes) : new TrueTypeSubsetEmbedder(font, bytes);
  const pdfFont = PDFFont.of(doc.context.nextRef(), doc, embedder);
  // The document writes the fonts it holds when it is saved, after all the text has been encoded
  // (the widths and Unicode values depend on it), as for a font from doc.embedFont.
  const held = (doc as unknown as { fonts?: unknown }).fonts;
  if (!Array.isArray(held)) throw new Error('pdf-lib no longer keeps its fonts in PDFDocument.fonts: embedShippedFont needs updating');
  held.push(pdfFont);
  shaping.set(pdfFont, font);
  return pdfFont;
}
