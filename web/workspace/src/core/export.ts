/**
 * The workspace's exports: approved, anonymised quotes as Markdown, CSV or DOCX, and published
 * tables as CSV or SVG. Each takes only a quote's text and tags, or a table that went through
 * suppression, and returns file contents; none touches the page or the network.
 */
export type { CsvSeparator } from './csv.js';
export { quotesDocx } from './docx.js';
export type { ExportLabels, ExportQuote, Locale } from './export-input.js';
export { figureText } from './figure-text.js';
export { figuresCsv } from './figures-csv.js';
export { figuresSvg } from './charts.js';
export { quotesMarkdown } from './markdown.js';
export { quotesCsv } from './quotes-csv.js';
export { labelled } from './typography.js';
