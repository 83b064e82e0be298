import { LocaleState } from '../../../src/i18n/locale.svelte.js';
import { countedMessage, type CountedKey } from './counted.js';
import { catalogues } from './index.js';

/** The workspace's language. */
export const locale = new LocaleState(catalogues);

/** The message `key` agreeing with `count` in the current language (counted.ts), the count written as the reader writes numbers. */
export function counted(key: CountedKey, count: number, values: Record<string, string> = {}): string {
  return countedMessage(locale.messages, locale.current, key, count, locale.number(count), values);
}
