/**
 * The full detector, for the delegate workspace and the CLI: the list-free patterns, checked
 * numbers, the names the lists recognise and the delegate's own terms.
 */
import { ibanValid, nirKeyValid } from './checksums.js';
import type { DetectOptions, Finding } from './kinds.js';
import { findKnownNames, ordinaryWord } from './known-names.js';
import { PLACEHOLDER } from './labels.js';
import { findPatterns, prepare } from './patterns.js';
import { resolve } from './resolve.js';
import { findTerms, termPattern } from './terms.js';

const LIBRARY_CHECKS = { nir: nirKeyValid, iban: ibanValid };

/**
 * The personal data in `text`, sorted by start, never overlapping, in UTF-16 offsets. The
 * placeholders anonymise writes are not findings, so anonymised text gives none. Never throws.
 */
export function detect(text: string, options: DetectOptions = {}): Finding[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const prepared = prepare(text);
  const candidates = [
    ...findPatterns(prepared, LIBRARY_CHECKS, ordinaryWord),
    ...findKnownNames(prepared.text, prepared.folded, prepared.tokens),
    ...findTerms(prepared.folded, termPattern(options.terms ?? [])),
  ];
  const placeholders = [...text.matchAll(PLACEHOLDER)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  return resolve(prepared.text, candidates, placeholders);
}
