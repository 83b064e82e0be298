/**
 * Every detector that loads no word list (lexicon.ts), run over one text: the base the full
 * detector adds its list-based names and terms to. The submission page's hint runs most of the
 * same finders, more loosely (hint.ts).
 */
import { findAddresses } from './addresses.js';
import { findDates } from './dates.js';
import { findEmails } from './emails.js';
import { findEmployeeIds } from './employee-ids.js';
import { identifyingParameter } from './identifying-parameters.js';
import { findIps } from './ips.js';
import type { Finding } from './kinds.js';
import { findCapitalConventionNames, findTitledNames, type OrdinaryWord } from './names.js';
import { findOfficialIds, type ChecksumRules } from './official-ids.js';
import { findPhones } from './phones.js';
import { findPlates } from './plates.js';
import { findPostcodes } from './postcodes.js';
import { findTimes } from './times.js';
import { tokenize, type Token } from './tokens.js';
import { findTokenUrls } from './urls.js';
import { foldText, unifySeparators } from './text.js';

/** One text, prepared once for every detector: same length, same offsets. */
export interface Prepared {
  /** Spaces, apostrophes and dashes unified; case and accents kept. */
  text: string;
  /** Also lowercase and without accents. */
  folded: string;
  tokens: Token[];
}

export function prepare(text: string): Prepared {
  const unified = unifySeparators(text);
  const folded = foldText(text);
  return { text: unified, folded, tokens: tokenize(unified, folded) };
}

/** Candidates (overlapping, unsorted) from the list-free detectors. */
export function findPatterns({ text, folded, tokens }: Prepared, checks: ChecksumRules, ordinary: OrdinaryWord): Finding[] {
  const addresses = findAddresses(text, folded);
  return [
    ...findEmails(text),
    ...findTokenUrls(text, identifyingParameter),
    ...findIps(text),
    ...findPhones(text),
    ...findOfficialIds(text, checks),
    ...findEmployeeIds(text),
    ...findPlates(text),
    ...addresses,
    ...findPostcodes(text, addresses),
    ...findDates(folded),
    ...findTimes(folded),
    ...findTitledNames(text, tokens, ordinary),
    ...findCapitalConventionNames(text, tokens, ordinary),
  ];
}
