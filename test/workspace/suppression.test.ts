/**
 * Small-cell suppression, checked against a reader who searches every table agreeing with what
 * was published. The reader is written here from the relations alone, apart from the flow network
 * suppression.ts reasons with, so that a mistake in one is not copied into the other.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossTabulate, tally, type CrossTab, type FigureRecord, type Tally } from '../../web/workspace/src/core/figures.js';
import {
  DEFAULT_THRESHOLD,
  suppressCrossTab,
  suppressTally,
  type Figure,
  type PublishedCrossTab,
  type PublishedTally,
} from '../../web/workspace/src/core/suppression.js';

const count = (value: number): Figure => ({ kind: 'count', value });
const below = (t: number): Figure => ({ kind: 'suppressed', below: t });
const withheld: Figure = { kind: 'withheld' };

function rawTally(categories: string[], counts: number[], total: number, additive: boolean): Tally {
  return { kind: 'tally', categories, counts, total, additive };
}

function rawCrossTab(cells: number[][], rowTotals: number[], columnTotals: number[], grandTotal: number, additive: { rows: boolean; columns: boolean }): CrossTab {
  return {
    kind: 'crosstab',
    rows: cells.map((_, r) => `r${r}`),
    columns: cells[0].map((_, c) => `c${c}`),
    cells,
    rowTotals,
    columnTotals,
    grandTotal,
    additive,
  };
}

/** Additive on both axes, totals computed. */
function partition(cells: number[][]): CrossTab {
  const rowTotals = cells.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = cells[0].map((_, c) => cells.reduce((a, row) => a + row[c], 0));
  return rawCrossTab(cells, rowTotals, columnTotals, rowTotals.reduce((a, b) => a + b, 0), { rows: true, columns: true });
}

// ---------------------------------------------------------------------------------------------
// The reader: every figure of a table as one list, the relations between them, and a search.

interface Line {
  members: number[];
  total: number;
  additive: boolean;
}

interface Problem {
  values: number[];
  figures: Figure[];
  lines: Line[];
}

function tallyProblem(raw: Tally, published: PublishedTally): Problem {
  const n = raw.counts.length;
  return {
    values: [...raw.counts, raw.total],
    figures: [...published.counts, published.total],
    lines: [{ members: raw.counts.map((_, i) => i), total: n, additive: published.additive }],
  };
}

function crossTabProblem(raw: CrossTab, published: PublishedCrossTab): Problem {
  const R = raw.rows.length;
  const C = raw.columns.length;
  const cell = (r: number, c: number) => r * C + c;
  const rowTotal = (r: number) => R * C + r;
  const columnTotal = (c: number) => R * C + R + c;
  const grand = R * C + R + C;
  const range = (k: number) => Array.from({ length: k }, (_, i) => i);
  const lines: Line[] = [
    ...range(R).map((r) => ({ members: range(C).map((c) => cell(r, c)), total: rowTotal(r), additive: published.additive.columns })),
    { members: range(C).map(columnTotal), total: grand, additive: published.additive.columns },
    ...range(C).map((c) => ({ members: range(R).map((r) => cell(r, c)), total: columnTotal(c), additive: published.additive.rows })),
    { members: range(R).map(rowTotal), total: grand, additive: published.additive.rows },
  ];
  return {
    values: [...raw.cells.flat(), ...raw.rowTotals, ...raw.columnTotals, raw.grandTotal],
    figures: [...published.cells.flat(), ...published.rowTotals, ...published.columnTotals, published.grandTotal],
    lines,
  };
}

/**
 * What a reader knows of each figure: a shown count exactly, "< t" as 0 to t - 1, a withheld one as
 * t or more, unless the whole table is withheld. The search caps withheld figures a little above the
 * largest true value: a smaller search space can only make the reader look stronger.
 */
function domains(problem: Problem, threshold: number): [number, number][] {
  const cap = Math.max(...problem.values) + threshold + 2;
  const floor = problem.figures.every((f) => f.kind === 'withheld') ? 0 : threshold;
  return problem.figures.map((f, i) =>
    f.kind === 'count' ? [problem.values[i], problem.values[i]] : f.kind === 'suppressed' ? [0, f.below - 1] : [floor, cap],
  );
}

function consistent(lines: Line[], lo: number[], hi: number[]): boolean {
  for (const { members, total, additive } of lines) {
    const sumLo = members.reduce((a, m) => a + lo[m], 0);
    const sumHi = members.reduce((a, m) => a + hi[m], 0);
    if (additive ? sumHi < lo[total] || sumLo > hi[total] : sumHi < lo[total] || members.some((m) => lo[m] > hi[total])) return false;
  }
  return true;
}

/** Depth-first search for any table within the domains that keeps every relation. */
function feasible(lines: Line[], start: [number, number][]): boolean {
  const lo = start.map(([l]) => l);
  const hi = start.map(([, h]) => h);
  const visit = (): boolean => {
    if (!consistent(lines, lo, hi)) return false;
    const open = lo.findIndex((l, i) => l !== hi[i]);
    if (open === -1) return true;
    const [l, h] = [lo[open], hi[open]];
    for (let v = l; v <= h; v++) {
      lo[open] = hi[open] = v;
      if (visit()) return true;
    }
    lo[open] = l;
    hi[open] = h;
    return false;
  };
  return visit();
}

/** Indexes of hidden figures whose true value lies in 1..t-1 and that no other table agrees with. */
function workedOut(problem: Problem, threshold: number): number[] {
  const base = domains(problem, threshold);
  const found: number[] = [];
  problem.figures.forEach((f, i) => {
    const v = problem.values[i];
    if (f.kind === 'count' || v === 0 || v >= threshold) return;
    const [l, h] = base[i];
    const lower = v > l && feasible(problem.lines, base.map((d, j) => (j === i ? [l, v - 1] : d)));
    const higher = v < h && feasible(problem.lines, base.map((d, j) => (j === i ? [v + 1, h] : d)));
    if (!lower && !higher) found.push(i);
  });
  return found;
}

/** Every figure as published agrees with the raw table: counts shown as they are, small ones hidden. */
function expectHonest(problem: Problem, threshold: number): void {
  if (problem.figures.every((f) => f.kind === 'withheld')) return;
  problem.figures.forEach((f, i) => {
    const v = problem.values[i];
    if (v < threshold) expect(f).toEqual(below(threshold));
    else expect(f.kind === 'withheld' || (f.kind === 'count' && f.value === v)).toBe(true);
  });
}

// ---------------------------------------------------------------------------------------------

describe('primary suppression', () => {
  it('shows every count below the threshold, zero included, as "< t"', () => {
    const published = suppressTally(rawTally(['a', 'b', 'c', 'd'], [12, 4, 0, 7], 20, false));
    expect(published.counts).toEqual([count(12), below(5), below(5), count(7)]);
    expect(published.total).toEqual(count(20));
  });

  it('takes any threshold of at least 2', () => {
    const table = rawTally(['a', 'b', 'c'], [1, 2, 9], 9, false);
    expect(suppressTally(table, 2).counts).toEqual([below(2), count(2), count(9)]);
    expect(suppressTally(table, 3).counts).toEqual([below(3), below(3), count(9)]);
    expect(DEFAULT_THRESHOLD).toBe(5);
  });

  it('suppresses totals below the threshold', () => {
    const published = suppressTally(rawTally(['a', 'b'], [3, 1], 3, false));
    expect(published).toMatchObject({ counts: [below(5), below(5)], total: below(5) });
  });

  it('refuses a threshold below 2 or not an integer', () => {
    const table = rawTally(['a'], [3], 3, true);
    for (const t of [1, 0, -5, 2.5, Number.NaN, Infinity]) expect(() => suppressTally(table, t)).toThrow(/^invalid threshold$/);
  });
});

describe('secondary suppression on hand-made tables', () => {
  it('withholds the smallest other count when a total would give a suppressed one away', () => {
    // 40 - 25 - 12 = 3: the "< 5" is withheld company, the smallest shown count.
    const table = rawTally(['yes', 'no', 'unsure', 'blank'], [25, 12, 3, 30], 70, true);
    expect(suppressTally(table).counts).toEqual([count(25), withheld, below(5), count(30)]);
  });

  it('needs nothing more where testimonies may count in several categories and the total leaves room', () => {
    const table = rawTally(['a', 'b', 'c'], [10, 3, 8], 18, false);
    expect(suppressTally(table).counts).toEqual([count(10), below(5), count(8)]);
  });

  it('protects a count the sum bound would pin, although the axis is not additive', () => {
    // No overlap: 10 + x >= 14 and x < 5 give x = 4.
    const table = rawTally(['a', 'b'], [10, 4], 14, false);
    const published = suppressTally(table);
    expect(published.counts).toEqual([withheld, below(5)]);
    expect(workedOut(tallyProblem(table, published), 5)).toEqual([]);
  });

  it('goes beyond two hidden cells per line when the bounds pin them', () => {
    // 10, 4, 4 and 18 leave exactly two hidden cells in the line, and both must be 4.
    const table = rawTally(['a', 'b', 'c'], [10, 4, 4], 18, true);
    const published = suppressTally(table);
    expect(published.counts).toEqual([withheld, below(5), below(5)]);
    expect(workedOut(tallyProblem(table, published), 5)).toEqual([]);
  });

  it('protects a suppressed cell in both its row and its column', () => {
    const table = partition([
      [20, 3, 15],
      [8, 30, 12],
      [25, 9, 40],
    ]);
    const published = suppressCrossTab(table);
    // 3 is hidden; 8 and 9 are withheld beside it, then 12 in row 1 or column 2 closes the cycle.
    expect(published.cells[0][1]).toEqual(below(5));
    const problem = crossTabProblem(table, published);
    expect(workedOut(problem, 5)).toEqual([]);
    expectHonest(problem, 5);
    expect(published.cells.flat().filter((f) => f.kind === 'withheld').length).toBeGreaterThanOrEqual(3);
  });

  it('hides a row total under the threshold and protects it through the grand total', () => {
    const table = partition([
      [2, 1],
      [20, 30],
      [15, 9],
    ]);
    const published = suppressCrossTab(table);
    expect(published.rowTotals[0]).toEqual(below(5));
    const problem = crossTabProblem(table, published);
    expect(workedOut(problem, 5)).toEqual([]);
    expectHonest(problem, 5);
  });

  it('lets a hidden zero be worked out: it singles nobody out', () => {
    const table = rawTally(['a', 'b', 'c'], [12, 0, 30], 42, true);
    expect(suppressTally(table).counts).toEqual([count(12), below(5), count(30)]);
  });

  it('hides every figure when nothing smaller could protect the rest', () => {
    const table = rawTally(['a'], [3], 3, true);
    expect(suppressTally(table)).toMatchObject({ counts: [below(5)], total: below(5) });
  });
});

describe('bad tables', () => {
  const good = rawTally(['a', 'b'], [3, 4], 7, true);
  const bad: Record<string, unknown> = {
    'a negative count': { ...good, counts: [-1, 8] },
    'a fractional count': { ...good, counts: [2.5, 4.5] },
    'a count that is not a number': { ...good, counts: ['3', 4] },
    'counts and categories of different lengths': { ...good, counts: [7] },
    'duplicate categories': { ...good, categories: ['a', 'a'] },
    'an additive tally that does not add up': { ...good, total: 8 },
    'a total above the sum of the counts': { ...good, additive: false, total: 8 },
    'a total below a count': { ...good, additive: false, counts: [3, 9] },
    'no table': null,
  };
  it.each(Object.entries(bad))('refuses %s', (_, table) => {
    expect(() => suppressTally(table as Tally)).toThrow(/^invalid table$/);
  });

  it('refuses a cross-tabulation whose totals disagree with its cells', () => {
    const table = partition([
      [1, 2],
      [3, 4],
    ]);
    expect(() => suppressCrossTab({ ...table, rowTotals: [3, 8] })).toThrow(/^invalid table$/);
    expect(() => suppressCrossTab({ ...table, grandTotal: 11 })).toThrow(/^invalid table$/);
    expect(() => suppressCrossTab({ ...table, cells: [[1, 2]] })).toThrow(/^invalid table$/);
    expect(() => suppressCrossTab({ ...table, additive: { rows: false, columns: true }, columnTotals: [9, 6] })).toThrow(/^invalid table$/);
  });
});

// ---------------------------------------------------------------------------------------------

const TAGS = ['a', 'b', 'c'];
const SITES = ['x', 'y', 'z'];

/** Small random testimonies: up to three tags, one site or several, one team. */
const recordsArb = fc.array(
  fc.record({
    tags: fc.subarray(TAGS),
    site: fc.oneof(fc.constantFrom(...SITES), fc.subarray(SITES, { minLength: 1 })),
    team: fc.constantFrom('p', 'q'),
  }),
  { maxLength: 16 },
).map((list): FigureRecord[] => list.map(({ tags, site, team }) => ({ tags, attributes: { site, team } })));

const thresholdArb = fc.integer({ min: 2, max: 4 });
// PAROLE_SLOW_TESTS=1 runs twenty times as many random tables.
const runs = (n: number) => (process.env.PAROLE_SLOW_TESTS === '1' ? 20 * n : n);

describe('no suppressed figure can be worked out (brute force on random tables)', () => {
  it('tallies, additive or not', () => {
    fc.assert(
      fc.property(recordsArb, thresholdArb, fc.constantFrom('tags', 'site', 'team'), (records, t, on) => {
        const raw = tally(records, on === 'tags' ? { kind: 'tags' } : { kind: 'attribute', name: on });
        const problem = tallyProblem(raw, suppressTally(raw, t));
        expectHonest(problem, t);
        expect(workedOut(problem, t)).toEqual([]);
      }),
      { numRuns: runs(300) },
    );
  });

  it('cross-tabulations, additive or not on each axis', () => {
    const axes = fc.constantFrom<[string, string]>(['tags', 'site'], ['site', 'tags'], ['site', 'team'], ['tags', 'team'], ['team', 'site']);
    fc.assert(
      fc.property(recordsArb, thresholdArb, axes, (records, t, [rows, columns]) => {
        const axis = (name: string) => (name === 'tags' ? ({ kind: 'tags' } as const) : ({ kind: 'attribute', name } as const));
        const raw = crossTabulate(records, axis(rows), axis(columns));
        if (raw.rows.length === 0 || raw.columns.length === 0) return;
        const problem = crossTabProblem(raw, suppressCrossTab(raw, t));
        expectHonest(problem, t);
        expect(workedOut(problem, t)).toEqual([]);
      }),
      { numRuns: runs(200) },
    );
  });

  it('dense additive tables with counts around the threshold', () => {
    const cellsArb = fc
      .record({ rows: fc.integer({ min: 1, max: 3 }), columns: fc.integer({ min: 1, max: 3 }) })
      .chain(({ rows, columns }) => fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }));
    fc.assert(
      fc.property(cellsArb, thresholdArb, (cells, t) => {
        const raw = partition(cells);
        const problem = crossTabProblem(raw, suppressCrossTab(raw, t));
        expectHonest(problem, t);
        expect(workedOut(problem, t)).toEqual([]);
      }),
      { numRuns: runs(200) },
    );
  });

  it('the reader finds what an unprotected table gives away (control)', () => {
    // Published as primary suppression alone: 40 - 25 - 12 = 3.
    const raw = rawTally(['a', 'b', 'c'], [25, 12, 3], 40, true);
    const naive: PublishedTally = { ...suppressTally(raw), counts: [count(25), count(12), below(5)] };
    expect(workedOut(tallyProblem(raw, naive), 5)).toEqual([2]);
  });
});
