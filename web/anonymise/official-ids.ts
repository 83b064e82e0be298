/**
 * Numbers that carry their own check: the NIR (social security number) and its key, the IBAN
 * and its mod-97, the SIRET/SIREN and their Luhn sum. A number of the right shape whose check
 * fails is not reported as that kind: it is more often something else (an order number, an amount).
 */
import type { Finding } from './kinds.js';
import { sirenOrSiretValid } from './luhn.js';

/** How the NIR and the IBAN are checked: by their libraries (detect) or by shape alone (hint). */
export interface ChecksumRules {
  /** 15 characters, spaces removed. */
  nir(compact: string): boolean;
  /** Spaces removed, any case. */
  iban(compact: string): boolean;
}

const GAP = '(?: ?[.-]? ?)';
const NIR = new RegExp(
  `(?<![\\p{L}\\p{N}])[1-478]${GAP}[0-9]{2}${GAP}[0-9]{2}${GAP}(?:[0-9]{2}|2[AaBb])${GAP}[0-9]{3}${GAP}[0-9]{3}${GAP}[0-9]{2}(?![\\p{L}\\p{N}])`,
  'gu',
);
const IBAN = /(?<![\p{L}\p{N}])[A-Za-z]{2}[0-9]{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,4})?(?![\p{L}\p{N}])/gu;
const SIREN_OR_SIRET = /(?<![\p{L}\p{N}]|[0-9][ .])[0-9]{3}[ .]?[0-9]{3}[ .]?[0-9]{3}(?:[ .]?[0-9]{5})?(?![\p{L}\p{N}]|[ .][0-9])/gu;

const compact = (s: string) => s.replace(/[ .-]/g, '');

function findNirs(text: string, rules: ChecksumRules, found: Finding[]): void {
  for (const match of text.matchAll(NIR)) {
    if (rules.nir(compact(match[0]))) found.push({ kind: 'nir', start: match.index, end: match.index + match[0].length });
  }
}

function findIbans(text: string, rules: ChecksumRules, found: Finding[]): void {
  for (const match of text.matchAll(IBAN)) {
    // The last groups may be words that follow the IBAN ("… 189 pour"): drop them until it checks.
    let candidate = match[0];
    for (let drop = 0; drop < 3 && candidate.length >= 15; drop++) {
      if (rules.iban(compact(candidate))) {
        found.push({ kind: 'iban', start: match.index, end: match.index + candidate.length });
        break;
      }
      candidate = candidate.replace(/ ?[A-Za-z0-9]{1,4}$/, '');
    }
  }
}

function findSirets(text: string, found: Finding[]): void {
  for (const match of text.matchAll(SIREN_OR_SIRET)) {
    if (sirenOrSiretValid(compact(match[0]))) found.push({ kind: 'siret', start: match.index, end: match.index + match[0].length });
  }
}

/** NIRs, IBANs, SIRETs and SIRENs in `text` (spaces already unified) whose check holds. */
export function findOfficialIds(text: string, rules: ChecksumRules): Finding[] {
  const found: Finding[] = [];
  findNirs(text, rules, found);
  findIbans(text, rules, found);
  findSirets(text, found);
  return found;
}
