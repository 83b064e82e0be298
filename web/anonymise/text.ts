/**
 * Text folding that keeps every offset: patterns run on a folded copy of the same length,
 * so a match's offsets are the original text's offsets.
 */

// Non-breaking, narrow, thin and zero-width spaces are how French typography and pasted
// text separate "06 12 34 56 78" or "14 h 30": to a pattern they are all one space.
const SPACES = /[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/;
const APOSTROPHES = /[\u2018\u2019\u02bc\u2032\u00b4`]/;
const DASHES = /[\u2010-\u2013\u2212]/;

const SEPARATORS = new RegExp(`${SPACES.source}|${APOSTROPHES.source}|${DASHES.source}`, 'g');
// At most one entry per UTF-16 code unit.
const foldedChars = new Map<string, string>();

function foldChar(ch: string): string {
  let out = foldedChars.get(ch);
  if (out !== undefined) return out;
  if (SPACES.test(ch)) out = ' ';
  else if (APOSTROPHES.test(ch)) out = "'";
  else if (DASHES.test(ch)) out = '-';
  else {
    const base = ch.normalize('NFD')[0] ?? ch;
    const lower = (/[a-zA-Z]/.test(base) ? base : ch).toLowerCase();
    out = lower.length === 1 ? lower : ch;
  }
  foldedChars.set(ch, out);
  return out;
}

/** Unifies spaces, apostrophes and dashes, one code unit for one: case and accents stay. */
export function unifySeparators(text: string): string {
  return text.replace(SEPARATORS, foldChar);
}

/** Lowercase, accents removed, separators unified; always the same length as the input. */
export function foldText(text: string): string {
  return text.replace(/[^a-z0-9 .,;:!?'\n-]/g, foldChar);
}

/** The key a word is compared by: lowercase, no accents, typographic apostrophes made plain. */
export function wordKey(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'");
}
