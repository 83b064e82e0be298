/**
 * Clock times as people write them ("14h30", "14 h", "9h", "14:30", "8 heures") and the words
 * around one that make it a time of day ("à 14h", "8 heures du matin", "de 8h à 17h"). The
 * delegates' detector (times.ts) also knows the many words that make it an amount of hours
 * ("2h de trajet"); the submission page's hint cannot afford them.
 */

const HOUR = '(?:[01]?[0-9]|2[0-3])';
export const CLOCK = new RegExp(`(?<![\\p{L}\\p{N}:.,])(${HOUR}) ?h ?([0-5][0-9])?(?![\\p{L}\\p{N}])|(?<![\\p{L}\\p{N}:.,])(${HOUR}):([0-5][0-9])(?![\\p{N}]|:[0-9])`, 'gu');
export const HOURS_WORD = new RegExp(`(?<![\\p{L}\\p{N}])(${HOUR}) heures?(?: ([0-5][0-9]|et demie|et quart|moins le quart))?(?![\\p{L}\\p{N}])`, 'gu');

// Folded text (lowercase, no accents). What before "8 heures" makes it a time of day; without it, "N heures" is an amount.
const TIME_BEFORE = /(?:^|[^\p{L}])(?:a|vers|des|avant|apres|depuis|jusqu'a|jusqu'aux?|entre|et|partir de|coup de|alentours de|pour|le matin a|le soir a) $/u;
export const TIME_AFTER = /^ (?:du matin|du soir|de l'apres-midi|de la nuit|pile|precises|tapantes|du mat)/u;
// "de 8h à 17h", "de 22h": a starting time when an end follows; "à partir de 6h" is always one.
export const RANGE_START_BEFORE = /(?:^|[^\p{L}])de $/u;
export const POINT_IN_TIME_DE = /(?:partir|coup|alentours|environ) de $/u;
export const RANGE_END_AFTER = /^ ?(?:a|-|jusqu'a) ?[0-9]/u;

/** The words around `folded.slice(start, end)`, a number of hours, call it a time of day. */
export function cuedAsTimeOfDay(folded: string, start: number, end: number): boolean {
  const before = folded.slice(Math.max(0, start - 20), start);
  const after = folded.slice(end, end + 30);
  const starts = RANGE_START_BEFORE.test(before) && !POINT_IN_TIME_DE.test(before);
  return (starts ? RANGE_END_AFTER.test(after) : TIME_BEFORE.test(before)) || TIME_AFTER.test(after);
}

/**
 * The hint's reading of `folded` (`foldText(text)`): any clock time ("14h30", "rdv 14h", even
 * "j'ai fait 10h": the words that make it an amount are the delegates' detector's), and
 * "N heures" where the words around call it a time of day ("8 heures du matin").
 */
export function seemsToHoldTime(folded: string): boolean {
  return folded.search(CLOCK) !== -1 || [...folded.matchAll(HOURS_WORD)].some((m) => cuedAsTimeOfDay(folded, m.index, m.index + m[0].length));
}
