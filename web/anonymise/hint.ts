/**
 * The submission page's live hint ("your text seems to contain a phone number"). It loads no
 * word list and no checksum library, to keep the page small: names only after a title or in
 * the "Prénom NOM" convention, and NIRs and IBANs judged by their shape. A hint errs towards
 * warning; the delegates' full detector (detect.ts) checks more before anything is published.
 */
import { PII_KINDS, type PiiKind } from './kinds.js';
import { findPatterns, prepare } from './patterns.js';
import { resolve } from './resolve.js';

const SHAPE_ONLY = {
  nir: () => true,
  iban: (compact: string) => /^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(compact.toUpperCase()) && (compact.match(/[0-9]/g) ?? []).length >= 10,
};

/**
 * The kinds of personal data `text` seems to hold, in PII_KINDS order; light enough to run on
 * every keystroke of a 10 000-character text. Never throws.
 */
export function hintKinds(text: string): PiiKind[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const prepared = prepare(text);
  const found = new Set(resolve(prepared.text, findPatterns(prepared, SHAPE_ONLY, () => false)).map((f) => f.kind));
  return PII_KINDS.filter((kind) => found.has(kind));
}
