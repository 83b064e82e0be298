/**
 * Replacements that stay consistent across one export: the same person is [Personne A] in
 * every quote, the same delegate's term [Terme B]; the other kinds have one placeholder each
 * ([Téléphone], [E-mail]…), and dates and times are coarsened (coarsen.ts).
 */
import { coarseDate, partOfDay } from './coarsen.js';
import type { PiiKind } from './kinds.js';
import { LABELS, type AnonymiseLocale, type Labels } from './labels.js';
import { foldText, wordKey } from './text.js';

/** A, B, … Z, AA, AB, …: the n-th letter label (n from 0). */
function letters(n: number): string {
  let out = '';
  for (let i = n + 1; i > 0; i = Math.floor((i - 1) / 26)) out = String.fromCharCode(65 + ((i - 1) % 26)) + out;
  return out;
}

/** A person's name as compared: folded, titles' dots and hyphens made spaces ("Jean-Marc" is "jean marc"). */
function personKey(name: string): string {
  return wordKey(name)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export class Placeholders {
  readonly locale: AnonymiseLocale;
  readonly #labels: Labels;
  readonly #people = new Map<string, string>();
  readonly #terms = new Map<string, string>();

  /** Placeholders in French (the default) or English. */
  constructor(locale: AnonymiseLocale = 'fr') {
    this.locale = locale === 'en' ? 'en' : 'fr';
    this.#labels = LABELS[this.locale];
  }

  /**
   * The text that replaces `value`, found as `kind`, bracketed: "[Personne A]", "[Téléphone]",
   * "[mars 2024]", "[après-midi]". Never throws.
   */
  replacement(kind: PiiKind, value: string): string {
    const labels = this.#labels;
    switch (kind) {
      case 'name':
        return `[${labels.person} ${this.#person(value)}]`;
      case 'term': {
        const key = foldText(value).trim().replace(/\s+/g, ' ');
        return `[${labels.term} ${this.#letterFor(this.#terms, key)}]`;
      }
      case 'date':
        return `[${coarseDate(value, labels)}]`;
      case 'time':
        return `[${partOfDay(value, labels)}]`;
      default:
        return `[${labels[kind]}]`;
    }
  }

  #letterFor(known: Map<string, string>, key: string): string {
    let letter = known.get(key);
    if (letter === undefined) {
      letter = letters(new Set(known.values()).size);
      known.set(key, letter);
    }
    return letter;
  }

  /**
   * The same letter for the same name, and for a surname or first name met alone that one known
   * full name holds ("Dupont" after "Jean Dupont", "Jean Dupont" after "M. Dupont"); when
   * several known names could be meant, a new letter rather than a guess.
   */
  #person(name: string): string {
    const key = personKey(name);
    const exact = this.#people.get(key);
    if (exact !== undefined) return exact;
    const words = key.split(' ');
    const related = new Set<string>();
    for (const [known, letter] of this.#people) {
      const knownWords = known.split(' ');
      const linked = words.length === 1 ? knownWords.includes(key) : knownWords.length === 1 && words.includes(known);
      if (linked) related.add(letter);
    }
    if (related.size === 1) {
      const [letter] = related;
      this.#people.set(key, letter);
      return letter;
    }
    return this.#letterFor(this.#people, key);
  }
}
