/**
 * What the anonymiser needs from the whole workspace: the words rare across every loaded
 * testimony, and the placeholders the work remembers, so that a person keeps the same
 * placeholder in every quote, whichever session or colleague anonymised it.
 */
import { anonymise, Placeholders, rareWords } from '../../anonymise/index.js';
import type { PlaceholderAssignment } from '../../anonymise/placeholders.js';
import type { Locale } from '../../../crypto/testimony.js';
import { placeholderAssignments, terms, type WorkspaceState } from './core/state.js';

let rareFor: { texts: readonly unknown[]; rare: ReadonlySet<string> } | null = null;

/** Rare words of these testimonies, computed once for a given list. */
export function rareAcross(entries: readonly { text: string }[]): ReadonlySet<string> {
  if (rareFor?.texts !== entries) rareFor = { texts: entries, rare: rareWords(entries.map((e) => e.text)) };
  return rareFor.rare;
}

const assignmentKey = (x: PlaceholderAssignment) => JSON.stringify([x.kind, x.key, x.placeholder]);

/**
 * A quote's wording anonymised with the work's terms and the placeholders it remembers in this
 * language, and the placeholders given that it did not remember yet, for rememberPlaceholders.
 * The set is built from the work each time, so a file opened or merged meanwhile counts.
 */
export function anonymiseWording(state: WorkspaceState, wording: string, locale: Locale): { text: string; given: PlaceholderAssignment[] } {
  const remembered = placeholderAssignments(state, locale);
  const placeholders = new Placeholders(locale, remembered);
  const { text } = anonymise(wording, { terms: terms(state), placeholders });
  const known = new Set(remembered.map(assignmentKey));
  return { text, given: placeholders.assignments().filter((x) => !known.has(assignmentKey(x))) };
}

/** Forgets the rare words; called when the workspace locks. */
export function forgetReview(): void {
  rareFor = null;
}
