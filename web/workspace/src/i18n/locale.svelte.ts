import type { Locale } from '../../../../crypto/testimony.js';
import { catalogues, preferredLocale } from './index.js';

class LocaleState {
  current = $state<Locale>(preferredLocale(navigator.languages?.length ? navigator.languages : [navigator.language ?? '']));
  messages = $derived(catalogues[this.current]);
  other: Locale = $derived(this.current === 'fr' ? 'en' : 'fr');

  number(value: number): string {
    return new Intl.NumberFormat(this.current).format(value);
  }
}

/** The interface language, chosen at start and changed only by the visible switch. */
export const locale = new LocaleState();
