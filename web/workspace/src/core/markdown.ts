/**
 * Approved quotes as Markdown: a title, then each quote as a blockquote with its tags on the line
 * after. Text is escaped so that whatever a testimony says stays text under CommonMark and GitHub's
 * extensions: no heading, list, code, HTML, link, image, table or footnote can start inside it.
 */
import { checkLabels, checkTitle, pickQuotes, type ExportLabels, type ExportQuote } from './export-input.js';
import { oneLine, printable } from './printable.js';

/**
 * Anywhere in a line: the backslash itself, code, emphasis, links, images, footnotes, HTML and
 * autolinks, entities, tables, strikethrough, math, attribute lists, headings, and what starts
 * a bare link or mail address (the colon of "://", the dot of "www.", the at sign).
 */
const INLINE = /[\\`*_[\]<>&|~$#{}@]|:(?=\/\/)|(?<=\bwww)\./gi;
/** At a line's start: list items, setext underlines, definition lists. */
const LINE_START = /^[-+=:]/;
/** An ordered list item: digits then a dot or a parenthesis. */
const ORDERED_ITEM = /^(\d+)([.)])/;
const TAG_SEPARATOR = ', ';

/**
 * The Markdown document, ending with a line feed. Quote lines keep their breaks (each but a
 * paragraph's last ends with a backslash, a hard break); leading and trailing spaces of each line
 * are dropped, as leading ones would make code. Only each quote's text and tags are read.
 * Throws 'invalid quote', 'invalid labels' or 'invalid title'.
 */
export function quotesMarkdown(quotes: readonly ExportQuote[], options: { title: string; labels: ExportLabels }): string {
  const picked = pickQuotes(quotes);
  checkLabels(options.labels);
  checkTitle(options.title);
  const blocks = picked.map((quote) => {
    const block = blockquote(quote.text);
    if (quote.tags.length === 0) return block;
    const tags = quote.tags.map(oneLine).join(TAG_SEPARATOR);
    return `${block}\n\n${markdownLine(`${oneLine(options.labels.tags)} — ${tags}`)}`;
  });
  return [`# ${markdownLine(oneLine(options.title))}`, ...blocks].join('\n\n') + '\n';
}

/** One line of text made inert: trimmed, every character that could start Markdown escaped. */
function markdownLine(text: string): string {
  const escaped = text.trim().replace(INLINE, (c) => `\\${c}`);
  return escaped.replace(LINE_START, (c) => `\\${c}`).replace(ORDERED_ITEM, '$1\\$2');
}

/** Every line behind "> ", empty lines as ">" so the quote does not end there. */
function blockquote(text: string): string {
  const lines = printable(text).trim().split('\n').map(markdownLine);
  return lines
    .map((line, i) => {
      if (line === '') return '>';
      const breaks = i + 1 < lines.length && lines[i + 1] !== '';
      return `> ${line}${breaks ? '\\' : ''}`;
    })
    .join('\n');
}
