/**
 * Anonymous follow-up (docs/FORMATS.md §14, "Receipt and follow-up mailbox"). A receipt is a code shown
 * once to the person who testified; from it alone the browser derives a mailbox key, whose
 * public half travels inside the testimony's envelope. Delegates reply by sealing to that
 * key; the server files replies under the key's id and cannot link them to any testimony.
 */
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from './bytes.js';
import { openEnvelope, sealEnvelope } from './envelope.js';
import { labelledHash } from './hash.js';
import { decodePublicKey, encodePublicKey, keyFromSecrets, keyId, type PublicKey, type SecretKey } from './keys.js';
import { SIGNATURE_TEXT, signDetached, verifyStrict, type SigningKey } from './signature.js';
import { LOCALES, type Locale } from './testimony.js';

/** Crockford's base32: no I, L, O or U, so nothing written by hand reads as two characters. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_CHARS = 19;
const RECEIPT_CHARS = RANDOM_CHARS + 1;
/** How a receipt is shown and written down: five groups of four. */
export const RECEIPT_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){4}$/;
/**
 * PBKDF2-HMAC-SHA256 rounds: about a second on a slow phone, once per visit. The receipt's 95
 * random bits are what protect a mailbox; the rounds add about 19 bits against someone who
 * tries receipts against the mailbox ids a seized database holds.
 */
export const RECEIPT_ROUNDS = 600_000;
// A message quoting this many characters of its own receipt in a row gives most of it away.
const QUOTED_RECEIPT_CHARS = 10;

export type ReceiptProblem = 'length' | 'character' | 'check';

// GF(2^5) modulo x^5 + x^2 + 1: x generates every non-zero element, so the weights below differ.
function timesX(value: number): number {
  return value & 16 ? ((value << 1) ^ 0b100101) : value << 1;
}

/**
 * Σ x^(n-1-i)·cᵢ over GF(32), by Horner's rule. A receipt's 20 characters sum to zero: changing
 * one character, or swapping any two different ones, changes the sum, since every position has
 * its own non-zero weight. A hash would let one typo in 32 through.
 */
function weightedSum(chars: string): number {
  let sum = 0;
  for (const c of chars) sum = timesX(sum) ^ ALPHABET.indexOf(c);
  return sum;
}

// The character that brings the 20-character sum to zero: x·sum(random) ⊕ check = 0.
function checkChar(random: string): string {
  return ALPHABET[timesX(weightedSum(random))];
}

function grouped(chars: string): string {
  return chars.match(/.{4}/g)!.join('-');
}

// What people write for a character they misread: O for zero, I or L for one.
function canonicalChars(text: string): string {
  return text.toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** A fresh receipt in its display form, 95 random bits and a check character. */
export function generateReceipt(): string {
  // 256 is a multiple of 32, so the low five bits of a random byte are uniform.
  const bytes = crypto.getRandomValues(new Uint8Array(RANDOM_CHARS));
  const random = Array.from(bytes, (b) => ALPHABET[b & 31]).join('');
  bytes.fill(0);
  return grouped(random + checkChar(random));
}

/**
 * Reads a receipt as typed: any case, with or without spaces and dashes, O read as zero and I
 * or L as one. Says which problem there is rather than guessing: a wrong length, a character
 * outside the alphabet, or a check character that does not match (a typo).
 */
export function readReceipt(text: string): { ok: true; receipt: string } | { ok: false; problem: ReceiptProblem } {
  const chars = canonicalChars(String(text).replace(/[\s-]/g, ''));
  if (chars.length !== RECEIPT_CHARS) return { ok: false, problem: 'length' };
  if (![...chars].every((c) => ALPHABET.includes(c))) return { ok: false, problem: 'character' };
  if (weightedSum(chars) !== 0) return { ok: false, problem: 'check' };
  return { ok: true, receipt: grouped(chars) };
}

/**
 * The mailbox key a receipt stands for. Throws 'invalid receipt' for anything readReceipt
 * refuses, and 'no webcrypto' where the browser offers no PBKDF2 (pages served without TLS).
 */
export async function mailboxKey(receipt: string): Promise<SecretKey> {
  const read = readReceipt(receipt);
  if (!read.ok) throw new Error('invalid receipt');
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('no webcrypto');
  const password = await subtle.importKey('raw', utf8(read.receipt.replace(/-/g, '')), 'PBKDF2', false, ['deriveBits']);
  const bits = new Uint8Array(
    await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: utf8('parole/v1/receipt'), iterations: RECEIPT_ROUNDS }, password, 512),
  );
  const key = keyFromSecrets(bits.subarray(0, 32), bits.subarray(32, 64));
  bits.fill(0);
  return key;
}

/** What replies are filed under on the server: the mailbox key's id. */
export function mailboxId(key: PublicKey): string {
  return keyId(key);
}

/** True when the text quotes the receipt, or enough of it in a row to give most of it away. */
export function containsReceipt(text: string, receipt: string): boolean {
  const read = readReceipt(receipt);
  if (!read.ok || typeof text !== 'string') return false;
  const chars = read.receipt.replace(/-/g, '');
  const written = canonicalChars(text).replace(/[^0-9A-Z]/g, '');
  for (let at = 0; at + QUOTED_RECEIPT_CHARS <= chars.length; at++) {
    if (written.includes(chars.slice(at, at + QUOTED_RECEIPT_CHARS))) return true;
  }
  return false;
}

/** What a follow-up signs: the page it was sent from, its language and its text. */
export interface FollowUpContent {
  campaign: string;
  locale: Locale;
  text: string;
}

function followUpDigest(f: FollowUpContent): Uint8Array {
  return labelledHash('parole/v1/follow-up', utf8(JSON.stringify([f.campaign, f.locale, f.text])));
}

/**
 * Signs a follow-up with the mailbox key, so that delegates file it in the right thread only
 * when it comes from the receipt holder: nobody else knows the key, not even the server.
 * Throws 'invalid secret key' for a seed that is not 32 bytes, 'invalid testimony' for a
 * campaign or text that is not a string or a locale outside LOCALES.
 */
export function signFollowUp(key: SecretKey, f: FollowUpContent): string {
  const seed = key?.signSeed;
  if (typeof f?.campaign !== 'string' || typeof f.text !== 'string' || !(LOCALES as readonly string[]).includes(f.locale)) {
    throw new Error('invalid testimony');
  }
  return toBase64Url(signDetached(followUpDigest(f), seed));
}

/** True when the signature is the mailbox key's over this follow-up; never throws. */
export function verifyFollowUp(mailbox: PublicKey, f: FollowUpContent, signature: string): boolean {
  try {
    return verifyStrict(followUpDigest(f), fromBase64Url(signature), mailbox);
  } catch {
    return false;
  }
}

/** A delegate's reply, as the receipt holder reads it. */
export interface Reply {
  text: string;
  /** When the delegate wrote it, by the delegate's clock (ISO 8601); the server keeps the day only. */
  sent: string;
  /** The key id of the delegate who signed it. */
  from: string;
  signature: string;
}

const SENT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?Z$/;
const KEY_ID = /^[0-9a-f]{16}$/;

// SENT lets 2026-13-45T99:99Z through; a real instant, written out in full, reads back the same from Date.
function isSentTime(value: unknown): value is string {
  const match = typeof value === 'string' ? SENT.exec(value) : null;
  if (!match) return false;
  const full = `${match[1]}:${match[2] ?? '00'}.${(match[3] ?? '').padEnd(3, '0')}Z`;
  const time = Date.parse(full);
  return !Number.isNaN(time) && new Date(time).toISOString() === full;
}

// The mailbox id is signed too, so that a reply cannot be sealed again to another mailbox.
function replyDigest(mailbox: PublicKey, r: { text: string; sent: string }): Uint8Array {
  return labelledHash('parole/v1/reply', utf8(JSON.stringify([mailboxId(mailbox), r.text, r.sent])));
}

// A delegate signs only for a key a reply could be sealed to: right lengths, not low order, not weak.
function checkedMailbox(mailbox: PublicKey): PublicKey {
  try {
    return decodePublicKey(encodePublicKey(mailbox));
  } catch {
    throw new Error('invalid public key');
  }
}

/**
 * The reply payload, signed by the delegate for this mailbox alone. Throws 'invalid reply' on a
 * malformed or impossible time or a text that is not a string, 'invalid secret key' for a seed
 * that is not 32 bytes, and 'invalid public key' for a mailbox that is not a key.
 */
export function encodeReply(r: { text: string; sent: string }, from: SigningKey, mailbox: PublicKey): Uint8Array {
  if (typeof r?.text !== 'string' || !isSentTime(r.sent)) throw new Error('invalid reply');
  const signature = toBase64Url(signDetached(replyDigest(checkedMailbox(mailbox), r), from.signSeed));
  return utf8(JSON.stringify({ v: 1, text: r.text, sent: r.sent, from: keyId(from), signature }));
}

/** Throws 'invalid reply' unless the bytes are a version 1 reply payload; the signature is not checked here. */
export function decodeReply(bytes: Uint8Array): Reply {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(fromUtf8(bytes));
  } catch {
    throw new Error('invalid reply');
  }
  const ok =
    typeof value === 'object' && value !== null && value.v === 1 && typeof value.text === 'string' &&
    isSentTime(value.sent) &&
    typeof value.from === 'string' && KEY_ID.test(value.from) &&
    typeof value.signature === 'string' && SIGNATURE_TEXT.test(value.signature);
  if (!ok) throw new Error('invalid reply');
  return { text: value.text as string, sent: value.sent as string, from: value.from as string, signature: value.signature as string };
}

/** True when this delegate key signed the reply for this mailbox; never throws. */
export function verifyReply(reply: Reply, delegate: PublicKey, mailbox: PublicKey): boolean {
  try {
    return reply.from === keyId(delegate) && verifyStrict(replyDigest(mailbox, reply), fromBase64Url(reply.signature), delegate);
  } catch {
    return false;
  }
}

/** The envelope a delegate files: the signed reply, sealed to the mailbox key alone. */
export function sealReply(r: { text: string; sent: string }, from: SigningKey, mailbox: PublicKey): Uint8Array<ArrayBuffer> {
  return sealEnvelope(encodeReply(r, from, mailbox), [mailbox]);
}

/**
 * Opens a reply envelope with the mailbox key. Null when it is not sealed to this mailbox;
 * throws 'invalid reply' when it is damaged or not a reply.
 */
export function openReply(envelope: Uint8Array, mailbox: SecretKey): Reply | null {
  let payload: Uint8Array | null;
  try {
    payload = openEnvelope(envelope, mailbox);
  } catch {
    throw new Error('invalid reply');
  }
  return payload === null ? null : decodeReply(payload);
}
