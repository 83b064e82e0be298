/**
 * Small-cell suppression: what of a table may leave the workspace so that no count below the
 * threshold t can be read or worked out.
 *
 * Primary: every count below t, zero included, is published as "< t". Zeros are hidden too: if
 * they were shown, "< t" would mean 1 to t - 1, which for t = 2 is exactly 1, and two "< t" cells
 * whose sum is known to be 2 would both be 1. With zeros hidden, "< t" covers 0 to t - 1.
 *
 * Secondary: a hidden count between 1 and t - 1 must keep at least two possible values for a reader
 * who knows every published figure and the relations between them: cells of an additive line sum
 * to its total; elsewhere a total lies between the line's largest cell and the sum of its cells;
 * "< t" is 0 to t - 1; a withheld figure is t or more (only shown counts are withheld). Counting
 * cells per line is not enough: a row holding 10, "< 5", "< 5" and the total 18 gives away two 4s.
 * So each such count is checked exactly (see canMove), and while one can be worked out, the
 * smallest shown figure of its row or column is withheld, until none can. A hidden zero may still be
 * worked out: it singles nobody out.
 *
 * The reader this protects against does not replay this procedure: one who does may learn from
 * where figures were withheld that a "< t" is not zero. Tables are protected one at a time; two
 * published tables sharing a total are not checked against each other.
 */
import type { CrossTab, Tally } from './figures.js';

export const DEFAULT_THRESHOLD = 5;

/**
 * A published figure: a count; a count below `below`, 0 included; or a count withheld to protect
 * another, which is `below` or more unless every figure of its table is withheld.
 */
export type Figure =
  | { readonly kind: 'count'; readonly value: number }
  | { readonly kind: 'suppressed'; readonly below: number }
  | { readonly kind: 'withheld' };

export interface PublishedTally {
  readonly kind: 'tally';
  readonly categories: readonly string[];
  readonly counts: readonly Figure[];
  readonly total: Figure;
  /** See Tally.additive: readers need it to know whether the counts add up. */
  readonly additive: boolean;
}

export interface PublishedCrossTab {
  readonly kind: 'crosstab';
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly cells: readonly (readonly Figure[])[];
  readonly rowTotals: readonly Figure[];
  readonly columnTotals: readonly Figure[];
  readonly grandTotal: Figure;
  readonly additive: { readonly rows: boolean; readonly columns: boolean };
}

/** The only kind of table that may leave the workspace. */
export type PublishedTable = PublishedTally | PublishedCrossTab;

/**
 * The tally as it may be published. Throws 'invalid threshold' unless the threshold is an integer
 * of at least 2, 'invalid table' when counts are not non-negative integers or disagree with the total.
 */
export function suppressTally(table: Tally, threshold: number = DEFAULT_THRESHOLD): PublishedTally {
  checkThreshold(threshold);
  const shaped = typeof table === 'object' && table !== null && Array.isArray(table.categories) &&
    Array.isArray(table.counts) && table.counts.length === table.categories.length;
  if (!shaped) throw new Error('invalid table');
  checkCategories(table.categories);
  const values = [...table.counts, table.total];
  checkCounts(values);
  const additive = additiveAxis([[table.counts, table.total]], table.additive);
  const n = table.counts.length;
  const total = n;
  const network: Network = {
    values,
    // The one line is node 1; node 0 closes the circuit.
    arcs: [...table.counts.map(() => ({ from: 0, to: 1 })), { from: 1, to: 0 }],
    slacks: additive ? [] : [{ from: 1, to: 0, value: sum(table.counts) - table.total }],
    capped: additive ? [] : table.counts.map((_, i) => [i, total] as const),
  };
  const figures = publish(values, protect(network, threshold), threshold);
  return {
    kind: 'tally',
    categories: [...table.categories],
    counts: figures.slice(0, n),
    total: figures[total],
    additive: table.additive,
  };
}

/**
 * The cross-tabulation as it may be published. Throws 'invalid threshold' unless the threshold is
 * an integer of at least 2, 'invalid table' when counts are not non-negative integers or disagree
 * with the totals.
 */
export function suppressCrossTab(table: CrossTab, threshold: number = DEFAULT_THRESHOLD): PublishedCrossTab {
  checkThreshold(threshold);
  const shaped =
    typeof table === 'object' && table !== null &&
    Array.isArray(table.rows) && Array.isArray(table.columns) && Array.isArray(table.cells) && table.cells.length === table.rows.length &&
    table.cells.every((row) => Array.isArray(row) && row.length === table.columns.length) &&
    Array.isArray(table.rowTotals) && table.rowTotals.length === table.rows.length &&
    Array.isArray(table.columnTotals) && table.columnTotals.length === table.columns.length &&
    typeof table.additive === 'object' && table.additive !== null;
  if (!shaped) throw new Error('invalid table');
  const R = table.rows.length;
  const C = table.columns.length;
  checkCategories(table.rows);
  checkCategories(table.columns);
  const values = [...table.cells.flat(), ...table.rowTotals, ...table.columnTotals, table.grandTotal];
  checkCounts(values);
  const column = (c: number) => table.cells.map((row) => row[c]);
  // A row's cells add up to its total when each testimony is in one column, and the other way round.
  const oneColumnEach = additiveAxis(
    [...table.cells.map((row, r) => [row, table.rowTotals[r]] as const), [table.columnTotals, table.grandTotal]],
    table.additive.columns,
  );
  const oneRowEach = additiveAxis(
    [...table.columns.map((_, c) => [column(c), table.columnTotals[c]] as const), [table.rowTotals, table.grandTotal]],
    table.additive.rows,
  );

  const cell = (r: number, c: number) => r * C + c;
  const rowTotal = (r: number) => R * C + r;
  const columnTotal = (c: number) => R * C + R + c;
  const grand = R * C + R + C;
  // Node 0 closes the circuit; then one node per row, per column, for the row totals' line and
  // for the column totals' line. Rows take in their cells, columns give them out.
  const rowNode = (r: number) => 1 + r;
  const columnNode = (c: number) => 1 + R + c;
  const rowTotalsNode = 1 + R + C;
  const columnTotalsNode = 2 + R + C;
  const arcs: Arc[] = [];
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) arcs.push({ from: columnNode(c), to: rowNode(r) });
  for (let r = 0; r < R; r++) arcs.push({ from: rowNode(r), to: rowTotalsNode });
  for (let c = 0; c < C; c++) arcs.push({ from: columnTotalsNode, to: columnNode(c) });
  arcs.push({ from: rowTotalsNode, to: columnTotalsNode });

  const slacks: Slack[] = [];
  const capped: (readonly [number, number])[] = [];
  if (!oneColumnEach) {
    table.cells.forEach((row, r) => slacks.push({ from: rowNode(r), to: 0, value: sum(row) - table.rowTotals[r] }));
    slacks.push({ from: 0, to: columnTotalsNode, value: sum(table.columnTotals) - table.grandTotal });
    for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) capped.push([cell(r, c), rowTotal(r)]);
    for (let c = 0; c < C; c++) capped.push([columnTotal(c), grand]);
  }
  if (!oneRowEach) {
    table.columns.forEach((_, c) => slacks.push({ from: 0, to: columnNode(c), value: sum(column(c)) - table.columnTotals[c] }));
    slacks.push({ from: rowTotalsNode, to: 0, value: sum(table.rowTotals) - table.grandTotal });
    for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) capped.push([cell(r, c), columnTotal(c)]);
    for (let r = 0; r < R; r++) capped.push([rowTotal(r), grand]);
  }

  const figures = publish(values, protect({ values, arcs, slacks, capped }, threshold), threshold);
  return {
    kind: 'crosstab',
    rows: [...table.rows],
    columns: [...table.columns],
    cells: table.rows.map((_, r) => table.columns.map((_, c) => figures[cell(r, c)])),
    rowTotals: table.rows.map((_, r) => figures[rowTotal(r)]),
    columnTotals: table.columns.map((_, c) => figures[columnTotal(c)]),
    grandTotal: figures[grand],
    additive: { rows: table.additive.rows, columns: table.additive.columns },
  };
}

type Status = 'shown' | 'suppressed' | 'withheld';

interface Arc {
  readonly from: number;
  readonly to: number;
}

/** How far a line's cells exceed its total, where a testimony may count in several cells. */
interface Slack extends Arc {
  readonly value: number;
}

/**
 * A table's relations as a circulation: figure i flows on arcs[i], and at every node (a line of
 * the table) what flows in equals what flows out, slack included. A change of the hidden figures
 * that keeps every relation is then a sum of cycles, so a figure can change iff a cycle through it
 * can carry one unit (the standard augmenting-path argument). `capped` pairs a figure with a total
 * it may not exceed, on lines where a slack, not the sum, ties them.
 */
interface Network {
  readonly values: readonly number[];
  readonly arcs: readonly Arc[];
  readonly slacks: readonly Slack[];
  readonly capped: readonly (readonly [number, number])[];
}

function protect(network: Network, threshold: number): Status[] {
  const status: Status[] = network.values.map((v) => (v < threshold ? 'suppressed' : 'shown'));
  // Withholding one figure can pin another that was free before, so passes repeat until none adds.
  for (let added = true; added; ) {
    added = false;
    for (let i = 0; i < status.length; i++) {
      if (status[i] !== 'suppressed' || network.values[i] === 0) continue;
      while (!canMove(network, status, threshold, i)) {
        const cover = coverFor(network, status, i);
        // Even hidden, "< t" beside "t or more" can pin a figure (two "< 2" under a withheld 2):
        // the table is then withheld whole, which says nothing of any value.
        if (cover === null) return status.map(() => 'withheld');
        status[cover] = 'withheld';
        added = true;
      }
    }
  }
  return status;
}

/**
 * Whether another table, agreeing with everything published, gives the figure another value: a
 * residual cycle through it, each hidden figure on it moving by one within what a reader knows.
 */
function canMove(network: Network, status: readonly Status[], threshold: number, figure: number): boolean {
  const { up, down } = freedom(network, status, threshold);
  const next = new Map<number, number[]>();
  const edge = (from: number, to: number) => {
    const list = next.get(from);
    if (list) list.push(to);
    else next.set(from, [to]);
  };
  network.arcs.forEach((arc, i) => {
    if (i === figure || status[i] === 'shown') return;
    if (up[i]) edge(arc.from, arc.to);
    if (down[i]) edge(arc.to, arc.from);
  });
  for (const slack of network.slacks) {
    edge(slack.from, slack.to);
    if (slack.value > 0) edge(slack.to, slack.from);
  }
  const arc = network.arcs[figure];
  return (up[figure] && reaches(next, arc.to, arc.from)) || (down[figure] && reaches(next, arc.from, arc.to));
}

/**
 * Which hidden figures may go up or down by one. A capped pair is kept in order whatever else
 * moves on the same cycle: each of the two moves by one at most.
 */
function freedom(network: Network, status: readonly Status[], threshold: number): { up: boolean[]; down: boolean[] } {
  const v = network.values;
  const up = status.map((s, i) => (s === 'suppressed' ? v[i] < threshold - 1 : s === 'withheld'));
  const down = status.map((s, i) => (s === 'suppressed' ? v[i] > 0 : s === 'withheld' && v[i] > threshold));
  const hidden = (i: number) => (status[i] === 'shown' ? 0 : 1);
  for (const [part, total] of network.capped) {
    if (v[part] + 1 > v[total] - hidden(total)) up[part] = false;
    if (v[total] - 1 < v[part] + hidden(part)) down[total] = false;
  }
  return { up, down };
}

function reaches(next: ReadonlyMap<number, readonly number[]>, from: number, to: number): boolean {
  const seen = new Set([from]);
  const queue = [from];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    if (node === to) return true;
    for (const n of next.get(node) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return false;
}

/**
 * The shown figure to withhold next: the smallest on the lines of the one that can be worked out
 * (cells before totals on ties, as they come first), else the smallest anywhere; null when all are hidden.
 */
function coverFor(network: Network, status: readonly Status[], figure: number): number | null {
  const { from, to } = network.arcs[figure];
  // Node 0 only closes the circuit: it is no line of the table.
  const lines = new Set([from, to].filter((node) => node !== 0));
  const shown = network.values.map((_, i) => i).filter((i) => status[i] === 'shown');
  const near = shown.filter((i) => lines.has(network.arcs[i].from) || lines.has(network.arcs[i].to));
  const candidates = near.length > 0 ? near : shown;
  if (candidates.length === 0) return null;
  return candidates.reduce((best, i) => (network.values[i] < network.values[best] ? i : best));
}

function publish(values: readonly number[], status: readonly Status[], threshold: number): Figure[] {
  return values.map((value, i): Figure =>
    status[i] === 'shown' ? { kind: 'count', value } : status[i] === 'suppressed' ? { kind: 'suppressed', below: threshold } : { kind: 'withheld' },
  );
}

/**
 * Whether the lines of one axis add up. An axis said to add up must; one said not to may still
 * happen to, and is then treated as adding up, which tells a reader more and so protects more.
 */
function additiveAxis(lines: readonly (readonly [readonly number[], number])[], claimed: boolean): boolean {
  if (typeof claimed !== 'boolean') throw new Error('invalid table');
  const adds = lines.every(([cells, total]) => sum(cells) === total);
  const fits = lines.every(([cells, total]) => cells.every((c) => c <= total) && total <= sum(cells));
  if (claimed ? !adds : !fits) throw new Error('invalid table');
  return adds;
}

function checkThreshold(threshold: number): void {
  if (!Number.isSafeInteger(threshold) || threshold < 2) throw new Error('invalid threshold');
}

function checkCounts(values: readonly unknown[]): void {
  if (!values.every((v) => Number.isSafeInteger(v) && (v as number) >= 0)) throw new Error('invalid table');
}

function checkCategories(names: readonly unknown[]): void {
  if (!names.every((n) => typeof n === 'string') || new Set(names).size !== names.length) throw new Error('invalid table');
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
