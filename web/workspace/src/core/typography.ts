/** How each language writes numbers and labelled values, so exports read as their readers write. */
import type { Locale } from './export-input.js';

/** Digit groups: a narrow no-break space in French, a comma in English. */
const GROUP_SEPARATOR: { readonly [L in Locale]: string } = { fr: '\u202f', en: ',' };

/** French puts a no-break space before a colon, English none. */
const BEFORE_COLON: { readonly [L in Locale]: string } = { fr: '\u00a0', en: '' };

/** A non-negative integer with the locale's digit groups: "1 234" or "1,234". Never throws. */
export function groupedInteger(value: number, locale: Locale): string {
  return String(value).replace(/\B(?=(\d{3})+$)/g, GROUP_SEPARATOR[locale]);
}

/** "Total : 12" in French, "Total: 12" in English. Never throws. */
export function labelled(label: string, value: string, locale: Locale): string {
  return `${label}${BEFORE_COLON[locale]}: ${value}`;
}
