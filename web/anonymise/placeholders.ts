/**
 * Replacements that stay consistent across one export: the same person is [Personne A] in
 * every quote, the same delegate's term [Terme B]; the other kinds have one placeholder each
 * ([Téléphone], [E-mail]…), and dates and times are coarsened (coarsen.ts). The lettered
 * placeholders given can be read back and remembered by a later set, so that a person keeps
 * their letter across sessions and delegates.
 */
import { coarseDate, partOfDay } from './coarsen.js';
import type { PiiKind } from './kinds.js';
import { LABELS, type AnonymiseLocale, type Labels } from './labels.js';
import { foldText, wordKey } from './text.js';

/** The kinds whose placeholders carry a letter, one per value. */
export type LetteredKind = Extract<PiiKind, 'name' | 'term'>;

/** One value's lettered placeholder: what a later set must give it again, and to nothing else. */
export interface PlaceholderAssignment {
  readonly kind: LetteredKind;
  /**
   * The value as compared: folded (no case, no accents); for a name as found, titles left
   * outside, with dots and hyphens made spaces ("Dupont" and "DUPONT" give "dupont", "Jean-Marc"
   * gives "jean marc"); for a term, with its spaces collapsed.
   */
  readonly key: string;
  /** The bracketed text that replaced it: "[Personne A]", "[Terme B]". */
  readonly placeholder: string;
}

/** One placeholder given to values that a single set would never have put under it. */
export interface PlaceholderClash {
  readonly placeholder: string;
  readonly assignments: readonly PlaceholderAssignment[];
}

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

function termKey(term: string): string {
  return foldText(term).trim().replace(/\s+/g, ' ');
}

/**
 * True when one person key is a single word of the other ("dupont" and "jean dupont"): the
 * link that lets a surname or first name met alone take the letter of a full name.
 */
function linked(a: string, b: string): boolean {
  const [word, name] = a.includes(' ') ? [b, a] : [a, b];
  return !word.includes(' ') && name.split(' ').includes(word);
}

export class Placeholders {
  readonly locale: AnonymiseLocale;
  readonly #labels: Labels;
  readonly #given: Record<LetteredKind, Map<string, string>> = { name: new Map(), term: new Map() };
  /** Every lettered placeholder given or remembered: none is given to another value. */
  readonly #taken = new Set<string>();
  /** Per label, the first letter that may still be free: letters are never freed. */
  readonly #nextLetter = new Map<string, number>();

  /**
   * Placeholders in French (the default) or English. `remembered` are assignments an earlier set
   * made, earliest first: a value keeps the first one given to it, and every one stays taken.
   * One that is not a placeholder this set writes for its kind (another language, a malformed
   * text) is ignored. Never throws.
   */
  constructor(locale: AnonymiseLocale = 'fr', remembered: Iterable<PlaceholderAssignment> = []) {
    this.locale = locale === 'en' ? 'en' : 'fr';
    this.#labels = LABELS[this.locale];
    for (const { kind, key, placeholder } of remembered) {
      const label = this.#labelOf(kind);
      if (label === null || !isLettered(placeholder, label)) continue;
      this.#taken.add(placeholder);
      if (!this.#given[kind].has(key)) this.#given[kind].set(key, placeholder);
    }
  }

  /**
   * The text that replaces `value`, found as `kind`, bracketed: "[Personne A]", "[Téléphone]",
   * "[mars 2024]", "[après-midi]". Never throws.
   */
  replacement(kind: PiiKind, value: string): string {
    const labels = this.#labels;
    switch (kind) {
      case 'name':
        return this.#person(value);
      case 'term':
        return this.#placeholderFor('term', termKey(value));
      case 'date':
        return `[${coarseDate(value, labels)}]`;
      case 'time':
        return `[${partOfDay(value, labels)}]`;
      default:
        return `[${labels[kind]}]`;
    }
  }

  /** Every value given a lettered placeholder so far, remembered ones included, each once. Never throws. */
  assignments(): PlaceholderAssignment[] {
    const out: PlaceholderAssignment[] = [];
    for (const kind of ['name', 'term'] as const) {
      for (const [key, placeholder] of this.#given[kind]) out.push({ kind, key, placeholder });
    }
    return out;
  }

  #labelOf(kind: string): string | null {
    return kind === 'name' ? this.#labels.person : kind === 'term' ? this.#labels.term : null;
  }

  #placeholderFor(kind: LetteredKind, key: string): string {
    let placeholder = this.#given[kind].get(key);
    if (placeholder === undefined) {
      placeholder = this.#fresh(this.#labelOf(kind)!);
      this.#given[kind].set(key, placeholder);
    }
    return placeholder;
  }

  #fresh(label: string): string {
    let n = this.#nextLetter.get(label) ?? 0;
    while (this.#taken.has(`[${label} ${letters(n)}]`)) n++;
    this.#nextLetter.set(label, n + 1);
    const placeholder = `[${label} ${letters(n)}]`;
    this.#taken.add(placeholder);
    return placeholder;
  }

  /**
   * The same letter for the same name, and for a surname or first name met alone that one known
   * full name holds ("Dupont" after "Jean Dupont", "Jean Dupont" after "M. Dupont"); when
   * several known names could be meant, a new letter rather than a guess.
   */
  #person(name: string): string {
    const people = this.#given.name;
    const key = personKey(name);
    const exact = people.get(key);
    if (exact !== undefined) return exact;
    const related = new Set<string>();
    for (const [known, placeholder] of people) if (linked(key, known)) related.add(placeholder);
    if (related.size === 1) {
      const [placeholder] = related;
      people.set(key, placeholder);
      return placeholder;
    }
    return this.#placeholderFor('name', key);
  }
}

function isLettered(placeholder: string, label: string): boolean {
  const prefix = `[${label} `;
  return placeholder.startsWith(prefix) && /^[A-Z]+\]$/.test(placeholder.slice(prefix.length));
}

/**
 * The placeholders given to values that one set could never have put under one placeholder:
 * two terms, a term and a name, or people that no chain of shared names links ("dupont" and
 * "jean dupont" may be one person; "garnier" and "lefebvre" are two). That happens when
 * delegates working apart each give the same next letter to someone different. Never throws.
 */
export function clashingPlaceholders(assignments: Iterable<PlaceholderAssignment>): PlaceholderClash[] {
  const byPlaceholder = new Map<string, Map<string, PlaceholderAssignment>>();
  for (const assignment of assignments) {
    let values = byPlaceholder.get(assignment.placeholder);
    if (values === undefined) byPlaceholder.set(assignment.placeholder, (values = new Map()));
    values.set(`${assignment.kind}:${assignment.key}`, assignment);
  }
  const clashes: PlaceholderClash[] = [];
  for (const [placeholder, values] of byPlaceholder) {
    const list = [...values.values()];
    if (list.length > 1 && !onePerson(list)) clashes.push({ placeholder, assignments: list });
  }
  return clashes;
}

/** True when every value is a name and shared names chain them all together. */
function onePerson(list: readonly PlaceholderAssignment[]): boolean {
  if (list.some((a) => a.kind !== 'name')) return false;
  const reached = new Set([list[0].key]);
  const queue = [list[0].key];
  for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
    for (const other of list) {
      if (reached.has(other.key) || !linked(key, other.key)) continue;
      reached.add(other.key);
      queue.push(other.key);
    }
  }
  return reached.size === list.length;
}
