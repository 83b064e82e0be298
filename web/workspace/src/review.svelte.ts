/**
 * What the anonymiser needs from the whole workspace: the words rare across every loaded
 * testimony, and the placeholders the work remembers, so that a person keeps the same
 * placeholder in every quote, whichever session or colleague anonymised it.
 */
import { anonymise, detect, Placeholders, rareWordsInSteps, type PiiKind } from '../../anonymise/index.js';
import type { PlaceholderAssignment } from '../../anonymise/placeholders.js';
import type { Locale } from '../../../crypto/testimony.js';
import { placeholderAssignments, terms, type WorkspaceState } from './core/state.js';

const NONE: ReadonlySet<string> = new Set();
const pause = () => new Promise<void>((resolve) => setTimeout(resolve));

class RareWords {
  /** The list the words were found in, and the words: empty until they are. */
  current = $state.raw<{ texts: readonly unknown[]; rare: ReadonlySet<string> } | null>(null);
  private reading: readonly unknown[] | null = null;

  /**
   * The rare words of these testimonies once known; until then none, and the reading starts in
   * slices between frames, so that 10,000 testimonies never freeze the page.
   */
  across(entries: readonly { text: string }[]): ReadonlySet<string> {
    if (this.current?.texts === entries) return this.current.rare;
    if (this.reading !== entries) {
      this.reading = entries;
      void rareWordsInSteps(entries.map((e) => e.text), pause).then((rare) => {
        if (this.reading === entries) this.current = { texts: entries, rare };
      });
    }
    return NONE;
  }

  forget(): void {
    this.reading = null;
    this.current = null;
  }
}

const rareWords = new RareWords();

/** Rare words of these testimonies: none at first, then, reactively, those found. */
export function rareAcross(entries: readonly { text: string }[]): ReadonlySet<string> {
  return rareWords.across(entries);
}

/** The kinds of personal data the last scan before an export finds in a text, each once. */
export function piiKindsIn(text: string, sensitive: readonly string[]): PiiKind[] {
  return [...new Set(detect(text, { terms: sensitive }).map((f) => f.kind))];
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
  rareWords.forget();
}
