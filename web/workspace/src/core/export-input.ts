/**
 * What an export may be given: quotes already anonymised and approved, and the words it writes.
 * Everything an export writes about a quote comes through pickQuotes, which keeps the text and
 * the tags' names and drops whatever else the caller's objects carry (ids, days, key ids).
 */
import { LOCALES, type Locale } from '../../../../crypto/testimony.js';

export type { Locale };

/** One quote as it may leave the workspace: its anonymised published wording and its tags' names. */
export interface ExportQuote {
  readonly text: string;
  /** Tag names as shown, e.g. "Surveillance / Teams". */
  readonly tags: readonly string[];
}

/** Every word written into an export, given by the caller from its message catalogue. */
export interface ExportLabels {
  readonly quote: string;
  readonly tags: string;
  readonly category: string;
  readonly total: string;
  readonly count: string;
  /** Explains "< t"; `{threshold}` is replaced by t. */
  readonly suppressedNote: string;
  /** Explains the withheld mark. */
  readonly withheldNote: string;
  /** Stands for a figure withheld to protect another, e.g. "×". */
  readonly withheldMark: string;
}

const LABEL_KEYS = ['quote', 'tags', 'category', 'total', 'count', 'suppressedNote', 'withheldNote', 'withheldMark'] as const;

/**
 * Fresh copies holding only `text` and `tags`. Throws 'invalid quote' unless each quote has a
 * string text and an array of string tags.
 */
export function pickQuotes(quotes: readonly ExportQuote[]): ExportQuote[] {
  if (!Array.isArray(quotes)) throw new Error('invalid quote');
  return quotes.map((quote) => {
    const ok = typeof quote === 'object' && quote !== null && typeof quote.text === 'string' &&
      Array.isArray(quote.tags) && quote.tags.every((tag: unknown) => typeof tag === 'string');
    if (!ok) throw new Error('invalid quote');
    return { text: quote.text, tags: [...quote.tags] };
  });
}

/** Throws 'invalid labels' unless every label is a string. */
export function checkLabels(labels: ExportLabels): void {
  const ok = typeof labels === 'object' && labels !== null && LABEL_KEYS.every((key) => typeof labels[key] === 'string');
  if (!ok) throw new Error('invalid labels');
}

/** Throws 'invalid title' unless the title is a string. */
export function checkTitle(title: string): void {
  if (typeof title !== 'string') throw new Error('invalid title');
}

/** Throws 'invalid locale' unless the locale is one the catalogues have. */
export function checkLocale(locale: Locale): void {
  if (!LOCALES.includes(locale)) throw new Error('invalid locale');
}
