import { fromUtf8, utf8 } from './bytes.js';
import { LOCALES, MAX_CHOICES, QUESTION_ID, type Answer, type Locale } from './campaign.js';
import { decodePublicKey } from './keys.js';
import { MAX_PAYLOAD } from './padding.js';
import { SIGNATURE_TEXT } from './signature.js';

export { LOCALES, MAX_CHOICES, QUESTION_ID, type Answer, type Locale };
export const TESTIMONY_VERSION = 1;
export const MAX_ANSWERS = 64;

/** What the employee wrote, as it travels inside the envelope, and only there. */
export interface Testimony {
  v: 1;
  campaign: string;
  locale: Locale;
  text: string;
  /** Answers to the campaign's questions by question id; absent when it asked none. */
  answers?: Readonly<Record<string, Answer>>;
  /** The follow-up mailbox's public key (`parole-pk1:` form), when the writer took a receipt. */
  mailbox?: string;
  /**
   * Present on a follow-up only: the mailbox key's signature over campaign, locale and text
   * (crypto/mailbox.ts), so delegates thread it under the testimony that gave that mailbox.
   */
  followUp?: string;
}

function isMailbox(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    decodePublicKey(value);
    return true;
  } catch {
    return false;
  }
}

// A follow-up answers no question and always names its mailbox.
function validThread(t: { answers?: unknown; mailbox?: unknown; followUp?: unknown }): boolean {
  if (t.mailbox !== undefined && !isMailbox(t.mailbox)) return false;
  if (t.followUp === undefined) return true;
  return typeof t.followUp === 'string' && SIGNATURE_TEXT.test(t.followUp) && t.mailbox !== undefined && t.answers === undefined;
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
 * Throws 'invalid testimony' for a locale outside LOCALES, malformed answers, a mailbox that is
 * not a public key, or a follow-up without a mailbox or with answers; 'payload too large' past
 * MAX_PAYLOAD. Empty answers are left out, so a testimony without questions keeps the
 * four-field form.
 */
export function encodeTestimony(t: Omit<Testimony, 'v'>): Uint8Array {
  if (!(LOCALES as readonly string[]).includes(t.locale) || typeof t.text !== 'string' || typeof t.campaign !== 'string') {
    throw new Error('invalid testimony');
  }
  if (t.answers !== undefined && !validAnswers(t.answers)) throw new Error('invalid testimony');
  const answers = t.answers !== undefined && Object.keys(t.answers).length > 0 ? t.answers : undefined;
  if (!validThread({ ...t, answers })) throw new Error('invalid testimony');
  const value: Testimony = { v: TESTIMONY_VERSION, campaign: t.campaign, locale: t.locale, text: t.text };
  if (answers !== undefined) value.answers = answers;
  if (t.mailbox !== undefined) value.mailbox = t.mailbox;
  if (t.followUp !== undefined) value.followUp = t.followUp;
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
  // An empty set of answers reads as none, here as when writing, before the follow-up rule.
  const answers = ok && value.answers !== undefined && Object.keys(value.answers).length > 0 ? value.answers : undefined;
  if (!ok || !validThread({ ...value, answers })) throw new Error('invalid testimony');
  const testimony: Testimony = { v: 1, campaign: value.campaign, locale: value.locale, text: value.text };
  if (answers !== undefined) testimony.answers = answers;
  if (value.mailbox !== undefined) testimony.mailbox = value.mailbox;
  if (value.followUp !== undefined) testimony.followUp = value.followUp;
  return testimony;
}
