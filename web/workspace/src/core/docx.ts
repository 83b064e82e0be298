/**
 * Approved quotes as a Word document: the title, then each quote with its tags. The file holds
 * nothing else: its properties name no author, no date and no revision, and the same quotes
 * give the same bytes whenever and wherever they are exported.
 */
import { BorderStyle, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { checkLabels, checkLocale, checkTitle, pickQuotes, type ExportLabels, type ExportQuote, type Locale } from './export-input.js';
import { oneLine, printable } from './printable.js';
import { labelled } from './typography.js';
import { clearZipTimes } from './zip-times.js';

/** Word's proofing language for the text, so spelling is checked in the language it is written in. */
const LANGUAGE: { readonly [L in Locale]: string } = { fr: 'fr-FR', en: 'en-GB' };

/**
 * Takes the place of the core properties docx writes, which always hold the time of export and
 * by default an author "Un-named", a last editor and a revision. Even the title is left out:
 * a title changed in the document would live on, unseen, in its properties.
 */
const BARE_CORE_PROPERTIES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"/>';

const QUOTE_INDENT = 567; // 1 cm, in twentieths of a point
const TAG_SEPARATOR = ', ';

/**
 * The DOCX file's bytes (A4, the locale's proofing language). Each quote keeps its line breaks;
 * unprintable characters become U+FFFD. Only each quote's text and tags are read.
 * Throws 'invalid quote', 'invalid labels', 'invalid title' or 'invalid locale'.
 */
export async function quotesDocx(
  quotes: readonly ExportQuote[],
  options: { title: string; labels: ExportLabels; locale: Locale },
): Promise<Uint8Array<ArrayBuffer>> {
  const picked = pickQuotes(quotes);
  const { labels, locale, title } = options;
  checkLabels(labels);
  checkTitle(title);
  checkLocale(locale);
  const children = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(oneLine(title))] }),
    ...picked.flatMap((quote) => [
      quoteParagraph(quote.text, quote.tags.length > 0),
      ...(quote.tags.length > 0 ? [tagsParagraph(labelled(oneLine(labels.tags), quote.tags.map(oneLine).join(TAG_SEPARATOR), locale))] : []),
    ]),
  ];
  const document = new Document({
    styles: { default: { document: { run: { language: { value: LANGUAGE[locale] } } } } },
    sections: [{ children }],
  });
  const packed = await Packer.toArrayBuffer(document, false, [{ path: 'docProps/core.xml', data: BARE_CORE_PROPERTIES }]);
  return clearZipTimes(new Uint8Array(packed));
}

function quoteParagraph(text: string, keepWithTags: boolean): Paragraph {
  const lines = printable(text).trim().split('\n');
  return new Paragraph({
    indent: { left: QUOTE_INDENT },
    border: { left: { style: BorderStyle.SINGLE, size: 18, color: '8C8C8C', space: 12 } },
    spacing: { before: 360 },
    keepNext: keepWithTags,
    children: lines.map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined })),
  });
}

function tagsParagraph(text: string): Paragraph {
  return new Paragraph({
    indent: { left: QUOTE_INDENT },
    spacing: { before: 120 },
    children: [new TextRun({ text, size: 20, color: '595959' })],
  });
}
