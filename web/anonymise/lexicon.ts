/**
 * The big word lists, from @zxcvbn-ts/language-fr: French first names, surnames, and the
 * 28 000 most common words of French subtitles (ranked, names included). Only the full
 * detector loads this module: the submission page's hint must stay small.
 *
 * That package swaps two names: its `firstnames-fr` list (firstnames.json) holds surnames
 * (abadie, abbas, dupont…) and its `lastnames-fr` list (lastnames.json) holds first names
 * (achille, adèle, karim…). The imports below are named for what the lists hold.
 */
import commonWords from '@zxcvbn-ts/language-fr/dist/commonWords.json.mjs';
import surnameList from '@zxcvbn-ts/language-fr/dist/firstnames.json.mjs';
import firstNameList from '@zxcvbn-ts/language-fr/dist/lastnames.json.mjs';
import { wordKey } from './text.js';

interface Lists {
  firstNames: Set<string>;
  surnames: Set<string>;
  rank: Map<string, number>;
}

let lists: Lists | null = null;

// Built on first use, by folded key (lowercase, no accents), so "Hélène" and "helene" meet.
function load(): Lists {
  if (lists) return lists;
  const rank = new Map<string, number>();
  commonWords.forEach((word, i) => {
    const key = wordKey(word);
    if (!rank.has(key)) rank.set(key, i);
  });
  lists = { firstNames: new Set(firstNameList.map(wordKey)), surnames: new Set(surnameList.map(wordKey)), rank };
  return lists;
}

/** A first name of the list; a hyphenated one ("jean-marc") when each part is. Takes a folded key. */
export function isFirstName(key: string): boolean {
  const { firstNames } = load();
  return firstNames.has(key) || (key.includes('-') && key.split('-').every((part) => firstNames.has(part)));
}

/** A surname of the list. Takes a folded key. */
export function isSurname(key: string): boolean {
  return load().surnames.has(key);
}

/** The word's rank among common French words (0 is the most common), or undefined when it is not one. */
export function commonRank(key: string): number | undefined {
  return load().rank.get(key);
}
