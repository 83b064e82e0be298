/**
 * Clock times: "14h30", "14 h", "9h", "14:30", "8 heures" when it is a time of day. Durations
 * ("35 heures", "2h de trajet", "pendant 3 heures", "j'ai fait 10h") are not times and stay.
 */
import { CLOCK, cuedAsTimeOfDay, HOURS_WORD, POINT_IN_TIME_DE, RANGE_END_AFTER, RANGE_START_BEFORE, TIME_AFTER } from './clock.js';
import type { Finding } from './kinds.js';

// Folded text (lowercase, no accents). What before a number makes it an amount of hours.
const DURATION_BEFORE =
  /(?:^|[^\p{L}])(?:pendant|durant|fait|faire|fais|faisait|faisais|font|fera|ferai|bosse|bosser|travaille|travailler|attendu|attends|attendre|plus de|moins de|au moins|pres de|presque|a peine|en|les|mes|ses|nos|vos|leurs|aux|ces|chaque|toutes les|sur|par|environ|quelque|x|\+|[0-9] ?x) $/u;
// What after it makes it an amount of hours.
const DURATION_AFTER =
  /^ ?(?:de (?:trajet|route|retard|travail|boulot|taf|pause|reunion|attente|sommeil|greve|formation|transport|conduite|marche|queue|repos|sup|plus|moins|suite|garde|astreinte|nuit|menage|delegation|conge|recuperation|decalage|avance|sport|boulot|train|bus|voiture|perdue?s?)|d'(?:affilee|attente|astreinte|heures|avance|ecart)|par (?:jour|semaine|mois|nuit|an|week-end)|\/ ?(?:jour|j|sem|semaine|mois)|sup(?:p|s)?\b|supplementaires|en plus|de plus|de moins|hebdo|a faire|non payees|payees|au total|en tout|maxi|max|minimum|mini|sur [0-9]|\/ ?24|de sommeil|de repos|chrono|pleines)/u;
// "une pause de 2h" is an amount, "la réunion de 14h" a time: below these hours, "de" reads as an
// amount; with minutes ("le bus de 6h10", "une pause de 1h30") a lower bar.
const EARLIEST_HOUR_AFTER_DE = 7;
const EARLIEST_HOUR_WITH_MINUTES_AFTER_DE = 4;

function isDuration(folded: string, start: number, end: number): boolean {
  const before = folded.slice(Math.max(0, start - 20), start);
  const after = folded.slice(end, end + 30);
  if (DURATION_AFTER.test(after)) return true;
  if (TIME_AFTER.test(after) || RANGE_END_AFTER.test(after) || POINT_IN_TIME_DE.test(before)) return false;
  if (RANGE_START_BEFORE.test(before)) {
    const clock = folded.slice(start, end);
    const earliest = /[0-9] ?[h:] ?[0-9]/.test(clock) ? EARLIEST_HOUR_WITH_MINUTES_AFTER_DE : EARLIEST_HOUR_AFTER_DE;
    return parseInt(clock, 10) < earliest;
  }
  return DURATION_BEFORE.test(before);
}

/** Clock times, read on `folded` (`foldText(text)`, same offsets as the text). */
export function findTimes(folded: string): Finding[] {
  const found: Finding[] = [];
  for (const match of folded.matchAll(CLOCK)) {
    const end = match.index + match[0].length;
    if (!isDuration(folded, match.index, end)) found.push({ kind: 'time', start: match.index, end });
  }
  for (const match of folded.matchAll(HOURS_WORD)) {
    const start = match.index;
    const end = start + match[0].length;
    if (cuedAsTimeOfDay(folded, start, end) && !DURATION_AFTER.test(folded.slice(end, end + 30))) found.push({ kind: 'time', start, end });
  }
  return found;
}
