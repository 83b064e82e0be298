/**
 * What a date or a time becomes once anonymised: a date keeps its month and year ("12 mars
 * 2024" and "12/03/2024" both give "mars 2024"; "3 février" gives "février"), a time keeps
 * the part of the day ("14h30" gives "après-midi"). A day without a month ("lundi 12") keeps nothing.
 */
import { MONTH_PATTERN } from './dates.js';
import type { Labels } from './labels.js';
import { foldText } from './text.js';

const MONTH_NUMBERS: readonly [RegExp, number][] = [
  [/^janv/, 1],
  [/^fev/, 2],
  [/^mars/, 3],
  [/^avr/, 4],
  [/^mai/, 5],
  [/^juin/, 6],
  [/^juil/, 7],
  [/^aout/, 8],
  [/^sept/, 9],
  [/^oct/, 10],
  [/^nov/, 11],
  [/^dec/, 12],
];
const WRITTEN_MONTH = new RegExp(`(?<![\\p{L}])(${MONTH_PATTERN})(?![\\p{L}])`, 'u');
// Two-digit years up to this one are 20xx ("12/03/24"); above, 19xx ("12/03/85").
const LATEST_SHORT_YEAR = 69;

function monthAndYear(value: string): { month: number; year?: number } | null {
  const folded = foldText(value);
  const iso = /^((?:19|20)[0-9]{2})-([0-9]{2})-[0-9]{2}$/.exec(folded);
  if (iso) return { month: Number(iso[2]), year: Number(iso[1]) };
  const numeric = /^[0-9]{1,2}[/.-]([0-9]{1,2})(?:[/.-]([0-9]{2,4}))?$/.exec(folded);
  if (numeric) {
    const short = numeric[2] !== undefined && numeric[2].length === 2 ? Number(numeric[2]) : undefined;
    const year = short === undefined ? (numeric[2] ? Number(numeric[2]) : undefined) : short + (short <= LATEST_SHORT_YEAR ? 2000 : 1900);
    return { month: Number(numeric[1]), year };
  }
  const written = WRITTEN_MONTH.exec(folded);
  if (!written) return null;
  const month = MONTH_NUMBERS.find(([pattern]) => pattern.test(written[1]))?.[1];
  if (month === undefined) return null;
  const year = /(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])/.exec(folded.slice(written.index));
  return { month, year: year ? Number(year[1]) : undefined };
}

/** The month (and year when given) of a date, or the generic date label; never throws. */
export function coarseDate(value: string, labels: Labels): string {
  const parsed = monthAndYear(value);
  if (!parsed || parsed.month < 1 || parsed.month > 12) return labels.date;
  const month = labels.months[parsed.month - 1];
  return parsed.year === undefined ? month : `${month} ${parsed.year}`;
}

/** The part of the day of a clock time, or the generic time label; never throws. */
export function partOfDay(value: string, labels: Labels): string {
  const folded = foldText(value);
  const hourText = /[0-9]{1,2}/.exec(folded)?.[0];
  if (hourText === undefined) return labels.time;
  let hour = Number(hourText);
  if (hour < 12 && /soir|apres-midi/.test(folded)) hour += 12;
  if (hour >= 5 && hour < 12) return labels.morning;
  if (hour >= 12 && hour < 18) return labels.afternoon;
  if (hour >= 18 && hour < 22) return labels.evening;
  return labels.night;
}
