/**
 * The workspace's exports as a whole: what each may hold (anonymised text and chosen tags, never
 * an id, a day or a key id), the bad inputs each refuses, how figures read, and the DOCX file,
 * read back with a zip reader written here on node:zlib, apart from the writer docx uses.
 */
import { inflateRawSync } from 'node:zlib';
import { Document, Packer, Paragraph } from 'docx';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  figureText,
  figuresCsv,
  figuresSvg,
  quotesCsv,
  quotesDocx,
  quotesMarkdown,
  type ExportLabels,
  type ExportQuote,
} from '../../web/workspace/src/core/export.js';
import type { Figure, PublishedCrossTab, PublishedTable, PublishedTally } from '../../web/workspace/src/core/suppression.js';
import { clearZipTimes } from '../../web/workspace/src/core/zip-times.js';
import { below5, count, labels, withheld } from './export-fixtures.js';

interface ZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
  /** MS-DOS time and date words, from the local header and from the central directory. */
  readonly stamps: readonly number[];
}

/** Reads a zip through its central directory, as a word processor does; no encryption, no zip64. */
function readZip(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const entries: ZipEntry[] = [];
  let at = view.getUint32(end + 16, true);
  for (let i = 0; i < view.getUint16(end + 10, true); i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    const local = view.getUint32(at + 42, true);
    expect(view.getUint32(local, true)).toBe(0x04034b50);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = zip.subarray(start, start + size);
    const data = method === 8 ? new Uint8Array(inflateRawSync(raw)) : raw;
    const stamps = [view.getUint16(local + 10, true), view.getUint16(local + 12, true), view.getUint16(at + 12, true), view.getUint16(at + 14, true)];
    entries.push({ name, data, stamps });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

function part(entries: readonly ZipEntry[], name: string): string {
  const entry = entries.find((e) => e.name === name);
  if (entry === undefined) throw new Error(`no ${name}`);
  return new TextDecoder('utf-8', { fatal: true }).decode(entry.data);
}

/** The text of every part, as one string to search. */
function docxText(bytes: Uint8Array): string {
  return readZip(bytes).map((entry) => `${entry.name}\n${new TextDecoder().decode(entry.data)}`).join('\n');
}

describe('figureText', () => {
  it.each([
    [count(0), 'fr', '0'],
    [count(12), 'fr', '12'],
    [count(999), 'en', '999'],
    [count(1234), 'fr', '1\u202f234'],
    [count(1234), 'en', '1,234'],
    [count(1234567), 'fr', '1\u202f234\u202f567'],
    [count(1234567), 'en', '1,234,567'],
    [below5, 'fr', '< 5'],
    [{ kind: 'suppressed', below: 1000 }, 'fr', '< 1\u202f000'],
    [withheld, 'en', '×'],
  ] as const)('writes %j in %s as %j', (figure, locale, text) => {
    expect(figureText(figure, labels, locale)).toBe(text);
  });
});

describe('what an export holds', () => {
  const PLANTED = ['tmy-5f3a9c2e71d04b88', '2026-03-04', '04/03/2026', 'k1-7QX3M2PZ', 'parole-pk1:AAAAplanted', 'campagne-secrete'];
  const quotes = [
    { text: 'On nous surveille sur Teams.', tags: ['Surveillance / Teams'], id: PLANTED[0], day: PLANTED[1], received: PLANTED[2], keyId: PLANTED[3], original: 'Moi, Jean, je…' },
    { text: 'Les horaires changent sans prévenir.', tags: [], submission: { id: PLANTED[0], day: PLANTED[1], recipients: [PLANTED[4]] }, campaign: PLANTED[5] },
  ] as unknown as ExportQuote[];
  const plantedFigure = (f: Figure) => ({ ...f, ids: [PLANTED[0]], day: PLANTED[1] }) as unknown as Figure;
  const tally = {
    kind: 'tally',
    categories: ['Teams', 'Viva'],
    counts: [plantedFigure(count(12)), plantedFigure(below5)],
    total: plantedFigure(count(15)),
    additive: true,
    records: [{ id: PLANTED[0], day: PLANTED[1], keyId: PLANTED[3] }],
  } as unknown as PublishedTable;
  const crossTab = {
    kind: 'crosstab',
    rows: ['Teams'],
    columns: ['Lyon', 'Paris'],
    cells: [[plantedFigure(count(12)), plantedFigure(withheld)]],
    rowTotals: [count(19)],
    columnTotals: [count(12), withheld],
    grandTotal: count(19),
    additive: { rows: true, columns: true },
    campaign: PLANTED[5],
  } as unknown as PublishedTable;
  const plantedLabels = { ...labels, keyId: PLANTED[3], day: PLANTED[1] } as ExportLabels;

  it('holds the quotes and their tags and none of the ids, days or key ids beside them', async () => {
    const outputs = [
      quotesMarkdown(quotes, { title: 'Citations', labels: plantedLabels }),
      quotesCsv(quotes, { separator: ';', labels: plantedLabels }),
      quotesCsv(quotes, { separator: ',', labels: plantedLabels }),
      docxText(await quotesDocx(quotes, { title: 'Citations', labels: plantedLabels, locale: 'fr' })),
    ];
    for (const output of outputs) {
      // Control: the search sees what an export does hold.
      expect(output).toContain('On nous surveille sur Teams.');
      expect(output).toContain('Surveillance / Teams');
      for (const value of PLANTED) expect(output).not.toContain(value);
      expect(output).not.toContain('Jean');
    }
  });

  it('holds the figures and none of the ids, days or key ids beside them', () => {
    for (const table of [tally, crossTab]) {
      const outputs = [
        figuresCsv(table, { separator: ';', labels: plantedLabels, locale: 'fr', title: 'Chiffres' }),
        figuresSvg(table, { title: 'Chiffres', labels: plantedLabels, locale: 'en' }),
      ];
      for (const output of outputs) {
        expect(output).toContain('12');
        for (const value of PLANTED) expect(output).not.toContain(value);
      }
    }
  });
});

describe('bad inputs', () => {
  const table: PublishedTally = { kind: 'tally', categories: ['a'], counts: [count(6)], total: count(6), additive: true };
  type Input = { quotes?: unknown; table?: unknown; labels?: unknown; separator?: unknown; locale?: unknown; title?: unknown };
  /** The input's value when the case gives one, null included; a good one otherwise. */
  const given = <K extends keyof Input, T>(input: Input, key: K, fallback: T): T => (key in input ? input[key] : fallback) as T;
  const exports: Record<string, (input: Input) => unknown> = {
    quotesMarkdown: (i) => quotesMarkdown(given(i, 'quotes', []), { title: given(i, 'title', 't'), labels: given(i, 'labels', labels) }),
    quotesCsv: (i) => quotesCsv(given(i, 'quotes', []), { separator: given(i, 'separator', ';'), labels: given(i, 'labels', labels) }),
    quotesDocx: (i) =>
      quotesDocx(given(i, 'quotes', []), { title: given(i, 'title', 't'), labels: given(i, 'labels', labels), locale: given(i, 'locale', 'fr') }),
    figuresCsv: (i) =>
      figuresCsv(given(i, 'table', table), {
        separator: given(i, 'separator', ';'),
        labels: given(i, 'labels', labels),
        locale: given(i, 'locale', 'fr'),
        title: given(i, 'title', undefined),
      }),
    figuresSvg: (i) => figuresSvg(given(i, 'table', table), { title: given(i, 'title', 't'), labels: given(i, 'labels', labels), locale: given(i, 'locale', 'fr') }),
  };
  const quoteExports = ['quotesMarkdown', 'quotesCsv', 'quotesDocx'];
  const figureExports = ['figuresCsv', 'figuresSvg'];
  const cases: [string[], Input, string][] = [
    [quoteExports, { quotes: null }, 'invalid quote'],
    [quoteExports, { quotes: [null] }, 'invalid quote'],
    [quoteExports, { quotes: [{ text: 1, tags: [] }] }, 'invalid quote'],
    [quoteExports, { quotes: [{ text: 'secret-text', tags: 'x' }] }, 'invalid quote'],
    [quoteExports, { quotes: [{ text: 'secret-text', tags: [3] }] }, 'invalid quote'],
    [quoteExports, { quotes: [{ tags: [] }] }, 'invalid quote'],
    [[...quoteExports, ...figureExports], { labels: null }, 'invalid labels'],
    [[...quoteExports, ...figureExports], { labels: { ...labels, withheldMark: undefined } }, 'invalid labels'],
    [['quotesCsv', 'figuresCsv'], { separator: '\t' }, 'invalid separator'],
    [['quotesDocx', ...figureExports], { locale: 'de' }, 'invalid locale'],
    [['quotesMarkdown', 'quotesDocx', ...figureExports], { title: 42 }, 'invalid title'],
    [figureExports, { table: null }, 'invalid table'],
    [figureExports, { table: { kind: 'pie' } }, 'invalid table'],
    [figureExports, { table: { ...table, counts: [] } }, 'invalid table'],
    [figureExports, { table: { ...table, categories: [7] } }, 'invalid table'],
    [figureExports, { table: { kind: 'crosstab', rows: ['a'], columns: ['b'], cells: [[]], rowTotals: [count(1)], columnTotals: [count(1)], grandTotal: count(1) } }, 'invalid table'],
    // A raw tally, with counts where figures belong, never leaves unsuppressed.
    [figureExports, { table: { kind: 'tally', categories: ['a', 'b'], counts: [3, 9], total: 12, additive: true } }, 'invalid figure'],
    [figureExports, { table: { ...table, counts: [{ kind: 'count', value: -1 }] } }, 'invalid figure'],
    [figureExports, { table: { ...table, counts: [{ kind: 'count', value: 2.5 }] } }, 'invalid figure'],
    [figureExports, { table: { ...table, counts: [{ kind: 'suppressed', below: 1 }] } }, 'invalid figure'],
    [figureExports, { table: { ...table, total: { kind: 'hidden' } } }, 'invalid figure'],
  ];
  const runs = cases.flatMap(([names, input, message]) => names.map((name) => [name, input, message] as const));

  it.each(runs)('%s refuses %j with %j', async (name, input, message) => {
    await expect(async () => exports[name](input)).rejects.toThrow(new Error(message));
  });

  it('refuses a figure that is not published, with a message that echoes nothing', () => {
    expect(() => figureText({ kind: 'count', value: -3 }, labels, 'fr')).toThrow(new Error('invalid figure'));
    expect(() => figureText(count(3), labels, 'de' as 'fr')).toThrow(new Error('invalid locale'));
    expect(() => figureText(count(3), {} as ExportLabels, 'fr')).toThrow(new Error('invalid labels'));
  });
});

describe('quotesDocx', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const quotes: ExportQuote[] = [
    { text: 'Le chef a dit "tais-toi", puis\nil est parti.', tags: ['Surveillance / Teams', 'Horaires'] },
    { text: 'Personne ne répond.', tags: [] },
  ];
  const options = { title: 'Témoignages — mars', labels, locale: 'fr' as const };

  /** The same call at two moments far apart, in different seasons and at different hours. */
  async function atTwoMoments<T>(make: () => Promise<T>): Promise<[T, T]> {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-04T09:15:07Z'));
    const first = await make();
    vi.setSystemTime(new Date('2027-08-22T18:42:33Z'));
    const second = await make();
    return [first, second];
  }

  it('gives the same bytes for the same quotes whenever it is made', async () => {
    const [first, second] = await atTwoMoments(() => quotesDocx(quotes, options));
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it('would not without its scrubbing: docx stamps the time of export (control)', async () => {
    const [first, second] = await atTwoMoments(async () =>
      new Uint8Array(await Packer.toArrayBuffer(new Document({ sections: [{ children: [new Paragraph('x')] }] }))),
    );
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(false);
    expect(part(readZip(first), 'docProps/core.xml')).toContain('2026-03-04T09:15:07');
  });

  it('stamps every zip entry 1980-01-01 00:00:00', async () => {
    const entries = readZip(await quotesDocx(quotes, options));
    expect(entries.length).toBeGreaterThan(5);
    for (const entry of entries) expect({ name: entry.name, stamps: entry.stamps }).toEqual({ name: entry.name, stamps: [0, 0x21, 0, 0x21] });
  });

  it('carries no author, editor, date or revision in its properties', async () => {
    const entries = readZip(await quotesDocx(quotes, options));
    expect(part(entries, 'docProps/core.xml')).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"/>',
    );
    for (const name of ['docProps/app.xml', 'docProps/custom.xml']) expect(part(entries, name)).toMatch(/^<\?xml [^>]*\?><Properties [^>]*\/>$/);
    const all = docxText(await quotesDocx(quotes, options));
    expect(all).not.toMatch(/\d{4}-\d{2}-\d{2}|creator|lastModifiedBy|revision|Un-named|rsid|paraId/i);
  });

  it('holds the title, each quote line by line, and its tags, in the locale\'s language', async () => {
    const entries = readZip(await quotesDocx(quotes, options));
    const document = part(entries, 'word/document.xml');
    const runs = [...document.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map(([, text]) => text);
    expect(runs).toEqual([
      'Témoignages — mars',
      'Le chef a dit &quot;tais-toi&quot;, puis',
      'il est parti.',
      'Thèmes\u00a0: Surveillance / Teams, Horaires',
      'Personne ne répond.',
    ]);
    expect(document).toContain('<w:br/><w:t xml:space="preserve">il est parti.</w:t>');
    expect(part(entries, 'word/styles.xml')).toContain('<w:lang w:val="fr-FR"/>');
    const english = readZip(await quotesDocx(quotes, { ...options, locale: 'en' }));
    expect(part(english, 'word/document.xml')).toContain('Thèmes: Surveillance / Teams, Horaires');
    expect(part(english, 'word/styles.xml')).toContain('<w:lang w:val="en-GB"/>');
  });

  it('keeps XML special and control characters from breaking the document', async () => {
    const text = 'a & b < c > "d" \'e\' ]]> <w:t>\u0007\u001b[2J\u0000\ud800\uffff\u0085 fin';
    const entries = readZip(await quotesDocx([{ text, tags: ['<tag & "x">'] }], { ...options, title: '<title>\u0001' }));
    const document = part(entries, 'word/document.xml');
    expect(document).toContain('a &amp; b &lt; c &gt; &quot;d&quot; &apos;e&apos; ]]&gt; &lt;w:t&gt;\ufffd\ufffd[2J\ufffd\ufffd\ufffd\ufffd fin');
    expect(document).toContain('&lt;title&gt;\ufffd');
    expect(document).toContain('Thèmes\u00a0: &lt;tag &amp; &quot;x&quot;&gt;');
    for (const entry of entries) {
      expect(new TextDecoder().decode(entry.data)).toMatch(/^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u);
    }
  });

  it('writes the title alone for no quote', async () => {
    const document = part(readZip(await quotesDocx([], options)), 'word/document.xml');
    expect([...document.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map(([, t]) => t)).toEqual(['Témoignages — mars']);
  });
});

describe('clearZipTimes', () => {
  it('refuses what is not a zip it can read whole', async () => {
    const docx = await quotesDocx([], { title: 't', labels, locale: 'fr' });
    const brokenDirectory = new Uint8Array(docx);
    const directory = new DataView(docx.buffer).getUint32(docx.length - 22 + 16, true);
    brokenDirectory[directory] ^= 0xff;
    for (const bytes of [new Uint8Array(0), new Uint8Array(64), docx.subarray(0, docx.length - 1), brokenDirectory]) {
      expect(() => clearZipTimes(bytes)).toThrow(new Error('invalid zip'));
    }
  });

  it('leaves the input as it was', async () => {
    const packed = new Uint8Array(await Packer.toArrayBuffer(new Document({ sections: [{ children: [new Paragraph('x')] }] })));
    const before = Buffer.from(packed);
    clearZipTimes(packed);
    expect(Buffer.from(packed).equals(before)).toBe(true);
  });
});

describe('a cross-tabulation in every figure format', () => {
  it('reads the same figures in CSV and SVG', () => {
    const crossTab: PublishedCrossTab = {
      kind: 'crosstab',
      rows: ['Teams'],
      columns: ['Lyon'],
      cells: [[count(1500)]],
      rowTotals: [count(1500)],
      columnTotals: [count(1500)],
      grandTotal: count(1500),
      additive: { rows: true, columns: true },
    };
    expect(figuresCsv(crossTab, { separator: ';', labels, locale: 'fr' })).toBe('\ufeffCatégorie;Lyon;Total\r\nTeams;1500;1500\r\nTotal;1500;1500\r\n');
    expect(figuresSvg(crossTab, { title: 't', labels, locale: 'fr' })).toContain('>1\u202f500</text>');
  });
});
