import { readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { embedOpenTypeCff, isOpenTypeCff } from './opentype-cff-embedder.ts';

const DIR = new URL('./fonts/', import.meta.url);
const FILES = { script: 'DancingScript-Regular.otf', regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;
type FontName = keyof typeof FILES;

let files: Promise<Record<FontName, Uint8Array>> | undefined;
const charsets = new Map<FontName, Promise<Set<number>>>();

/** The shipped font files, read once per process. */
function fontFiles(): Promise<Record<FontName, Uint8Array>> {
  files ??= Promise.all((Object.keys(FILES) as FontName[]).map(async (k) => [k, new Uint8Array(await readFile(new URL(FILES[k], DIR)))] as const))
    .then((entries) => Object.fromEntries(entries) as Record<FontName, Uint8Array>)
    .catch((err: unknown) => { files = undefined; throw err; });
  return files;
}

/**
 * The fonts of one document, each embedded the first time it is asked for (an unused font adds
 * nothing to the file). Embedding order is part of the output: pdf-lib names subsets from a
 * generator seeded per document, so the same calls in the same order give the same bytes.
 */
export interface DocumentFonts {
  get(name: FontName): Promise<PDFFont>;
  /** Whether the font has a glyph for every character of `text`. */
  covers(name: FontName, text: string): Promise<boolean>;
}

/**
 * fontkit with each shipped font parsed once per process: pdf-lib parses a font for every
 * document it is embedded in, which was most of a seal's time. The parsed font is only read
 * (subsets are built from it, not in it), so documents can share it; the bytes written do not change.
 */
const parsed = new WeakMap<Uint8Array, ReturnType<typeof fontkit.create>>();
const sharedFontkit: typeof fontkit = {
  ...fontkit,
  create(buffer: Uint8Array, postscriptName?: string) {
    if (postscriptName !== undefined) return fontkit.create(buffer, postscriptName);
    let font = parsed.get(buffer);
    if (!font) {
      font = fontkit.create(buffer);
      parsed.set(buffer, font);
    }
    return font;
  },
};

export function documentFonts(doc: PDFDocument): DocumentFonts {
  doc.registerFontkit(sharedFontkit);
  const embedded = new Map<FontName, Promise<PDFFont>>();
  const get = (name: FontName): Promise<PDFFont> => {
    let font = embedded.get(name);
    if (!font) {
      // A font with CFF outlines (the script font) goes in whole: fontkit's CFF subsetter writes a
      // program readers reject, and pdf-lib declares and measures such a font wrongly when whole.
      font = fontFiles().then((f) => (isOpenTypeCff(f[name]) ? embedOpenTypeCff(doc, sharedFontkit.create(f[name]), f[name]) : doc.embedFont(f[name], { subset: true })));
      embedded.set(name, font);
    }
    return font;
  };
  return {
    get,
    async covers(name, text) {
      // Asked of the font file, not the document: a font found wanting is never embedded.
      let pending = charsets.get(name);
      if (!pending) {
        pending = fontFiles().then((f) => new Set(sharedFontkit.create(f[name]).characterSet));
        charsets.set(name, pending);
      }
      const set = await pending;
      for (const ch of text) if (!/\s/.test(ch) && !set.has(ch.codePointAt(0)!)) return false;
      return true;
    },
  };
}
