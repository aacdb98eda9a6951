import { readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { embedShippedFont, type Font } from './font-embedders.ts';

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
 * Each shipped font parsed once per process and shared by every document it is embedded in: parsing
 * was most of a seal's time. Documents only read it (subsets are built from it, not in it). fontkit
 * caches the glyphs it shapes on the parsed font, each with the characters it was first shaped from,
 * which go into a document's /ToUnicode; in the shipped fonts no glyph is reached from two different
 * characters or sequences, so what a process sealed before never shows in a document (a test seals
 * the same input after others and in a fresh module, and compares the bytes).
 */
const parsed = new WeakMap<Uint8Array, Font>();
function parsedFont(bytes: Uint8Array): Font {
  let font = parsed.get(bytes);
  if (!font) {
    font = fontkit.create(bytes);
    parsed.set(bytes, font);
  }
  return font;
}

export function documentFonts(doc: PDFDocument): DocumentFonts {
  const embedded = new Map<FontName, Promise<PDFFont>>();
  const get = (name: FontName): Promise<PDFFont> => {
    let font = embedded.get(name);
    if (!font) {
      // The TrueType fonts are subset; the script font (CFF outlines) goes in whole: see font-embedders.ts.
      font = fontFiles().then((f) => embedShippedFont(doc, parsedFont(f[name]), f[name]));
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
        pending = fontFiles().then((f) => new Set(parsedFont(f[name]).characterSet));
        charsets.set(name, pending);
      }
      const set = await pending;
      for (const ch of text) if (!/\s/.test(ch) && !set.has(ch.codePointAt(0)!)) return false;
      return true;
    },
  };
}
