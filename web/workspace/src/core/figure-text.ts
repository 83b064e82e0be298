/**
 * Published figures as words: a count, "< t" or the withheld mark, and the notes that explain
 * the last two. Only published tables reach here: a raw count table is refused, so that no
 * export can be made from counts that suppression has not seen.
 */
import { checkLabels, checkLocale, type ExportLabels, type Locale } from './export-input.js';
import type { Figure, PublishedTable } from './suppression.js';
import { groupedInteger } from './typography.js';

/** Writes a count or a threshold: grouped for people, plain digits for spreadsheets. */
export type CountWriter = (value: number) => string;

/**
 * How a figure reads to people: its count with the locale's digit groups ("12", "1 234"), "< t",
 * or the withheld mark. Throws 'invalid figure' for anything but a published figure,
 * 'invalid labels' or 'invalid locale'.
 */
export function figureText(figure: Figure, labels: ExportLabels, locale: Locale): string {
  checkLabels(labels);
  checkLocale(locale);
  return figureWords(figure, labels, (value) => groupedInteger(value, locale));
}

/** figureText with counts written by `writeCount`. Throws 'invalid figure' for anything but a published figure. */
export function figureWords(figure: Figure, labels: ExportLabels, writeCount: CountWriter): string {
  checkFigure(figure);
  if (figure.kind === 'count') return writeCount(figure.value);
  if (figure.kind === 'suppressed') return `< ${writeCount(figure.below)}`;
  return labels.withheldMark;
}

/**
 * The notes a reader needs for the figures shown: one per threshold met, then one for the withheld
 * mark if any figure is withheld. Throws 'invalid figure' for anything but a published figure.
 */
export function figureNotes(figures: readonly Figure[], labels: ExportLabels, writeCount: CountWriter): string[] {
  figures.forEach(checkFigure);
  const thresholds = [...new Set(figures.flatMap((f) => (f.kind === 'suppressed' ? [f.below] : [])))].sort((a, b) => a - b);
  const notes = thresholds.map((t) => labels.suppressedNote.replaceAll('{threshold}', writeCount(t)));
  if (figures.some((f) => f.kind === 'withheld')) notes.push(labels.withheldNote);
  return notes;
}

/**
 * Every figure of a table, cells before totals. Throws 'invalid table' when its shape is not a
 * published tally's or cross-tabulation's (a raw count table has numbers where figures belong,
 * and is refused with 'invalid figure').
 */
export function tableFigures(table: PublishedTable): Figure[] {
  if (typeof table !== 'object' || table === null) throw new Error('invalid table');
  const names = (list: unknown) => Array.isArray(list) && list.every((name) => typeof name === 'string');
  const ofLength = (list: unknown, length: number) => Array.isArray(list) && list.length === length;
  let all: Figure[];
  if (table.kind === 'tally') {
    if (!names(table.categories) || !ofLength(table.counts, table.categories.length)) throw new Error('invalid table');
    all = [...table.counts, table.total];
  } else if (table.kind === 'crosstab') {
    const { rows, columns } = table;
    const shaped = names(rows) && names(columns) && ofLength(table.cells, rows.length) &&
      table.cells.every((row) => ofLength(row, columns.length)) &&
      ofLength(table.rowTotals, rows.length) && ofLength(table.columnTotals, columns.length);
    if (!shaped) throw new Error('invalid table');
    all = [...table.cells.flat(), ...table.rowTotals, ...table.columnTotals, table.grandTotal];
  } else {
    throw new Error('invalid table');
  }
  all.forEach(checkFigure);
  return all;
}

function checkFigure(figure: Figure): void {
  const ok = typeof figure === 'object' && figure !== null && (
    (figure.kind === 'count' && Number.isSafeInteger(figure.value) && figure.value >= 0) ||
    (figure.kind === 'suppressed' && Number.isSafeInteger(figure.below) && figure.below >= 2) ||
    figure.kind === 'withheld'
  );
  if (!ok) throw new Error('invalid figure');
}
