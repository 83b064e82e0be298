import type { Locale } from '../../../crypto/testimony.js';
import { en } from './en.js';
import { fr, type TransparencyMessages } from './fr.js';

export type { TransparencyMessages };

export const transparencyCatalogues: { readonly [L in Locale]: TransparencyMessages } = { fr, en };
