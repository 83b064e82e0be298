/**
 * CSV exports: cells defused and quoted for the separator chosen, files that an RFC 4180 reader
 * written here, apart from csv.ts, reads back cell for cell.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvFile, type CsvSeparator } from '../../web/workspace/src/core/csv.js';
import { figuresCsv, quotesCsv } from '../../web/workspace/src/core/export.js';
import type { PublishedCrossTab, PublishedTally } from '../../web/workspace/src/core/suppression.js';
import { below5, count, labels, withheld } from './export-fixtures.js';

const SEPARATORS: CsvSeparator[] = [',', ';'];

/** RFC 4180: records end with CRLF, a field is quoted or holds no quote, line break or separator. */
function parseCsv(text: string, separator: CsvSeparator): string[][] {
  expect(text.startsWith('\ufeff')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let at = 1;
  for (;;) {
    let field = '';
    if (text[at] === '"') {
      at++;
      for (;;) {
        const quote = text.indexOf('"', at);
        if (quote < 0) throw new Error('unterminated quoted field');
        field += text.slice(at, quote);
        at = quote + 1;
        if (text[at] !== '"') break;
        field += '"';
        at++;
      }
    } else {
      const rest = text.slice(at);
      const length = rest.search(separator === ',' ? /[,\r]/ : /[;\r]/);
      field = length < 0 ? rest : rest.slice(0, length);
      if (/["\n]/.test(field)) throw new Error('bare quote or line feed');
      at += field.length;
    }
    row.push(field);
    if (text[at] === separator) {
      at++;
      continue;
    }
    if (text.startsWith('\r\n', at)) {
      rows.push(row);
      row = [];
      at += 2;
      if (at === text.length) return rows;
      continue;
    }
    throw new Error('field not followed by a separator or CRLF');
  }
}

/** What csvCell promises to change, written again here: controls to U+FFFD, formulas defused. */
function defused(text: string): string {
  const shown = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '\ufffd');
  return /^[=+\-@\t\r]/.test(shown) ? `'${shown}` : shown;
}

describe('csvCell', () => {
  it.each([
    ['plain', ',', 'plain'],
    ['plain', ';', 'plain'],
    ['a,b', ',', '"a,b"'],
    ['a,b', ';', 'a,b'],
    ['a;b', ';', '"a;b"'],
    ['a;b', ',', 'a;b'],
    ['dit "non"', ';', '"dit ""non"""'],
    ['deux\nlignes', ',', '"deux\nlignes"'],
    ['deux\r\nlignes', ';', '"deux\r\nlignes"'],
    ['=1+1', ',', "'=1+1"],
    ['+33 6', ';', "'+33 6"],
    ['-2', ',', "'-2"],
    ['@SUM(A1)', ';', "'@SUM(A1)"],
    ['\tcaché', ',', "'\tcaché"],
    ['=HYPERLINK("http://example.test";"x")', ';', `"'=HYPERLINK(""http://example.test"";""x"")"`],
    ['a\u0007b\u001b[2J\u009bc\u007f', ',', 'a\ufffdb\ufffd[2J\ufffdc\ufffd'],
    ['', ',', ''],
  ] as const)('writes %j with %j as %j', (value, separator, expected) => {
    expect(csvCell(value, separator)).toBe(expected);
  });

  it('writes numbers as digits and defaults to the comma', () => {
    expect(csvCell(1234)).toBe('1234');
    expect(csvCell('a,b')).toBe('"a,b"');
  });
});

describe('quotesCsv', () => {
  const quotes = [
    { text: 'Le chef a dit "tais-toi"; puis\nil est parti.', tags: ['Surveillance / Teams', 'Horaires'] },
    { text: '=HYPERLINK("http://example.test")', tags: [] },
  ];

  it('writes a semicolon file for French spreadsheets', () => {
    expect(quotesCsv(quotes, { separator: ';', labels })).toBe(
      '\ufeffCitation;Thèmes\r\n' +
        '"Le chef a dit ""tais-toi""; puis\nil est parti.";Surveillance / Teams | Horaires\r\n' +
        `"'=HYPERLINK(""http://example.test"")";\r\n`,
    );
  });

  it('writes a comma file', () => {
    expect(quotesCsv(quotes, { separator: ',', labels })).toBe(
      '\ufeffCitation,Thèmes\r\n' +
        '"Le chef a dit ""tais-toi""; puis\nil est parti.",Surveillance / Teams | Horaires\r\n' +
        `"'=HYPERLINK(""http://example.test"")",\r\n`,
    );
  });

  it('writes the header alone for no quote', () => {
    expect(quotesCsv([], { separator: ';', labels })).toBe('\ufeffCitation;Thèmes\r\n');
  });

  it('reads back as the same cells for any text and tags, with either separator', () => {
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom(',', ';', '"', '\r', '\n', '\t', '=', '+', '-', '@', '\u0007', 'a', ' ') }));
    const quote = fc.record({ text, tags: fc.array(text, { maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(quote, { maxLength: 5 }), fc.constantFrom(...SEPARATORS), (list, separator) => {
        const rows = parseCsv(quotesCsv(list, { separator, labels }), separator);
        expect(rows).toEqual([
          [labels.quote, labels.tags],
          ...list.map((q) => [defused(q.text), defused(q.tags.join(' | '))]),
        ]);
      }),
    );
  });
});

describe('csvFile', () => {
  it('reads back as the same cells for any strings, with either separator, padded to the widest row', () => {
    const cell = fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(',', ';', '"', '\r', '\n', '=', '-', 'x') }));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 4 }), { minLength: 1, maxLength: 5 }), fc.constantFrom(...SEPARATORS), (rows, separator) => {
        const width = Math.max(...rows.map((r) => r.length));
        // A row of no cell at all is one empty cell, as any CSV reader sees an empty line.
        const expected = rows.map((r) => [...r, ...Array<string>(width - r.length).fill('')].map(defused)).map((r) => (r.length === 0 ? [''] : r));
        expect(parseCsv(csvFile(rows, separator), separator)).toEqual(expected);
      }),
    );
  });
});

describe('figuresCsv', () => {
  const tally: PublishedTally = {
    kind: 'tally',
    categories: ['Surveillance / Teams', 'Horaires; nuit', '=Salaires'],
    counts: [count(1234), below5, withheld],
    total: count(1250),
    additive: false,
  };

  it('writes a tally: header, a row per category, the total, then the notes', () => {
    expect(figuresCsv(tally, { separator: ';', labels, locale: 'fr', title: 'Par thème' })).toBe(
      '\ufeffPar thème;\r\n' +
        'Catégorie;Nombre\r\n' +
        'Surveillance / Teams;1234\r\n' +
        '"Horaires; nuit";< 5\r\n' +
        "'=Salaires;×\r\n" +
        'Total;1250\r\n' +
        ';\r\n' +
        '< 5 : moins de 5 témoignages, chiffre masqué;\r\n' +
        "× : chiffre masqué pour qu'on ne puisse pas en déduire un autre;\r\n",
    );
  });

  it('writes counts as plain digits in either language', () => {
    for (const locale of ['fr', 'en'] as const) {
      expect(figuresCsv(tally, { separator: ',', labels, locale })).toContain('\r\nSurveillance / Teams,1234\r\n');
    }
  });

  it('writes a cross-tabulation with a header of columns, row totals and a totals row', () => {
    const crossTab: PublishedCrossTab = {
      kind: 'crosstab',
      rows: ['Teams', 'Viva'],
      columns: ['Lyon', 'Paris, 15e'],
      cells: [
        [count(12), below5],
        [withheld, count(7)],
      ],
      rowTotals: [count(14), count(20)],
      columnTotals: [count(20), withheld],
      grandTotal: count(34),
      additive: { rows: true, columns: true },
    };
    expect(figuresCsv(crossTab, { separator: ',', labels, locale: 'en' })).toBe(
      '\ufeffCatégorie,Lyon,"Paris, 15e",Total\r\n' +
        'Teams,12,< 5,14\r\n' +
        'Viva,×,7,20\r\n' +
        'Total,20,×,34\r\n' +
        ',,,\r\n' +
        '"< 5 : moins de 5 témoignages, chiffre masqué",,,\r\n' +
        "× : chiffre masqué pour qu'on ne puisse pas en déduire un autre,,,\r\n",
    );
  });

  it('writes no note when every figure is shown, and one per threshold met', () => {
    const shown: PublishedTally = { kind: 'tally', categories: ['a', 'b'], counts: [count(6), count(7)], total: count(13), additive: true };
    expect(figuresCsv(shown, { separator: ';', labels, locale: 'fr' })).toBe('\ufeffCatégorie;Nombre\r\na;6\r\nb;7\r\nTotal;13\r\n');
    const thresholds: PublishedTally = {
      kind: 'tally',
      categories: ['a', 'b'],
      counts: [{ kind: 'suppressed', below: 10 }, below5],
      total: count(1000),
      additive: false,
    };
    const notes = parseCsv(figuresCsv(thresholds, { separator: ';', labels, locale: 'fr' }), ';').slice(5);
    expect(notes).toEqual([
      ['< 5 : moins de 5 témoignages, chiffre masqué', ''],
      ['< 10 : moins de 10 témoignages, chiffre masqué', ''],
    ]);
  });
});
