import type { Locale } from '../../../../crypto/testimony.js';
import { en } from './en.js';
import { fr, type Messages } from './fr.js';

export { en, fr };
export type { MessageKey, Messages } from './fr.js';
export { format, preferredLocale } from '../../../src/i18n/index.js';

export const catalogues: { readonly [L in Locale]: Messages } = { fr, en };
