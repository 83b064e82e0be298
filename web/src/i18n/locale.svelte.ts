import type { Locale } from '../../../crypto/testimony.js';
import { catalogues, preferredLocale } from './index.js';

function browserLanguages(): readonly string[] {
  return navigator.languages?.length ? navigator.languages : [navigator.language ?? ''];
}

/** An interface language, chosen at start from the browser's and changed only by a visible switch. */
export class LocaleState<Messages> {
  current = $state<Locale>(preferredLocale(browserLanguages()));
  other: Locale = $derived(this.current === 'fr' ? 'en' : 'fr');

  constructor(private readonly catalogues: { readonly [L in Locale]: Messages }) {}

  get messages(): Messages {
    return this.catalogues[this.current];
  }

  /** Integers written the way the reader expects (1 234 or 1,234). */
  number(value: number): string {
    return new Intl.NumberFormat(this.current).format(value);
  }
}

/** The submission page's language. */
export const locale = new LocaleState(catalogues);
