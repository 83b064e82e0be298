import { fromUtf8, utf8 } from './bytes.js';
import { MAX_PAYLOAD } from './padding.js';

export const TESTIMONY_VERSION = 1;
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
/** Question ids name answers: short, lower case, safe in any file name or CSV header. */
export const QUESTION_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const MAX_ANSWERS = 64;
export const MAX_CHOICES = 32;

/** One answer: a choice or a short text, or the choices ticked of a multiple-choice question. */
export type Answer = string | readonly string[];

/** What the employee wrote, as it travels inside the envelope, and only there. */
export interface Testimony {
  v: 1;
  campaign: string;
  locale: Locale;
  text: string;
  /** Answers to the campaign's questions by question id; absent when it asked none. */
  answers?: Readonly<Record<string, Answer>>;
}

function isAnswer(value: unknown): value is Answer {
  if (typeof value === 'string') return true;
  return Array.isArray(value) && value.length <= MAX_CHOICES && value.every((v) => typeof v === 'string') && new Set(value).size === value.length;
}

function validAnswers(answers: unknown): answers is Record<string, Answer> {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) return false;
  const entries = Object.entries(answers);
  return entries.length <= MAX_ANSWERS && entries.every(([id, value]) => QUESTION_ID.test(id) && isAnswer(value));
}

/**
 * Throws 'invalid testimony' for a locale outside LOCALES or malformed answers, 'payload too
 * large' past MAX_PAYLOAD. Empty answers are left out, so a testimony without questions keeps
 * the four-field form.
 */
export function encodeTestimony(t: Omit<Testimony, 'v'>): Uint8Array {
  if (!(LOCALES as readonly string[]).includes(t.locale) || typeof t.text !== 'string' || typeof t.campaign !== 'string') {
    throw new Error('invalid testimony');
  }
  if (t.answers !== undefined && !validAnswers(t.answers)) throw new Error('invalid testimony');
  const value: Testimony = { v: TESTIMONY_VERSION, campaign: t.campaign, locale: t.locale, text: t.text };
  if (t.answers !== undefined && Object.keys(t.answers).length > 0) value.answers = t.answers;
  const bytes = utf8(JSON.stringify(value));
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
    (LOCALES as readonly string[]).includes(value.locale) &&
    (value.answers === undefined || validAnswers(value.answers));
  if (!ok) throw new Error('invalid testimony');
  const testimony: Testimony = { v: 1, campaign: value.campaign, locale: value.locale, text: value.text };
  if (value.answers !== undefined && Object.keys(value.answers).length > 0) testimony.answers = value.answers;
  return testimony;
}
