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

/** Counts, for each word key, how many texts hold it, one text at a time. */
class DocumentCounts {
  private readonly documents = new Map<string, number>();
  private readonly keys = new Map<string, string | null>();

  add(text: unknown): void {
    if (typeof text !== 'string') return;
    const seen = new Set<string>();
    for (const { key } of keyedWords(text, this.keys)) seen.add(key);
    for (const key of seen) this.documents.set(key, (this.documents.get(key) ?? 0) + 1);
  }

  rare(maxDocuments: number): Set<string> {
    const rare = new Set<string>();
    for (const [key, count] of this.documents) if (count <= maxDocuments && commonRank(key) === undefined) rare.add(key);
    return rare;
  }
}

/**
 * Keys (see rareKey) of the words that appear in at most `maxDocuments` (default 1) of the
 * texts and are not common French words: re-identifying details. Never throws.
 */
export function rareWords(texts: Iterable<string>, options: { maxDocuments?: number } = {}): Set<string> {
  const counts = new DocumentCounts();
  for (const text of texts) counts.add(text);
  return counts.rare(options.maxDocuments ?? 1);
}

/**
 * rareWords over a long list, `slice` texts at a time with `pause()` awaited between slices, so
 * that a page stays responsive while 10,000 testimonies are read. Rejects only if `pause` does.
 */
export async function rareWordsInSteps(
  texts: readonly string[],
  pause: () => Promise<void>,
  options: { maxDocuments?: number; slice?: number } = {},
): Promise<Set<string>> {
  const counts = new DocumentCounts();
  const slice = options.slice ?? 250;
  for (let at = 0; at < texts.length; at += slice) {
    for (let i = at; i < Math.min(at + slice, texts.length); i++) counts.add(texts[i]);
    await pause();
  }
  return counts.rare(options.maxDocuments ?? 1);
}
