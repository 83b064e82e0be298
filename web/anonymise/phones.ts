/**
 * French phone numbers as people write them: 06 12 34 56 78, 06.12.34.56.78, 06-12-34-56-78,
 * 06/12/34/56/78, 0612345678, +33 6 12 34 56 78, +33 (0)6 12…, 0033 6 12…, and other countries' +NN numbers.
 *
 * A pattern rather than awesome-phonenumber: that library weighs about 75 KB gzipped (all of
 * libphonenumber's metadata), twice the whole submission page, to tell apart number ranges
 * a testimony never needs told apart: any number in these shapes is someone's.
 */
import type { Finding } from './kinds.js';

const SEP = '[ .\\/-]?';
const PAIR = `(?:${SEP}[0-9]{2})`;
const FRENCH = `(?:(?:\\+|00)33${SEP}(?:\\(0\\)${SEP})?|0)[1-9]${PAIR}{4}`;
// Separators vary ("06 12 34 56 78", "06 123 456 78"): eight more digits, grouped any way.
const FRENCH_LOOSE = `0[1-9](?:[ .]?[0-9]){8}`;
const INTERNATIONAL = `\\+(?!33)[1-9][0-9]{0,2}${SEP}(?:\\(0\\)${SEP})?[0-9](?:${SEP}[0-9]){6,11}`;
// Not the tail of a longer run of digits (a NIR, an IBAN, an amount) nor glued to more digits
// or a clock ("06/12/2024 14:30" is a date and a time).
const PHONE = new RegExp(`(?<![0-9+][ ./\\-]?|[\\p{L}_])(?:${FRENCH}|${FRENCH_LOOSE}|${INTERNATIONAL})(?![0-9]|[./:\\-][0-9]|[\\p{L}_])`, 'gu');

/** Phone numbers in `text` (spaces already unified). */
export function findPhones(text: string): Finding[] {
  const found: Finding[] = [];
  for (const match of text.matchAll(PHONE)) found.push({ kind: 'phone', start: match.index, end: match.index + match[0].length });
  return found;
}
