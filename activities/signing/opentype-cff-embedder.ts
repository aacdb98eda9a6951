import { Cache, CustomFontEmbedder, PDFFont, PDFHeader, PDFHexString, type PDFContext, type PDFDocument, type PDFRef } from 'pdf-lib';

type Font = CustomFontEmbedder['font'];
type Glyph = ReturnType<Font['glyphForCodePoint']>;

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

/** Whether `bytes` is an OpenType font with CFF outlines (its sfnt version is `OTTO`). */
export function isOpenTypeCff(bytes: Uint8Array): boolean {
  return bytes[0] === 0x4f && bytes[1] === 0x54 && bytes[2] === 0x54 && bytes[3] === 0x4f;
}

/**
 * `bytes` (an OpenType CFF font, parsed as `font`) embedded whole in `doc`, as `doc.embedFont` would
 * embed it but declared and measured correctly (see OpenTypeCffEmbedder).
 */
export function embedOpenTypeCff(doc: PDFDocument, font: Font, bytes: Uint8Array): PDFFont {
  const embedder = new OpenTypeCffEmbedder(font, bytes);
  const pdfFont = PDFFont.of(doc.context.nextRef(), doc, embedder);
  // The document writes the fonts it holds when it is saved, after all the text has been encoded
  // (the widths and Unicode values depend on it), as for a font from doc.embedFont.
  const held = (doc as unknown as { fonts?: unknown }).fonts;
  if (!Array.isArray(held)) throw new Error('pdf-lib no longer keeps its fonts in PDFDocument.fonts: embedOpenTypeCff needs updating');
  held.push(pdfFont);
  return pdfFont;
}
