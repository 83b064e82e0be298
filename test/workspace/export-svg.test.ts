/**
 * SVG charts: well-formed, self-contained and accessible for any labels, and drawn so that only
 * shown counts have bars, on a scale that only they set. The XML reader is written here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { figuresSvg, type ExportLabels } from '../../web/workspace/src/core/export.js';
import type { Figure, PublishedCrossTab, PublishedTable, PublishedTally } from '../../web/workspace/src/core/suppression.js';
import { below5, count, withheld } from './export-fixtures.js';

const labels: ExportLabels = {
  quote: 'Quote',
  tags: 'Tags',
  category: 'Category',
  total: 'Total',
  count: 'Count',
  suppressedNote: '< {threshold}: fewer than {threshold} testimonies, figure hidden',
  withheldNote: '×: figure hidden so that no other can be worked out',
  withheldMark: '×',
};

interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly (XmlElement | string)[];
}

const XML_CHARS = /^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;
const NAME = '[A-Za-z_][\\w.:-]*';
const TOKEN = new RegExp(`<\\/(${NAME})>|<(${NAME})((?:\\s+${NAME}="[^"<]*")*)\\s*(\\/?)>|([^<]+)`, 'y');

/** Text or an attribute value with its entities read; a bare ampersand is malformed. */
function decode(text: string): string {
  return text.replace(/&([^;]*);|&/g, (whole, name: string | undefined) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (name !== undefined && Object.hasOwn(named, name)) return named[name];
    const code = name === undefined ? NaN : /^#\d+$/.test(name) ? Number(name.slice(1)) : /^#x[0-9a-f]+$/i.test(name) ? parseInt(name.slice(2), 16) : NaN;
    if (Number.isNaN(code)) throw new Error(`malformed entity ${whole}`);
    return String.fromCodePoint(code);
  });
}

/** A strict reader for the XML an SVG chart is: one root, elements, attributes in double quotes, text. */
function parseXml(xml: string): XmlElement {
  if (!XML_CHARS.test(xml)) throw new Error('character not allowed in XML');
  const stack: { name: string; attributes: Record<string, string>; children: (XmlElement | string)[] }[] = [];
  let root: XmlElement | null = null;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < xml.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(xml);
    if (match === null) throw new Error(`malformed XML at ${at}`);
    const [, closing, opening, attributeText, selfClosing, text] = match;
    if (text !== undefined) {
      if (text.includes(']]>')) throw new Error('"]]>" in text');
      const content = decode(text);
      if (stack.length > 0) stack[stack.length - 1].children.push(content);
      else if (content.trim() !== '') throw new Error('text outside the root');
    } else if (opening !== undefined) {
      if (root !== null || (stack.length === 0 && at !== 0)) throw new Error('more than one root');
      const attributes: Record<string, string> = {};
      for (const [, name, value] of attributeText.matchAll(new RegExp(`(${NAME})="([^"]*)"`, 'g'))) {
        if (Object.hasOwn(attributes, name)) throw new Error(`attribute ${name} twice`);
        attributes[name] = decode(value);
      }
      const element = { name: opening, attributes, children: [] as (XmlElement | string)[] };
      if (stack.length > 0) stack[stack.length - 1].children.push(element);
      if (selfClosing === '/') {
        if (stack.length === 0) root = element;
      } else {
        stack.push(element);
      }
    } else {
      const open = stack.pop();
      if (open?.name !== closing) throw new Error(`</${closing}> closes <${open?.name}>`);
      if (stack.length === 0) root = open;
    }
  }
  if (root === null || stack.length > 0) throw new Error('unclosed element');
  return root;
}

function elements(element: XmlElement): XmlElement[] {
  return [element, ...element.children.flatMap((child) => (typeof child === 'string' ? [] : elements(child)))];
}

function textOf(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('');
}

/** Bars are the rectangles but the white background, which is the first. */
function bars(svg: XmlElement): XmlElement[] {
  return elements(svg).filter((e) => e.name === 'rect').slice(1);
}

function texts(svg: XmlElement): string[] {
  return elements(svg).filter((e) => e.name === 'text').map(textOf);
}

describe('the XML reader (control)', () => {
  it.each([
    ['<svg><text>a & b</text></svg>'],
    ['<svg><text>a < b</text></svg>'],
    ['<svg><text x="1" x="2">a</text></svg>'],
    ['<svg><text>a</svg>'],
    ['<svg/><svg/>'],
    ['<svg><text onload=x>a</text></svg>'],
    ['<svg><text>\u0007</text></svg>'],
    ['<svg><text>\ud800</text></svg>'],
  ])('refuses %j', (xml) => {
    expect(() => parseXml(xml)).toThrow();
  });

  it('reads what it accepts', () => {
    expect(parseXml('<svg a="&lt;&#233;&#x41;"><text>x &amp; y</text><rect/></svg>')).toEqual({
      name: 'svg',
      attributes: { a: '<éA' },
      children: [{ name: 'text', attributes: {}, children: ['x & y'] }, { name: 'rect', attributes: {}, children: [] }],
    });
  });
});

describe('figuresSvg', () => {
  it('draws a small tally exactly', () => {
    const tally: PublishedTally = { kind: 'tally', categories: ['Teams', 'Viva & co'], counts: [count(10), count(5)], total: count(15), additive: true };
    expect(figuresSvg(tally, { title: 'By tool', labels, locale: 'en' })).toBe(
      [
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" width="640" height="182" viewBox="0 0 640 182" font-family="sans-serif" fill="#1a1a1a">',
        '<title>By tool</title>',
        '<desc>Teams: 10. Viva &amp; co: 5. Total: 15.</desc>',
        '<rect width="640" height="182" fill="#ffffff"/>',
        '<text x="16" y="34" font-size="18" font-weight="bold">By tool</text>',
        '<text x="16" y="66" font-size="14">Teams</text>',
        '<rect x="16" y="72" width="585.2" height="18" fill="#1f5f99"/><text x="607.2" y="86" font-size="14">10</text>',
        '<text x="16" y="116" font-size="14">Viva &amp; co</text>',
        '<rect x="16" y="122" width="292.6" height="18" fill="#1f5f99"/><text x="314.6" y="136" font-size="14">5</text>',
        '<text x="16" y="166" font-size="14">Total: 15</text>',
        '</svg>',
        '',
      ].join('\n'),
    );
  });

  it('draws no bar for a hidden figure, shows its text, and explains it in a legend', () => {
    const tally: PublishedTally = { kind: 'tally', categories: ['Teams', 'Viva', 'Copilot'], counts: [count(10), below5, withheld], total: count(1234), additive: false };
    const svg = parseXml(figuresSvg(tally, { title: 'Par outil', labels, locale: 'fr' }));
    expect(bars(svg)).toHaveLength(1);
    expect(texts(svg)).toEqual([
      'Par outil',
      'Teams',
      '10',
      'Viva',
      '< 5',
      'Copilot',
      '×',
      'Total\u00a0: 1\u202f234',
      '< 5: fewer than 5 testimonies, figure hidden',
      '×: figure hidden so that no other can be worked out',
    ]);
  });

  it('sets the scale by the largest shown count, never by a total or a hidden figure', () => {
    const tally: PublishedTally = { kind: 'tally', categories: ['a', 'b', 'c'], counts: [count(6), count(12), below5], total: count(500), additive: false };
    const [six, twelve] = bars(parseXml(figuresSvg(tally, { title: 't', labels, locale: 'en' }))).map((bar) => Number(bar.attributes.width));
    expect(twelve).toBeCloseTo(2 * six, 0);
    const allHidden: PublishedTally = { kind: 'tally', categories: ['a', 'b'], counts: [below5, withheld], total: count(40), additive: false };
    expect(bars(parseXml(figuresSvg(allHidden, { title: 't', labels, locale: 'en' })))).toEqual([]);
  });

  it('draws a cross-tabulation as one chart per column on a shared scale, totals as text', () => {
    const crossTab: PublishedCrossTab = {
      kind: 'crosstab',
      rows: ['Teams', 'Viva'],
      columns: ['Lyon', 'Paris'],
      cells: [
        [count(12), below5],
        [withheld, count(6)],
      ],
      rowTotals: [count(14), count(20)],
      columnTotals: [count(20), withheld],
      grandTotal: count(34),
      additive: { rows: true, columns: true },
    };
    const svg = parseXml(figuresSvg(crossTab, { title: 'Par site', labels, locale: 'en' }));
    const widths = bars(svg).map((bar) => Number(bar.attributes.width));
    expect(widths).toHaveLength(2);
    expect(widths[0]).toBeCloseTo(2 * widths[1], 0);
    expect(texts(svg)).toEqual([
      'Par site',
      'Lyon',
      'Teams',
      '12',
      'Viva',
      '×',
      'Total: 20',
      'Paris',
      'Teams',
      '< 5',
      'Viva',
      '6',
      'Total: ×',
      'Total',
      'Teams: 14',
      'Viva: 20',
      'Total: 34',
      '< 5: fewer than 5 testimonies, figure hidden',
      '×: figure hidden so that no other can be worked out',
    ]);
    expect(textOf(elements(svg).find((e) => e.name === 'desc')!)).toBe(
      'Lyon. Teams: 12. Viva: ×. Total: 20. Paris. Teams: < 5. Viva: 6. Total: ×. Total. Teams: 14. Viva: 20. Total: 34. ' +
        '< 5: fewer than 5 testimonies, figure hidden. ×: figure hidden so that no other can be worked out.',
    );
  });

  it('writes no legend when every figure is shown', () => {
    const tally: PublishedTally = { kind: 'tally', categories: ['a'], counts: [count(7)], total: count(7), additive: true };
    expect(texts(parseXml(figuresSvg(tally, { title: 't', labels, locale: 'en' })))).toEqual(['t', 'a', '7', 'Total: 7']);
  });

  const figure = fc.oneof(
    fc.integer({ min: 0, max: 100_000 }).map(count),
    fc.integer({ min: 2, max: 20 }).map((below): Figure => ({ kind: 'suppressed', below })),
    fc.constant(withheld),
  );
  const anyText = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", ']]>', '\n', '\r', '\u0000', '\u0007', '\ud800', '\udfff', '\uffff', 'on', '=', 'href', 'x') }));
  const tallies = fc.array(fc.tuple(anyText, figure), { maxLength: 6 }).chain((entries) =>
    figure.map((total): PublishedTable => ({ kind: 'tally', categories: entries.map(([name]) => name), counts: entries.map(([, f]) => f), total, additive: false })),
  );
  const crossTabs = fc
    .tuple(fc.array(anyText, { minLength: 1, maxLength: 3 }), fc.array(anyText, { minLength: 1, maxLength: 3 }))
    .chain(([rows, columns]) =>
      fc.record({
        cells: fc.array(fc.array(figure, { minLength: columns.length, maxLength: columns.length }), { minLength: rows.length, maxLength: rows.length }),
        rowTotals: fc.array(figure, { minLength: rows.length, maxLength: rows.length }),
        columnTotals: fc.array(figure, { minLength: columns.length, maxLength: columns.length }),
        grandTotal: figure,
      }).map((parts): PublishedTable => ({ kind: 'crosstab', rows, columns, ...parts, additive: { rows: false, columns: false } })),
    );
  const anyLabels = fc.record({
    quote: anyText,
    tags: anyText,
    category: anyText,
    total: anyText,
    count: anyText,
    suppressedNote: anyText,
    withheldNote: anyText,
    withheldMark: anyText,
  });
  const ELEMENTS = new Set(['svg', 'title', 'desc', 'rect', 'text']);
  const ATTRIBUTES = new Set(['xmlns', 'role', 'width', 'height', 'viewBox', 'font-family', 'font-size', 'font-weight', 'fill', 'x', 'y']);

  it('is well-formed, self-contained and accessible for any labels, and draws bars for shown counts only, in proportion', () => {
    fc.assert(
      fc.property(fc.oneof(tallies, crossTabs), anyText, anyLabels, fc.constantFrom('fr' as const, 'en' as const), (table, title, words, locale) => {
        const svg = parseXml(figuresSvg(table, { title, labels: words, locale }));
        expect(svg.name).toBe('svg');
        expect(svg.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
        expect(svg.attributes.role).toBe('img');
        const [first, second] = svg.children.filter((child): child is XmlElement => typeof child !== 'string');
        expect([first.name, second.name]).toEqual(['title', 'desc']);
        expect(textOf(first)).toBe(title.replace(/\r\n?|\n/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
        for (const element of elements(svg)) {
          expect(ELEMENTS.has(element.name)).toBe(true);
          for (const name of Object.keys(element.attributes)) expect(ATTRIBUTES.has(name)).toBe(true);
        }
        const shown = (table.kind === 'tally' ? table.counts : table.columns.flatMap((_, c) => table.cells.map((row) => row[c])))
          .flatMap((f) => (f.kind === 'count' && f.value > 0 ? [f.value] : []));
        const widths = bars(svg).map((bar) => Number(bar.attributes.width));
        expect(widths).toHaveLength(shown.length);
        const largest = Math.max(...shown);
        const full = Math.max(...widths);
        widths.forEach((width, i) => expect(Math.abs(width - (shown[i] / largest) * full)).toBeLessThanOrEqual(0.1));
      }),
    );
  });
});
