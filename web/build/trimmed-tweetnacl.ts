import type { Plugin } from 'vite';

/**
 * tweetnacl is one CommonJS object, so a bundler keeps every member and everything they call.
 * This plugin hands the bundler an ES module built from the installed nacl.js at build time:
 * the same source, with the public members nobody calls removed, so that code only they reach
 * drops out of the page. It only deletes whole `nacl.member = …` statements; the primitives are
 * never edited. It throws rather than guess when the source is not the one it was written for.
 */

const WRAPPER_OPEN = '(function(nacl) {';
const WRAPPER_CLOSE = "})(typeof module !== 'undefined' && module.exports ? module.exports : (self.nacl = self.nacl || {}));";
// The PRNG initialiser that follows the public members; it calls nacl.setPRNG.
const PRNG_INIT = '(function() {';
const MEMBER = /^nacl\.([\w.]+) = /;

/**
 * `keep` names members as written after `nacl.` (`secretbox.open`, `lowlevel.crypto_core_hsalsa20`).
 * A kept member keeps its parents; `setPRNG` is always kept because the initialiser calls it.
 */
export function trimTweetnacl(source: string, keep: readonly string[]): string {
  const lines = source.replace(/\r\n/g, '\n').trimEnd().split('\n');
  if (lines[0] !== WRAPPER_OPEN || lines.at(-1) !== WRAPPER_CLOSE) throw new Error('tweetnacl: unexpected wrapper');

  const wanted = new Set(['setPRNG']);
  const lowlevel: string[] = [];
  for (const name of keep) {
    if (name.startsWith('lowlevel.')) {
      lowlevel.push(name.slice('lowlevel.'.length));
      continue;
    }
    const parts = name.split('.');
    parts.forEach((_, i) => wanted.add(parts.slice(0, i + 1).join('.')));
  }

  const out = ['const nacl = {};'];
  const found = new Set<string>();
  let i = 1;
  while (i < lines.length - 1) {
    const member = MEMBER.exec(lines[i])?.[1];
    if (member === undefined) {
      out.push(lines[i++]);
      continue;
    }
    // A member is one line ending in `;`, or runs to the first line that is exactly `};`.
    let end = i;
    if (!lines[i].endsWith(';')) {
      while (end < lines.length - 1 && lines[end] !== '};') end++;
      if (lines[end] !== '};') throw new Error(`tweetnacl: unterminated member ${member}`);
    }
    if (found.has(member)) throw new Error(`tweetnacl: member ${member} defined twice`);
    found.add(member);
    if (member === 'lowlevel') {
      if (lowlevel.length > 0) out.push(`nacl.lowlevel = { ${lowlevel.map((f) => `${f}: ${f}`).join(', ')} };`);
    } else if (wanted.has(member)) {
      out.push(...lines.slice(i, end + 1));
    }
    i = end + 1;
  }
  out.push('export default nacl;');

  const missing = [...wanted].filter((name) => !found.has(name));
  if (missing.length > 0) throw new Error(`tweetnacl: no member ${missing.join(', ')}`);
  if (lowlevel.length > 0 && !found.has('lowlevel')) throw new Error('tweetnacl: no lowlevel namespace');
  const trimmed = out.join('\n');
  // A kept member that reads a removed one would fail only when called: refuse it here instead.
  for (const name of found) {
    if (wanted.has(name) || name === 'lowlevel') continue;
    if (new RegExp(`\\bnacl\\.${name.replace(/\./g, '\\.')}(?![\\w.])`).test(trimmed)) throw new Error(`tweetnacl: ${name} is removed but still read`);
  }
  if (!trimmed.includes(PRNG_INIT)) throw new Error('tweetnacl: no PRNG initialiser');
  return trimmed;
}

/** Serves `node_modules/tweetnacl/nacl.js` trimmed to `keep` (see `trimTweetnacl`). */
export function trimmedTweetnacl(keep: readonly string[]): Plugin {
  return {
    name: 'parole:trimmed-tweetnacl',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]tweetnacl[\\/]nacl\.js$/.test(id.split('?')[0])) return null;
      return { code: trimTweetnacl(code, keep), map: null };
    },
  };
}

/**
 * Every tweetnacl member the page's crypto/ modules call (envelope, sealedbox, keys, signature);
 * the rest of the object, and code only it reaches, stays out of the bundle.
 */
export const PAGE_NACL_MEMBERS = [
  'randomBytes',
  'secretbox.open',
  'scalarMult',
  'box.before',
  'box.keyPair.fromSecretKey',
  'sign.keyPair.fromSeed',
  'sign.detached.verify',
  'sign.seedLength',
  'sign.publicKeyLength',
  'sign.signatureLength',
  'lowlevel.crypto_core_hsalsa20',
];
