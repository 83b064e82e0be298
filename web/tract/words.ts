import { wordlist } from '@scure/bip39/wordlists/french.js';
import { normaliseFingerprint } from '../../crypto/keys.js';
import { TractError } from './errors.js';

const FINGERPRINT_BITS = 80n;
const WORD_BITS = 11n;
const WORD_COUNT = 8n;
// 8 words of 11 bits hold 88 bits: the 80 of the fingerprint, then 8 zero bits.
const PADDING_BITS = WORD_BITS * WORD_COUNT - FINGERPRINT_BITS;

/**
 * A fingerprint as 8 French words, easier than hex to read aloud and compare
 * (docs/FORMATS.md, "Tract link and fingerprint words"): the 10 bytes read as one big-endian
 * 80-bit number, followed by 8 zero bits, cut into 8 groups of 11 bits from the most
 * significant; each group indexes the BIP39 French list (2048 words). The last word so carries
 * only 3 bits of the fingerprint. Words are returned in NFC (the list is stored in NFD).
 * Accepts a loose fingerprint (any case, spaces, dashes); throws TractError('invalid_fingerprint').
 */
export function fingerprintWords(fp: string): string[] {
  const normal = normaliseFingerprint(fp);
  if (normal === null) throw new TractError('invalid_fingerprint');
  const bits = BigInt('0x' + normal.replace(/-/g, '')) << PADDING_BITS;
  const words: string[] = [];
  for (let i = WORD_COUNT - 1n; i >= 0n; i--) {
    const index = Number((bits >> (i * WORD_BITS)) & ((1n << WORD_BITS) - 1n));
    words.push(wordlist[index].normalize('NFC'));
  }
  return words;
}
