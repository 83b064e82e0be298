/** Approved quotes as a CSV file: one row per quote, its text and its tags in one column. */
import { checkSeparator, csvFile, type CsvSeparator } from './csv.js';
import { checkLabels, pickQuotes, type ExportLabels, type ExportQuote } from './export-input.js';

/** Splits back on its own in a spreadsheet, and is not a character tag names are made of. */
const TAG_SEPARATOR = ' | ';

/**
 * A header row (quote, tags) and a row per quote, as csvFile writes them: BOM, CRLF, RFC 4180
 * quoting with the separator, formulas defused. Only each quote's text and tags are read.
 * Throws 'invalid quote', 'invalid labels' or 'invalid separator'.
 */
export function quotesCsv(quotes: readonly ExportQuote[], options: { separator: CsvSeparator; labels: ExportLabels }): string {
  const picked = pickQuotes(quotes);
  checkLabels(options.labels);
  checkSeparator(options.separator);
  const rows = [[options.labels.quote, options.labels.tags], ...picked.map((q) => [q.text, q.tags.join(TAG_SEPARATOR)])];
  return csvFile(rows, options.separator);
}
