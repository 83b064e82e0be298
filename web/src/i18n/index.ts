import type { Locale } from '../../../crypto/testimony.js';
import { en } from './en.js';
import { fr, type Messages } from './fr.js';

export { en, fr };
export type { MessageKey, Messages } from './fr.js';

export const catalogues: { readonly [L in Locale]: Messages } = { fr, en };

/** Fills `{name}` placeholders; an unknown name stays as written so a gap shows in review. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

/** French unless the browser lists English before any French variant. */
export function preferredLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'fr' || base === 'en') return base;
  }
  return 'fr';
}

/** A delegate's wording in the reader's language, or in French, the language always filled in. */
export function worded(wording: Readonly<Record<Locale, string>>, current: Locale): string {
  return wording[current] || wording.fr;
}
