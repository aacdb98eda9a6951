/** What the template editor's sections share: what the editor gives them, and how they name entries. */
import type { TemplateDraft } from './draft.svelte.ts';

export interface SectionProps {
  draft: TemplateDraft;
  /** Errors by input id (see field-errors.ts). */
  errors: Record<string, string>;
  /** Tells the editor something changed (its error list refers to positions) and where the focus goes. */
  onchange: (message: string, focusId: string) => void;
  /** Tells the editor an entry was moved up or down, or was not (`ok` false: it is already at that end). */
  onmoved: (ok: boolean, what: string, up: boolean, uid: string) => void;
}

/** A table of labels as [value, label] pairs, in its order: the options of a select. */
export const options = <K extends string>(labels: Record<K, string>): [K, string][] => Object.entries(labels) as [K, string][];

/** An entry's title, or `fallback` (its position) while it has none. */
export const named = (title: string, fallback: string): string => title.trim() || fallback;

/** The legend of an entry's fieldset: "Phase 2: Discovery", or "Phase 2" while it has no title. */
export const legend = (noun: string, index: number, title: string): string => `${noun} ${index + 1}${title.trim() ? `: ${title.trim()}` : ''}`;
