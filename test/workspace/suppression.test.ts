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
  MIN_THRESHOLD,
  suppressCrossTab,
  suppressTally,
  type Figure,
  type PublishedCrossTab,
  type PublishedTally,
} from '../../web/workspace/src/core/suppression.js';

const count = (value: number): Figure => ({ kind: 'count', value });
const below = (t: number): Figure => ({ kind: 'suppressed', below: t });
const withheld: Figure = { kind: 'withheld' };

function rawTally(categories: string[], counts: number[], total: number, shape: { additive: boolean; categoriesMet: boolean }): Tally {
  return { kind: 'tally', categories, counts, total, ...shape };
}

/**
 * Additive on both axes, totals computed. An axis counts as listed from the data when none of its
 * totals is 0: the most a reader could know, so the hardest reader to protect against.
 */
function partition(cells: number[][]): CrossTab {
  const rowTotals = cells.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = cells[0].map((_, c) => cells.reduce((a, row) => a + row[c], 0));
  return {
    kind: 'crosstab',
    rows: cells.map((_, r) => `r${r}`),
    columns: cells[0].map((_, c) => `c${c}`),
    cells,
    rowTotals,
    columnTotals,
    grandTotal: rowTotals.reduce((a, b) => a + b, 0),
    additive: { rows: true, columns: true },
    categoriesMet: { rows: rowTotals.every((v) => v > 0), columns: columnTotals.every((v) => v > 0) },
  };
}

// ---------------------------------------------------------------------------------------------
// The reader: every figure of a table as one list, the relations between them, and a search.

interface Line {
  members: number[];
  total: number;
  additive: boolean;
}

/**
 * minimums: what a reader knows each figure to be at least. The published table does not say how its
 * categories were chosen, but a reader who knows the workspace does: taken from the raw table.
 */
interface Problem {
  values: number[];
  figures: Figure[];
  minimums: number[];
  lines: Line[];
}

function tallyProblem(raw: Tally, published: PublishedTally): Problem {
  const n = raw.counts.length;
  const atLeastOne = raw.categoriesMet ? 1 : 0;
  return {
    values: [...raw.counts, raw.total],
    figures: [...published.counts, published.total],
    minimums: [...raw.counts.map(() => atLeastOne), n > 0 ? atLeastOne : 0],
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
  const rowsMet = raw.categoriesMet.rows && R > 0;
  const columnsMet = raw.categoriesMet.columns && C > 0;
  return {
    values: [...raw.cells.flat(), ...raw.rowTotals, ...raw.columnTotals, raw.grandTotal],
    figures: [...published.cells.flat(), ...published.rowTotals, ...published.columnTotals, published.grandTotal],
    minimums: [
      ...raw.cells.flat().map(() => 0),
      ...raw.rowTotals.map(() => (rowsMet ? 1 : 0)),
      ...raw.columnTotals.map(() => (columnsMet ? 1 : 0)),
      rowsMet || columnsMet ? 1 : 0,
    ],
    lines,
  };
}

/**
 * What a reader knows of each figure: a shown count exactly, "< t" as its minimum to t - 1, a
 * withheld one as t or more, unless the whole table is withheld. The search caps withheld figures a
 * little above the largest true value: a smaller search space can only make the reader look stronger.
 */
function domains(problem: Problem, threshold: number): [number, number][] {
  const cap = Math.max(...problem.values) + threshold + 2;
  const allWithheld = problem.figures.every((f) => f.kind === 'withheld');
  return problem.figures.map((f, i) => {
    const least = problem.minimums[i];
    if (f.kind === 'count') return [problem.values[i], problem.values[i]];
    if (f.kind === 'suppressed') return [least, f.below - 1];
    return [allWithheld ? least : threshold, cap];
  });
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
    const published = suppressTally(rawTally(['a', 'b', 'c', 'd'], [12, 4, 0, 7], 20, { additive: false, categoriesMet: false }));
    expect(published.counts).toEqual([count(12), below(5), below(5), count(7)]);
    expect(published.total).toEqual(count(20));
  });

  it('takes any threshold of at least 3', () => {
    const table = rawTally(['a', 'b', 'c'], [2, 3, 9], 9, { additive: false, categoriesMet: true });
    expect(suppressTally(table, 3).counts).toEqual([below(3), count(3), count(9)]);
    expect(suppressTally(table, 4).counts).toEqual([below(4), below(4), count(9)]);
    expect(DEFAULT_THRESHOLD).toBe(5);
    expect(MIN_THRESHOLD).toBe(3);
  });

  it('suppresses totals below the threshold', () => {
    const published = suppressTally(rawTally(['a', 'b'], [3, 1], 3, { additive: false, categoriesMet: true }));
    expect(published).toMatchObject({ counts: [below(5), below(5)], total: below(5) });
  });

  it('refuses a threshold below 3, where "< 2" of a category met in the data is exactly 1, or not an integer', () => {
    const table = rawTally(['a'], [3], 3, { additive: true, categoriesMet: true });
    for (const t of [2, 1, 0, -5, 3.5, Number.NaN, Infinity]) expect(() => suppressTally(table, t)).toThrow(/^invalid threshold$/);
  });
});

describe('secondary suppression on hand-made tables', () => {
  const tenAlphaOneBetaOneGamma = [...Array<string>(10).fill('alpha'), 'beta', 'gamma'].map((campaign): FigureRecord => ({ tags: [], attributes: { campaign } }));

  it('withholds the smallest other count when a total would give a suppressed one away', () => {
    // 40 - 25 - 12 = 3: the "< 5" is withheld company, the smallest shown count.
    const table = rawTally(['yes', 'no', 'unsure', 'blank'], [25, 12, 3, 30], 70, { additive: true, categoriesMet: true });
    expect(suppressTally(table).counts).toEqual([count(25), withheld, below(5), count(30)]);
  });

  it('keeps two counts of 1 from being pinned by what a reader knows of categories met in the data', () => {
    // beta + gamma = 2, and each campaign listed holds at least one testimony: both would be 1.
    const table = tally(tenAlphaOneBetaOneGamma, { kind: 'attribute', name: 'campaign' });
    const published = suppressTally(table);
    const problem = tallyProblem(table, published);
    expect(workedOut(problem, 5)).toEqual([]);
    expectHonest(problem, 5);
    expect(published.counts).toEqual([withheld, below(5), below(5)]);
  });

  it('needs nothing more when the categories were given and one of them may be empty', () => {
    const table = tally(tenAlphaOneBetaOneGamma, { kind: 'attribute', name: 'campaign' }, ['alpha', 'beta', 'gamma', 'delta']);
    const published = suppressTally(table);
    expect(published.counts).toEqual([count(10), below(5), below(5), below(5)]);
    expect(workedOut(tallyProblem(table, published), 5)).toEqual([]);
  });

  it('keeps row totals of 1 from being pinned by what a reader knows of rows met in the data', () => {
    // Rows 1 and 2 have nothing in c1, so their totals are their c0 cells, which sum to 12 - 10 = 2:
    // both 1 when the rows were listed from the data.
    const table = partition([
      [10, 10],
      [1, 0],
      [1, 0],
    ]);
    const published = suppressCrossTab(table);
    const problem = crossTabProblem(table, published);
    expect(workedOut(problem, 5)).toEqual([]);
    expectHonest(problem, 5);
  });

  it('needs nothing more where testimonies may count in several categories and the total leaves room', () => {
    const table = rawTally(['a', 'b', 'c'], [10, 3, 8], 18, { additive: false, categoriesMet: true });
    expect(suppressTally(table).counts).toEqual([count(10), below(5), count(8)]);
  });

  it('protects a count the sum bound would pin, although the axis is not additive', () => {
    // No overlap: 10 + x >= 14 and x < 5 give x = 4.
    const table = rawTally(['a', 'b'], [10, 4], 14, { additive: false, categoriesMet: true });
    const published = suppressTally(table);
    expect(published.counts).toEqual([withheld, below(5)]);
    expect(workedOut(tallyProblem(table, published), 5)).toEqual([]);
  });

  it('goes beyond two hidden cells per line when the bounds pin them', () => {
    // 10, 4, 4 and 18 leave exactly two hidden cells in the line, and both must be 4.
    const table = rawTally(['a', 'b', 'c'], [10, 4, 4], 18, { additive: true, categoriesMet: true });
    const published = suppressTally(table);
    expect(published.counts).toEqual([withheld, below(5), below(5)]);
    expect(workedOut(tallyProblem(table, published), 5)).toEqual([]);
  });

  it('shows small counts that equal their total where testimonies may count in several categories', () => {
    // A tag and its parent on the one testimony: both could be 2, with a total of 2.
    const table = rawTally(['Surveillance', 'Surveillance / Teams'], [1, 1], 1, { additive: false, categoriesMet: true });
    const published = suppressTally(table);
    expect(published).toMatchObject({ counts: [below(5), below(5)], total: below(5) });
    expect(workedOut(tallyProblem(table, published), 5)).toEqual([]);
  });

  it('shows a small total equal to two of its counts, which could only go down with both', () => {
    // 4, 4, 1 and 4 could be 3, 3, 1 and 3: no single count and the total move alone.
    const table = rawTally(['Surveillance', 'Surveillance / Teams', 'Harcèlement'], [4, 4, 1], 4, { additive: false, categoriesMet: true });
    const published = suppressTally(table);
    expect(published).toMatchObject({ counts: [below(5), below(5), below(5)], total: below(5) });
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
    const table = rawTally(['a', 'b', 'c'], [12, 0, 30], 42, { additive: true, categoriesMet: false });
    expect(suppressTally(table).counts).toEqual([count(12), below(5), count(30)]);
  });

  it('hides every figure when nothing smaller could protect the rest', () => {
    const table = rawTally(['a'], [3], 3, { additive: true, categoriesMet: true });
    expect(suppressTally(table)).toMatchObject({ counts: [below(5)], total: below(5) });
  });
});

describe('bad tables', () => {
  const good = rawTally(['a', 'b'], [3, 4], 7, { additive: true, categoriesMet: true });
  const bad: Record<string, unknown> = {
    'a negative count': { ...good, categoriesMet: false, counts: [-1, 8] },
    'a fractional count': { ...good, counts: [2.5, 4.5] },
    'a count that is not a number': { ...good, counts: ['3', 4] },
    'counts and categories of different lengths': { ...good, counts: [7] },
    'duplicate categories': { ...good, categories: ['a', 'a'] },
    'an additive tally that does not add up': { ...good, total: 8 },
    'a total above the sum of the counts': { ...good, additive: false, total: 8 },
    'a total below a count': { ...good, additive: false, counts: [3, 9] },
    'an empty category said to be met in the data': { ...good, counts: [0, 7] },
    'no word on how categories were listed': { ...good, categoriesMet: undefined },
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

  it('refuses a cross-tabulation with an empty row or column said to be met in the data', () => {
    const table = partition([
      [0, 2],
      [0, 4],
    ]);
    expect(table.categoriesMet).toEqual({ rows: true, columns: false });
    expect(() => suppressCrossTab(table)).not.toThrow();
    expect(() => suppressCrossTab({ ...table, categoriesMet: { rows: true, columns: true } })).toThrow(/^invalid table$/);
    expect(() => suppressCrossTab({ ...table, categoriesMet: { rows: true } } as CrossTab)).toThrow(/^invalid table$/);
  });
});

// ---------------------------------------------------------------------------------------------

const VALUES: Record<string, string[]> = { tags: ['a', 'b', 'c'], site: ['x', 'y', 'z'], team: ['p', 'q'] };

/** Small random testimonies: up to three tags, one site or several, one team or none. */
const recordsArb = fc.array(
  fc.record({
    tags: fc.subarray(VALUES.tags),
    site: fc.oneof(fc.constantFrom(...VALUES.site), fc.subarray(VALUES.site, { minLength: 1 })),
    team: fc.option(fc.constantFrom(...VALUES.team), { nil: undefined }),
  }),
  { maxLength: 16 },
).map((list): FigureRecord[] =>
  list.map(({ tags, site, team }): FigureRecord => ({ tags, attributes: team === undefined ? { site } : { site, team } })),
);

const axisOf = (name: string) => (name === 'tags' ? ({ kind: 'tags' } as const) : ({ kind: 'attribute', name } as const));

/** Listed from the data (undefined), or given by the caller and then possibly holding a value never met. */
const categoriesArb = (axis: string) => fc.option(fc.shuffledSubarray([...VALUES[axis], 'never']), { nil: undefined });

const thresholdArb = fc.integer({ min: MIN_THRESHOLD, max: 5 });
// PAROLE_SLOW_TESTS=1 runs twenty times as many random tables.
const runs = (n: number) => (process.env.PAROLE_SLOW_TESTS === '1' ? 20 * n : n);

describe('no suppressed figure can be worked out (brute force on random tables)', () => {
  it('tallies, additive or not, with categories listed from the data or given', () => {
    const axisArb = fc.constantFrom('tags', 'site', 'team').chain((on) => fc.tuple(fc.constant(on), categoriesArb(on)));
    fc.assert(
      fc.property(recordsArb, thresholdArb, axisArb, (records, t, [on, categories]) => {
        const raw = tally(records, axisOf(on), categories);
        expect(raw.categoriesMet).toBe(categories === undefined);
        const problem = tallyProblem(raw, suppressTally(raw, t));
        expectHonest(problem, t);
        expect(workedOut(problem, t)).toEqual([]);
      }),
      { numRuns: runs(300) },
    );
  });

  it('cross-tabulations, additive or not on each axis, with categories listed from the data or given', () => {
    const axesArb = fc
      .constantFrom<[string, string]>(['tags', 'site'], ['site', 'tags'], ['site', 'team'], ['tags', 'team'], ['team', 'site'])
      .chain(([rows, columns]) => fc.tuple(fc.constant(rows), fc.constant(columns), categoriesArb(rows), categoriesArb(columns)));
    fc.assert(
      fc.property(recordsArb, thresholdArb, axesArb, (records, t, [rows, columns, rowCategories, columnCategories]) => {
        const raw = crossTabulate(records, axisOf(rows), axisOf(columns), { rows: rowCategories, columns: columnCategories });
        expect(raw.categoriesMet).toEqual({ rows: rowCategories === undefined, columns: columnCategories === undefined });
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
    const raw = rawTally(['a', 'b', 'c'], [25, 12, 3], 40, { additive: true, categoriesMet: true });
    const naive: PublishedTally = { ...suppressTally(raw), counts: [count(25), count(12), below(5)] };
    expect(workedOut(tallyProblem(raw, naive), 5)).toEqual([2]);
  });

  it('the reader counts on categories met in the data holding one testimony or more, and on nothing else (control)', () => {
    // beta + gamma = 2: both 1 when each campaign listed holds a testimony, else 0 and 2 are possible.
    const naive = (raw: Tally): PublishedTally => ({ ...suppressTally(raw), counts: [count(10), below(5), below(5)], total: count(12) });
    const met = rawTally(['alpha', 'beta', 'gamma'], [10, 1, 1], 12, { additive: true, categoriesMet: true });
    const given = { ...met, categoriesMet: false };
    expect(workedOut(tallyProblem(met, naive(met)), 5)).toEqual([1, 2]);
    expect(workedOut(tallyProblem(given, naive(given)), 5)).toEqual([]);
  });
});
