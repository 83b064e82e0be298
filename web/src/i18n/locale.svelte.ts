import type { Locale } from '../../../crypto/testimony.js';
import { catalogues, preferredLocale } from './index.js';

function browserLanguages(): readonly string[] {
  return navigator.languages?.length ? navigator.languages : [navigator.language ?? ''];
}

class LocaleState {
  current = $state<Locale>(preferredLocale(browserLanguages()));
  messages = $derived(catalogues[this.current]);
  other: Locale = $derived(this.current === 'fr' ? 'en' : 'fr');

  /** Integers written the way the reader expects (1 234 or 1,234). */
  number(value: number): string {
    return new Intl.NumberFormat(this.current).format(value);
  }
}

/** The one interface language, chosen at start and changed only by the visible switch. */
export const locale = new LocaleState();
