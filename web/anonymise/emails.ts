import type { Finding } from './kinds.js';

// "@", or the "[at]" / "(at)" people type to dodge address harvesters. Found first, then the
// address is read outwards from it: a text without one costs a single scan.
const AT_SIGN = /@| ?[[(]at[\])] ?/gi;
const LOCAL_CHAR = /[\p{L}\p{N}._%+-]/u;
const LONGEST_LOCAL_PART = 64;
const DOMAIN = /[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63})*\.\p{L}{2,24}(?![\p{L}\p{N}-])/uy;

/** E-mail addresses in `text`. */
export function findEmails(text: string): Finding[] {
  const found: Finding[] = [];
  for (const at of text.matchAll(AT_SIGN)) {
    let start = at.index;
    while (start > 0 && at.index - start < LONGEST_LOCAL_PART && LOCAL_CHAR.test(text[start - 1])) start--;
    if (start === at.index || (start > 0 && LOCAL_CHAR.test(text[start - 1]))) continue;
    DOMAIN.lastIndex = at.index + at[0].length;
    const domain = DOMAIN.exec(text);
    if (domain) found.push({ kind: 'email', start, end: DOMAIN.lastIndex });
  }
  return found;
}
