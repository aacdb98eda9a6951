import {
  beginText, degrees, endText, PDFHexString, PDFNumber, PDFOperator, PDFOperatorNames, popGraphicsState, pushGraphicsState,
  rotateAndSkewTextRadiansAndTranslate, setFillingColor, setFontAndSize, setTextRise, toRadians, type PDFFont, type PDFPage, type RGB, type Rotation,
} from 'pdf-lib';
import { shapingFont } from './font-embedders.ts';

export interface DrawTextOptions {
  x: number;
  y: number;
  size: number;
  font: PDFFont;
  color: RGB;
  rotate?: Rotation;
}

/**
 * One line of text drawn where the font puts each glyph after shaping: its own advance corrected by
 * kerning (a `TJ` adjustment), marks moved by their offsets. pdf-lib's `drawText` writes the glyphs
 * with `Tj`, at their bare advances, so kerned pairs stand apart ("A l" in "Alex") and the text is
 * not as wide as it was measured. A font not embedded by embedShippedFont is drawn by pdf-lib.
 */
export function drawShapedText(page: PDFPage, text: string, opts: DrawTextOptions): void {
  const font = shapingFont(opts.font);
  if (!font) {
    page.drawText(text, opts);
    return;
  }
  // The same shaping as encodeText's (same text, same features), which also puts the glyphs in the font.
  const codes = opts.font.encodeText(text).asString();
  const run = font.layout(text);
  if (codes.length !== 4 * run.glyphs.length) throw new Error(`shaping "${text}" gave ${run.glyphs.length} glyphs, the encoding ${codes.length / 4}`);
  // TJ numbers are thousandths of the size, taken off the pen position.
  const k = 1000 / font.unitsPerEm;
  const ops: PDFOperator[] = [];
  let items: (PDFHexString | PDFNumber)[] = [];
  let pending = '';
  let rise = 0;
  const flushCodes = () => {
    if (pending) items.push(PDFHexString.of(pending));
    pending = '';
  };
  const adjust = (thousandths: number) => {
    if (Math.abs(thousandths) < 1e-6) return;
    flushCodes();
    items.push(PDFNumber.of(Math.round(thousandths * 1000) / 1000));
  };
  const flushRun = () => {
    flushCodes();
    if (items.length) ops.push(PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [opts.font.doc.context.obj(items)]));
    items = [];
  };
  run.glyphs.forEach((glyph, i) => {
    const p = run.positions[i]!;
    const glyphRise = (p.yOffset / font.unitsPerEm) * opts.size;
    if (Math.abs(glyphRise - rise) > 1e-6) {
      flushRun();
      rise = glyphRise;
      ops.push(setTextRise(Math.round(rise * 1000) / 1000));
    }
    adjust(-p.xOffset * k);
    pending += codes.slice(4 * i, 4 * i + 4);
    adjust((glyph.advanceWidth - p.xAdvance + p.xOffset) * k);
  });
  flushRun();
  if (rise !== 0) ops.push(setTextRise(0));

  const key = page.node.newFontDictionary(opts.font.name, opts.font.ref);
  page.pushOperators(
    pushGraphicsState(),
    beginText(),
    setFillingColor(opts.color),
    setFontAndSize(key, opts.size),
    rotateAndSkewTextRadiansAndTranslate(toRadians(opts.rotate ?? degrees(0)), 0, 0, opts.x, opts.y),
    ...ops,
    endText(),
    popGraphicsState(),
  );
}
