/**
 * A published table as an SVG chart: horizontal bars for a tally, and for a cross-tabulation one
 * small chart per column on a shared scale. Only shown counts draw bars, and the scale is set by
 * the largest of them: a hidden figure draws no bar and sets nothing, it is shown as its text
 * ("< 5", "×"). Totals are text. The file is self-contained, plain shapes and text: no script, no
 * link, no font to fetch, no event attribute.
 */
import { checkLabels, checkLocale, checkTitle, type ExportLabels, type Locale } from './export-input.js';
import { figureNotes, figureWords, tableFigures, type CountWriter } from './figure-text.js';
import { oneLine } from './printable.js';
import type { Figure, PublishedCrossTab, PublishedTable, PublishedTally } from './suppression.js';
import { groupedInteger, labelled } from './typography.js';
import { xmlText } from './xml.js';

const MIN_WIDTH = 640;
const MARGIN = 16;
const TITLE_SIZE = 18;
const HEADING_SIZE = 15;
const LABEL_SIZE = 14;
const NOTE_SIZE = 12;
const BAR_HEIGHT = 18;
const GAP = 6;
/** Near-black text, a bar colour and a grey for hidden figures, each well above 4.5:1 on white. */
const INK = '#1a1a1a';
const BAR = '#1f5f99';
const MUTED = '#4d4d4d';

/**
 * The SVG document: `role="img"` with the title and a description that reads out every figure,
 * then the title, the bars, the totals and the notes for "< t" and the withheld mark when they
 * occur. Throws 'invalid table', 'invalid figure', 'invalid labels', 'invalid title' or 'invalid locale'.
 */
export function figuresSvg(table: PublishedTable, options: { title: string; labels: ExportLabels; locale: Locale }): string {
  const { labels, locale, title } = options;
  const figures = tableFigures(table);
  checkLabels(labels);
  checkTitle(title);
  checkLocale(locale);
  const count: CountWriter = (value) => groupedInteger(value, locale);
  const words = (figure: Figure) => figureWords(figure, labels, count);
  const sections = table.kind === 'tally' ? tallySections(table, labels, locale, words) : crossTabSections(table, labels, locale, words);
  const notes = figureNotes(figures, labels, count);
  const shown = (table.kind === 'tally' ? table.counts : table.cells.flat()).flatMap((f) => (f.kind === 'count' ? [f.value] : []));
  const chart = new Chart(Math.max(0, ...shown));

  chart.text(oneLine(title), TITLE_SIZE, { bold: true });
  for (const section of sections) {
    chart.space(GAP * 2);
    if (section.heading !== undefined) chart.text(section.heading, HEADING_SIZE, { bold: true });
    for (const bar of section.bars) chart.bar(bar);
    for (const line of section.totals) chart.text(line, LABEL_SIZE);
  }
  if (notes.length > 0) chart.space(GAP * 2);
  for (const note of notes) chart.text(oneLine(note), NOTE_SIZE, { muted: true });

  const description = [...sections.map((section) => describe(section, locale)), ...notes.map((note) => sentence(oneLine(note)))].join(' ');
  return chart.svg(oneLine(title), description);
}

interface Bar {
  readonly label: string;
  readonly figure: Figure;
  /** The figure as it reads: drawn after the bar, or alone for a hidden figure. */
  readonly text: string;
}

interface Section {
  readonly heading?: string;
  readonly bars: readonly Bar[];
  readonly totals: readonly string[];
}

function tallySections(table: PublishedTally, labels: ExportLabels, locale: Locale, words: (f: Figure) => string): Section[] {
  return [
    {
      bars: table.categories.map((name, i) => ({ label: oneLine(name), figure: table.counts[i], text: words(table.counts[i]) })),
      totals: [labelled(oneLine(labels.total), words(table.total), locale)],
    },
  ];
}

/** One section per column on the shared scale, then the row totals and the grand total as text. */
function crossTabSections(table: PublishedCrossTab, labels: ExportLabels, locale: Locale, words: (f: Figure) => string): Section[] {
  const total = oneLine(labels.total);
  return [
    ...table.columns.map((column, c) => ({
      heading: oneLine(column),
      bars: table.rows.map((row, r) => ({ label: oneLine(row), figure: table.cells[r][c], text: words(table.cells[r][c]) })),
      totals: [labelled(total, words(table.columnTotals[c]), locale)],
    })),
    {
      heading: total,
      bars: [],
      totals: [
        ...table.rows.map((row, r) => labelled(oneLine(row), words(table.rowTotals[r]), locale)),
        labelled(total, words(table.grandTotal), locale),
      ],
    },
  ];
}

/** What a screen reader hears of a section, which it cannot see: every figure, one sentence each. */
function describe(section: Section, locale: Locale): string {
  const parts = [...section.bars.map((bar) => labelled(bar.label, bar.text, locale)), ...section.totals];
  return [...(section.heading === undefined ? [] : [section.heading]), ...parts].map(sentence).join(' ');
}

function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

/**
 * Lays the chart out from top to bottom. Text widths are estimated, as no font can be measured
 * here: the chart is made wide enough for the longest line, and bars share what is left.
 */
class Chart {
  /** Each drawn once the width, and so the room for bars, is known. */
  private readonly items: ((barSpace: number) => string)[] = [];
  private y = MARGIN;
  private widest = MIN_WIDTH - 2 * MARGIN;
  private widestFigure = 0;

  constructor(private readonly scaleMax: number) {}

  space(height: number): void {
    this.y += height;
  }

  text(content: string, size: number, style: { bold?: boolean; muted?: boolean } = {}): void {
    const baseline = this.y + size;
    this.widest = Math.max(this.widest, textWidth(content, size));
    const weight = style.bold ? ' font-weight="bold"' : '';
    const fill = style.muted ? ` fill="${MUTED}"` : '';
    this.items.push(() => `<text x="${MARGIN}" y="${baseline}" font-size="${size}"${weight}${fill}>${xmlText(content)}</text>`);
    this.y = baseline + GAP;
  }

  /** A label line, then the bar with its figure after it; a hidden figure is its text alone. */
  bar({ label, figure, text }: Bar): void {
    this.text(label, LABEL_SIZE);
    const top = this.y;
    const baseline = top + BAR_HEIGHT - 4;
    this.widestFigure = Math.max(this.widestFigure, textWidth(text, LABEL_SIZE));
    this.items.push((barSpace) => {
      if (figure.kind !== 'count') return `<text x="${MARGIN}" y="${baseline}" font-size="${LABEL_SIZE}" fill="${MUTED}">${xmlText(text)}</text>`;
      const length = this.scaleMax === 0 ? 0 : (figure.value / this.scaleMax) * barSpace;
      const rect = length > 0 ? `<rect x="${MARGIN}" y="${top}" width="${decimal(length)}" height="${BAR_HEIGHT}" fill="${BAR}"/>` : '';
      return `${rect}<text x="${decimal(MARGIN + length + GAP)}" y="${baseline}" font-size="${LABEL_SIZE}">${xmlText(text)}</text>`;
    });
    this.y = top + BAR_HEIGHT + GAP * 2;
  }

  svg(title: string, description: string): string {
    const width = Math.ceil(2 * MARGIN + this.widest);
    const height = Math.ceil(this.y + MARGIN - GAP);
    const barSpace = Math.max(0, width - 2 * MARGIN - GAP - this.widestFigure);
    return [
      `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" fill="${INK}">`,
      `<title>${xmlText(title)}</title>`,
      `<desc>${xmlText(description)}</desc>`,
      `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
      ...this.items.map((draw) => draw(barSpace)),
      '</svg>',
      '',
    ].join('\n');
  }
}

/** An estimate of a line's width: most Latin letters are narrower than 0.6 em, wide scripts 1 em. */
function textWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) em += ch.codePointAt(0)! >= 0x2e80 ? 1 : 0.6;
  return em * size;
}

/** Coordinates to a tenth of a pixel, so the same table always gives the same text. */
function decimal(value: number): string {
  return String(Math.round(value * 10) / 10);
}
