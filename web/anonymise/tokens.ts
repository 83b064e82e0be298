/**
 * Words as the name detectors see them: letters with inner hyphens, elisions cut off
 * ("d'Isabelle" gives "d" and "Isabelle"), with their case shape and whether a capital
 * there says nothing (the start of a sentence, a line or a quotation).
 */

export type Shape = 'capitalised' | 'upper' | 'lower' | 'mixed';

export interface Token {
  start: number;
  end: number;
  /** As written. */
  text: string;
  /** Lowercase, accents removed (from the folded text). */
  key: string;
  shape: Shape;
  /** A capital here is the sentence's, not a name's. */
  sentenceStart: boolean;
}

const WORD = /\p{L}[\p{L}\p{M}]*(?:-\p{L}[\p{L}\p{M}]*)*/gu;
// After these, the next word starts a sentence (or a quoted one, a list item, a dialogue line).
const OPENERS = new Set(['.', '!', '?', '…', '\n', ':', '«', '"', '“', '(', '-', '–', '—', '•', '*', '>']);

function shapeOf(word: string): Shape {
  const lower = word.toLowerCase();
  if (word === lower) return 'lower';
  if (word === word.toUpperCase()) return word.length > 1 ? 'upper' : 'capitalised';
  // Capitalised when each hyphenated part is: "Jean-Marc", not "McDonald" nor "jEAN".
  if (lower.length !== word.length) return 'mixed';
  let partStart = true;
  for (let i = 0; i < word.length; i++) {
    if (word[i] === '-') {
      partStart = true;
      continue;
    }
    if ((word[i] === lower[i]) === partStart) return 'mixed';
    partStart = false;
  }
  return 'capitalised';
}

function opensSentence(text: string, start: number): boolean {
  for (let i = start - 1; i >= 0; i--) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\u00a0' || ch === '\u202f') continue;
    return OPENERS.has(ch);
  }
  return true;
}

/** The words of a text; `folded` is `foldText(text)`. */
export function tokenize(text: string, folded: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const end = start + match[0].length;
    tokens.push({
      start,
      end,
      text: match[0],
      key: folded.slice(start, end),
      shape: shapeOf(match[0]),
      sentenceStart: opensSentence(text, start),
    });
  }
  return tokens;
}

/** Only spaces (no line break, no punctuation) between two tokens. */
export function adjacent(text: string, left: Token, right: Token): boolean {
  return right.start - left.end <= 3 && /^[ \t\u00a0\u202f]+$/.test(text.slice(left.end, right.start));
}
