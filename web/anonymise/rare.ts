/**
 * Words rare across a set of testimonies: a job only one person holds ("grutière"), a machine,
 * a nickname. Once names are gone, such a word can still say who wrote.
 */
import { commonRank } from './lexicon.js';
import { wordKey } from './text.js';

const WORD = /\p{L}[\p{L}\p{M}]*(?:[-'’]\p{L}[\p{L}\p{M}]*)*/gu;
// "l'ingénieure" is the word "ingénieure".
const ELISION = /^(?:l|d|j|m|t|s|n|c|qu|jusqu|lorsqu|puisqu|quoiqu)'/;
const SHORTEST_RARE = 3;

/** The key a word is counted and flagged by: folded, its elision dropped; null for too short a word. */
export function rareKey(word: string): string | null {
  const key = wordKey(word).replace(ELISION, '');
  return key.length >= SHORTEST_RARE ? key : null;
}

/** Each word of `text` with its offsets and rare key; `keys` caches keys across calls. */
export function* keyedWords(text: string, keys = new Map<string, string | null>()): Generator<{ start: number; end: number; key: string }> {
  for (const match of text.matchAll(WORD)) {
    let key = keys.get(match[0]);
    if (key === undefined) keys.set(match[0], (key = rareKey(match[0])));
    if (key !== null) yield { start: match.index, end: match.index + match[0].length, key };
  }
}

/**
 * Keys (see rareKey) of the words that appear in at most `maxDocuments` (default 1) of the
 * texts and are not common French words: re-identifying details. Never throws.
 */
export function rareWords(texts: Iterable<string>, options: { maxDocuments?: number } = {}): Set<string> {
  const maxDocuments = options.maxDocuments ?? 1;
  const documents = new Map<string, number>();
  const keys = new Map<string, string | null>();
  for (const text of texts) {
    if (typeof text !== 'string') continue;
    const seen = new Set<string>();
    for (const { key } of keyedWords(text, keys)) seen.add(key);
    for (const key of seen) documents.set(key, (documents.get(key) ?? 0) + 1);
  }
  const rare = new Set<string>();
  for (const [key, count] of documents) if (count <= maxDocuments && commonRank(key) === undefined) rare.add(key);
  return rare;
}
