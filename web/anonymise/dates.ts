/**
 * Day-precise dates: "12 mars 2024", "lundi 12 mars", "1er février", "du 3 au 5 mai",
 * "12/03/2024", "12.03.24", "2024-03-12", "lundi 12". A month or a year alone ("en mars",
 * "en 2023") and a weekday alone say little and are left as written; so are fractions
 * and ratios ("3/4", "24/7") that a day/month without a year could be mistaken for.
 */
import type { Finding } from './kinds.js';

/** Month names and their abbreviations, folded, as a pattern alternation (coarsen.ts reads dates with it too). */
export const MONTH_PATTERN =
  'janvier|janv\\.?|fevrier|fevr?\\.?|mars|avril|avr\\.?|mai|juin|juillet|juil\\.?|aout|septembre|sept\\.?|octobre|oct\\.?|novembre|nov\\.?|decembre|dec\\.?';
const WEEKDAY = 'lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche';
const DAY = '(?:1er|1re|premier|[12][0-9]|3[01]|0?[1-9])';
const YEAR = '(?:19|20)[0-9]{2}';
const DAY_LIST = `${DAY}(?:(?: ?, ?| et | ou | au | - ?|-)${DAY}){0,4}`;

// All on the folded text: lowercase, no accents ("février" is "fevrier").
const WRITTEN = new RegExp(`(?<![\\p{L}\\p{N}])(?:(?:${WEEKDAY}),? )?${DAY_LIST} (?:${MONTH_PATTERN})(?![\\p{L}])(?: ${YEAR}(?![\\p{N}]))?`, 'gu');
// "lundi 12", but not "lundi 8h" nor "lundi 12 h".
const WEEKDAY_AND_DAY = new RegExp(`(?<![\\p{L}\\p{N}])(?:${WEEKDAY}) ${DAY}(?![\\p{L}\\p{N}:]| ?h(?![\\p{L}])| ?heure)`, 'gu');
const NUMERIC = /(?<![\p{N}/.-])(3[01]|[12][0-9]|0?[1-9])([/.-])(1[0-2]|0?[1-9])(?:\2((?:19|20)?[0-9]{2}))?(?![\p{N}]|[/.-][\p{N}])/gu;
const ISO = /(?<![\p{N}/.-])(?:19|20)[0-9]{2}-(?:1[0-2]|0[1-9])-(?:3[01]|[12][0-9]|0[1-9])(?![\p{N}])/gu;
// A day/month without a year is a date only where a date is expected ("le 12/03", "du 3/4 au…").
const DATE_CUE_BEFORE = new RegExp(`(?:^|[^\\p{L}])(?:le|du|au|depuis|des|jusqu'au|avant|apres|ce|et|entre|${WEEKDAY}) $`, 'u');

/** Day-precise dates, read on `folded` (`foldText(text)`, same offsets as the text). */
export function findDates(folded: string): Finding[] {
  const found: Finding[] = [];
  const push = (start: number, length: number) => found.push({ kind: 'date', start, end: start + length });
  for (const match of folded.matchAll(WRITTEN)) push(match.index, match[0].length);
  for (const match of folded.matchAll(WEEKDAY_AND_DAY)) push(match.index, match[0].length);
  for (const match of folded.matchAll(ISO)) push(match.index, match[0].length);
  for (const match of folded.matchAll(NUMERIC)) {
    const [whole, day, separator, month, year] = match;
    if (year === undefined) {
      const padded = day.length === 2 && month.length === 2;
      const expected = DATE_CUE_BEFORE.test(folded.slice(Math.max(0, match.index - 12), match.index));
      if (separator !== '/' || !(padded || expected)) continue;
    }
    push(match.index, whole.length);
  }
  return found;
}
