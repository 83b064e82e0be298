/**
 * What the anonymiser needs from the whole workspace: the words rare across every loaded
 * testimony, and one set of placeholders per language so that a person keeps the same
 * placeholder in every quote anonymised during this session.
 */
import { Placeholders, rareWords } from '../../anonymise/index.js';
import type { Locale } from '../../../crypto/testimony.js';

let rareFor: { texts: readonly unknown[]; rare: ReadonlySet<string> } | null = null;

/** Rare words of these testimonies, computed once for a given list. */
export function rareAcross(entries: readonly { text: string }[]): ReadonlySet<string> {
  if (rareFor?.texts !== entries) rareFor = { texts: entries, rare: rareWords(entries.map((e) => e.text)) };
  return rareFor.rare;
}

const placeholders = new Map<Locale, Placeholders>();

export function sessionPlaceholders(locale: Locale): Placeholders {
  let found = placeholders.get(locale);
  if (!found) placeholders.set(locale, (found = new Placeholders(locale)));
  return found;
}

/** Forgets the names met so far; called when the workspace locks. */
export function forgetReview(): void {
  rareFor = null;
  placeholders.clear();
}
