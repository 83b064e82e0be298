import { LocaleState } from '../../../src/i18n/locale.svelte.js';
import { catalogues } from './index.js';

/** The workspace's language. */
export const locale = new LocaleState(catalogues);
