/**
 * A published table as a CSV file: the figures as they read ("12", "< 5", "×") with counts in
 * plain digits so that spreadsheets take them as numbers, then the notes that explain the marks.
 */
import { checkSeparator, csvFile, type CsvSeparator } from './csv.js';
import { checkLabels, checkLocale, checkTitle, type ExportLabels, type Locale } from './export-input.js';
import { figureNotes, figureWords, tableFigures, type CountWriter } from './figure-text.js';
import type { Figure, PublishedTable } from './suppression.js';

/** No digit groups: a spreadsheet reads "1234" as a number, "1 234" as text. */
const plainCount: CountWriter = (value) => String(value);

/**
 * The title row when given, a header row, a row per category with its figure (a tally) or one
 * per row category with a figure per column and the row's total (a cross-tabulation), the totals
 * row, then after an empty row one row per note when "< t" or the withheld mark occur.
 * `locale` is checked but digits are written plainly in either language.
 * Throws 'invalid table', 'invalid figure', 'invalid labels', 'invalid separator', 'invalid title'
 * or 'invalid locale'.
 */
export function figuresCsv(
  table: PublishedTable,
  options: { separator: CsvSeparator; labels: ExportLabels; locale: Locale; title?: string },
): string {
  const { labels, separator, title } = options;
  const figures = tableFigures(table);
  checkLabels(labels);
  checkSeparator(separator);
  checkLocale(options.locale);
  if (title !== undefined) checkTitle(title);
  const text = (figure: Figure) => figureWords(figure, labels, plainCount);
  const body: string[][] =
    table.kind === 'tally'
      ? [
          [labels.category, labels.count],
          ...table.categories.map((name, i) => [name, text(table.counts[i])]),
          [labels.total, text(table.total)],
        ]
      : [
          [labels.category, ...table.columns, labels.total],
          ...table.rows.map((name, r) => [name, ...table.cells[r].map(text), text(table.rowTotals[r])]),
          [labels.total, ...table.columnTotals.map(text), text(table.grandTotal)],
        ];
  const notes = figureNotes(figures, labels, plainCount);
  const rows = [...(title === undefined ? [] : [[title]]), ...body, ...(notes.length > 0 ? [[], ...notes.map((note) => [note])] : [])];
  return csvFile(rows, separator);
}
