import { fromUtf8, utf8 } from './bytes.js';
import { MAX_PAYLOAD } from './padding.js';

export const TESTIMONY_VERSION = 1;
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** What the employee wrote, as it travels inside the envelope, and only there. */
export interface Testimony {
  v: 1;
  campaign: string;
  locale: Locale;
  text: string;
}

/** Throws 'invalid testimony' for a locale outside LOCALES, 'payload too large' past MAX_PAYLOAD. */
export function encodeTestimony(t: Omit<Testimony, 'v'>): Uint8Array {
  if (!(LOCALES as readonly string[]).includes(t.locale) || typeof t.text !== 'string' || typeof t.campaign !== 'string') {
    throw new Error('invalid testimony');
  }
  const bytes = utf8(JSON.stringify({ v: TESTIMONY_VERSION, campaign: t.campaign, locale: t.locale, text: t.text }));
  if (bytes.length > MAX_PAYLOAD) throw new Error('payload too large');
  return bytes;
}

/** Throws 'invalid testimony' when the decrypted payload is not a version 1 testimony. */
export function decodeTestimony(bytes: Uint8Array): Testimony {
  let value: Testimony;
  try {
    value = JSON.parse(fromUtf8(bytes));
  } catch {
    throw new Error('invalid testimony');
  }
  const ok =
    typeof value === 'object' && value !== null && value.v === TESTIMONY_VERSION &&
    typeof value.campaign === 'string' && typeof value.text === 'string' &&
    (LOCALES as readonly string[]).includes(value.locale);
  if (!ok) throw new Error('invalid testimony');
  return { v: 1, campaign: value.campaign, locale: value.locale, text: value.text };
}
