import type { Finding } from './kinds.js';

const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const IPV4 = `${OCTET}(?:\\.${OCTET}){3}(?:/[0-9]{1,2})?`;
// Full and "::"-shortened forms; at least three groups so "12:30" or "a:b" never match.
const IPV6 = '(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,6}(?::[0-9a-f]{1,4}){1,6}|(?:[0-9a-f]{1,4}:){2,7}:|::(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4}';
// The lookahead lets ordinary words fail at once: an address starts with a group then "." or ":".
const IP = new RegExp(`(?<![0-9a-z.:])(?=[0-9a-f]{1,4}[.:]|::)(?:${IPV4}|${IPV6})(?![0-9a-z]|\\.[0-9]|:[0-9a-f])`, 'gi');
// "version 1.2.3.4", "v1.2.3.4": a software version, not an address.
const VERSION_BEFORE = /(?:^|[^\p{L}])(?:version|v\.?) ?$/iu;

/** IPv4 and IPv6 addresses in `text`. */
export function findIps(text: string): Finding[] {
  const found: Finding[] = [];
  for (const match of text.matchAll(IP)) {
    if (match[0].includes(':') && !/[0-9]/.test(match[0])) continue;
    if (VERSION_BEFORE.test(text.slice(Math.max(0, match.index - 8), match.index))) continue;
    found.push({ kind: 'ip', start: match.index, end: match.index + match[0].length });
  }
  return found;
}
