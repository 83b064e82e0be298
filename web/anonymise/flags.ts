/**
 * Details to review before a quote is published: rare words, feminine first-person forms,
 * health, disability and union words. They are flagged, not replaced: whether "grutière" or
 * "ma chimio" gives someone away depends on the workplace, which only delegates know.
 */
import { findFeminine } from './feminine.js';
import { FLAG_WORDS, UNION_UPPER_CASE } from './flag-words.js';
import { PLACEHOLDER } from './labels.js';
import { keyedWords } from './rare.js';
import { foldText, unifySeparators } from './text.js';

export type FlagKind = 'rare' | 'feminine' | 'health' | 'disability' | 'union';

export interface Flag {
  kind: FlagKind;
  start: number;
  end: number;
}

const lexicon = (pieces: readonly string[]) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${pieces.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
const LEXICONS = (Object.keys(FLAG_WORDS) as (keyof typeof FLAG_WORDS)[]).map((kind) => [kind, lexicon(FLAG_WORDS[kind])] as const);
const UNION_NAMES = new RegExp(`(?<![\\p{L}\\p{N}])(?:${UNION_UPPER_CASE.join('|')})(?![\\p{L}\\p{N}])`, 'gu');

/**
 * Details to review in `text`, sorted by start (spans of different kinds may overlap): words of
 * `rare` (keys from rareWords), feminine first-person forms, health, disability and union words;
 * nothing inside the placeholders anonymise writes. Never throws.
 */
export function flagDetails(text: string, options: { rare?: ReadonlySet<string> } = {}): Flag[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const flags: Flag[] = [];
  const unified = unifySeparators(text);
  const folded = foldText(text);
  const rare = options.rare;
  if (rare && rare.size > 0) {
    for (const word of keyedWords(text)) if (rare.has(word.key)) flags.push({ kind: 'rare', start: word.start, end: word.end });
  }
  for (const span of findFeminine(unified, folded)) flags.push({ kind: 'feminine', ...span });
  for (const [kind, pattern] of LEXICONS) {
    for (const match of folded.matchAll(pattern)) flags.push({ kind, start: match.index, end: match.index + match[0].length });
  }
  for (const match of unified.matchAll(UNION_NAMES)) flags.push({ kind: 'union', start: match.index, end: match.index + match[0].length });
  // Flagging inside "[Matricule]" or "[Personne A]" would send the delegate to review the anonymiser's own words.
  const placeholders = [...text.matchAll(PLACEHOLDER)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  return flags.filter((f) => !placeholders.some((p) => f.start < p.end && p.start < f.end)).sort((a, b) => a.start - b.start || a.end - b.end);
}
