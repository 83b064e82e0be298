import type { Locale } from '../../../crypto/testimony.js';
import { en } from './en.js';
import { fr, type FollowUpMessages } from './fr.js';

export type { FollowUpMessages };

export const followUpCatalogues: { readonly [L in Locale]: FollowUpMessages } = { fr, en };
