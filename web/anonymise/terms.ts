/**
 * The delegate's own sensitive terms (a manager's name, a site, a team): found whatever their
 * case, accents or spacing ("Équipe B" finds "equipe  b"), as whole words only.
 */
import type { Finding } from './kinds.js';
import { foldText } from './text.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A pattern for the terms, or null when none has a letter or digit. */
export function termPattern(terms: readonly string[]): RegExp | null {
  const parts = [...new Set(terms.map((t) => foldText(t).trim().replace(/\s+/g, ' ')).filter((t) => /[\p{L}\p{N}]/u.test(t)))]
    // Longest first, so "équipe B nuit" wins over "équipe B".
    .sort((a, b) => b.length - a.length)
    .map((t) => escape(t).replace(/ /g, '\\s+'));
  if (parts.length === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${parts.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
}

/** Occurrences of the terms in `folded` (`foldText(text)`, same offsets as the text). */
export function findTerms(folded: string, pattern: RegExp | null): Finding[] {
  if (!pattern) return [];
  const found: Finding[] = [];
  for (const match of folded.matchAll(pattern)) found.push({ kind: 'term', start: match.index, end: match.index + match[0].length });
  return found;
}
