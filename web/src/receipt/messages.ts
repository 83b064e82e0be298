import type { Locale } from '../../../crypto/testimony.js';
import { en } from './en.js';
import { fr, type ReceiptMessages } from './fr.js';

export type { ReceiptMessages };

export const receiptCatalogues: { readonly [L in Locale]: ReceiptMessages } = { fr, en };
