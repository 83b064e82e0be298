/**
 * Postcodes where the context says they are one: next to a city ("75011 Paris", "Villeurbanne,
 * 69100"), announced ("code postal 69200", "j'habite au 13008"), or right after an address.
 * Five digits alone are as often an amount, a reference or a count.
 */
import type { Finding } from './kinds.js';

const POSTCODE = /(?<![\p{L}\p{N}]|[0-9][ .])(?:0[1-9]|[1-8][0-9]|9[0-5]|97[1-6]|98[0-9])[0-9]{3}(?![\p{L}\p{N}]|[ .,][0-9])/gu;
const CITY_AFTER = /^[ ,]+(?:\p{Lu}[\p{L}\p{M}'-]*|cedex)/u;
const CITY_BEFORE = /\p{Lu}[\p{L}\p{M}'-]+,? $/u;
const POSTCODE_CUE = /(?:code postal|c\.? ?p\.?|cp|habite|habitons|domicil\w*|r[ée]sid\w*|vi[st] (?:à|a|au))[ :]*(?:à |a |au |dans le )?$/i;

/** Postcodes next to a city ("75011 Paris", "Villeurbanne, 69100"), announced as such, or right after an address. */
export function findPostcodes(text: string, addresses: readonly Finding[]): Finding[] {
  const found: Finding[] = [];
  for (const match of text.matchAll(POSTCODE)) {
    const start = match.index;
    const end = start + match[0].length;
    const before = text.slice(Math.max(0, start - 25), start);
    const afterAddress = addresses.some((a) => a.end <= start && /^[ ,-]*$/.test(text.slice(a.end, start)));
    const cityAround = CITY_AFTER.test(text.slice(end, end + 40)) || CITY_BEFORE.test(before);
    if (afterAddress || cityAround || POSTCODE_CUE.test(before)) {
      found.push({ kind: 'postcode', start, end });
    }
  }
  return found;
}
