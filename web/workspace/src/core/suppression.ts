/**
 * Small-cell suppression: what of a table may leave the workspace so that no count below the
 * threshold t can be read or worked out.
 *
 * Primary: every count below t, zero included, is published as "< t". A reader knows more than
 * "< t" says: categories listed from the data each hold a testimony (categoriesMet in figures.ts),
 * so a tally's count of one, a cross-tabulation's total of such a row or column, and the grand
 * total are at least 1, and their "< t" means 1 to t - 1. For t = 2 that is exactly 1: the
 * threshold is 3 or more. A cell may be 0; zeros are hidden too, so that its "< t" keeps meaning
 * 0 to t - 1.
 *
 * Secondary: a hidden count between 1 and t - 1 must keep at least two possible values for a reader
 * who knows every published figure, those lower bounds and the relations between figures: cells of
 * an additive line sum to its total; elsewhere a total lies between the line's largest cell and the
 * sum of its cells; a withheld figure is t or more (only shown counts are withheld). Counting cells
 * per line is not enough: a row holding 10, "< 5", "< 5" and the total 18 gives away two 4s, and
 * one holding 10, "< 5", "< 5" and 12 two 1s when its categories were listed from the data. So
 * each such count is checked (see canMove), and while one can be worked out, the smallest shown
 * figure of its row or column is withheld, until none can. A hidden zero may still be worked out:
 * it singles nobody out.
 *
 * The reader this protects against does not replay this procedure: one who does may learn from
 * where figures were withheld that a "< t" is not zero. Tables are protected one at a time; two
 * published tables sharing a total are not checked against each other.
 */
import type { CrossTab, Tally } from './figures.js';

export const DEFAULT_THRESHOLD = 5;
/** "< 2" of a category listed from the data could only be 1. */
export const MIN_THRESHOLD = 3;

/**
 * A published figure: a count; a count below `below`, 0 included unless it counts a category
 * listed from the data; or a count withheld to protect another, which is `below` or more unless
 * every figure of its table is withheld.
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
 * of at least 3, 'invalid table' when counts are not non-negative integers, disagree with the total,
 * or are 0 for categories said to be met.
 */
export function suppressTally(table: Tally, threshold: number = DEFAULT_THRESHOLD): PublishedTally {
  checkThreshold(threshold);
  const shaped = typeof table === 'object' && table !== null && Array.isArray(table.categories) &&
    Array.isArray(table.counts) && table.counts.length === table.categories.length;
  if (!shaped) throw new Error('invalid table');
  checkCategories(table.categories);
  const values = [...table.counts, table.total];
  const n = table.counts.length;
  const atLeastOne = checkedBoolean(table.categoriesMet) ? 1 : 0;
  const minimums = [...table.counts.map(() => atLeastOne), n > 0 ? atLeastOne : 0];
  checkCounts(values, minimums);
  const additive = additiveAxis([[table.counts, table.total]], table.additive);
  const total = n;
  // The one line is node 1; node 0 closes the circuit.
  const line = 1;
  const network: Network = {
    values,
    minimums,
    arcs: [...table.counts.map(() => ({ from: 0, to: line })), { from: line, to: 0 }],
    slacks: additive ? [] : [{ from: line, to: 0, value: sum(table.counts) - table.total }],
    capped: additive ? [] : table.counts.map((_, part) => ({ part, total, line })),
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
 * an integer of at least 3, 'invalid table' when counts are not non-negative integers, disagree
 * with the totals, or a total is 0 for a row or column said to be met.
 */
export function suppressCrossTab(table: CrossTab, threshold: number = DEFAULT_THRESHOLD): PublishedCrossTab {
  checkThreshold(threshold);
  const shaped =
    typeof table === 'object' && table !== null &&
    Array.isArray(table.rows) && Array.isArray(table.columns) && Array.isArray(table.cells) && table.cells.length === table.rows.length &&
    table.cells.every((row) => Array.isArray(row) && row.length === table.columns.length) &&
    Array.isArray(table.rowTotals) && table.rowTotals.length === table.rows.length &&
    Array.isArray(table.columnTotals) && table.columnTotals.length === table.columns.length &&
    typeof table.additive === 'object' && table.additive !== null &&
    typeof table.categoriesMet === 'object' && table.categoriesMet !== null;
  if (!shaped) throw new Error('invalid table');
  const R = table.rows.length;
  const C = table.columns.length;
  checkCategories(table.rows);
  checkCategories(table.columns);
  const values = [...table.cells.flat(), ...table.rowTotals, ...table.columnTotals, table.grandTotal];
  const rowsMet = checkedBoolean(table.categoriesMet.rows) && R > 0;
  const columnsMet = checkedBoolean(table.categoriesMet.columns) && C > 0;
  const minimums = [
    ...table.cells.flat().map(() => 0),
    ...table.rowTotals.map(() => (rowsMet ? 1 : 0)),
    ...table.columnTotals.map(() => (columnsMet ? 1 : 0)),
    rowsMet || columnsMet ? 1 : 0,
  ];
  checkCounts(values, minimums);
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
  const capped: Cap[] = [];
  if (!oneColumnEach) {
    table.cells.forEach((row, r) => slacks.push({ from: rowNode(r), to: 0, value: sum(row) - table.rowTotals[r] }));
    slacks.push({ from: 0, to: columnTotalsNode, value: sum(table.columnTotals) - table.grandTotal });
    for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) capped.push({ part: cell(r, c), total: rowTotal(r), line: rowNode(r) });
    for (let c = 0; c < C; c++) capped.push({ part: columnTotal(c), total: grand, line: columnTotalsNode });
  }
  if (!oneRowEach) {
    table.columns.forEach((_, c) => slacks.push({ from: 0, to: columnNode(c), value: sum(column(c)) - table.columnTotals[c] }));
    slacks.push({ from: rowTotalsNode, to: 0, value: sum(table.rowTotals) - table.grandTotal });
    for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) capped.push({ part: cell(r, c), total: columnTotal(c), line: columnNode(c) });
    for (let r = 0; r < R; r++) capped.push({ part: rowTotal(r), total: grand, line: rowTotalsNode });
  }

  const figures = publish(values, protect({ values, minimums, arcs, slacks, capped }, threshold), threshold);
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

/** A figure that may not exceed a total, on a line where a slack, not the sum, ties them. */
interface Cap {
  readonly part: number;
  readonly total: number;
  /** The node of that line, where the arcs of the part and the total meet. */
  readonly line: number;
}

/**
 * A table's relations as a circulation: figure i flows on arcs[i], and at every node (a line of
 * the table) what flows in equals what flows out, slack included. A change of the hidden figures
 * that keeps every relation, each staying within what a reader knows of it (its minimum, "< t",
 * "t or more"), is then a sum of cycles, so a figure can change iff a cycle through it can carry
 * one unit (the standard augmenting-path argument). Caps are the one relation outside the
 * circulation: see canMove.
 */
interface Network {
  readonly values: readonly number[];
  readonly minimums: readonly number[];
  readonly arcs: readonly Arc[];
  readonly slacks: readonly Slack[];
  readonly capped: readonly Cap[];
}

function protect(network: Network, threshold: number): Status[] {
  const status: Status[] = network.values.map((v) => (v < threshold ? 'suppressed' : 'shown'));
  // canMove may miss a cycle, and which it finds depends on what is hidden: withholding one figure
  // can leave another without the one it had, so passes repeat until none adds.
  for (let added = true; added; ) {
    added = false;
    for (let i = 0; i < status.length; i++) {
      if (status[i] !== 'suppressed' || network.values[i] === 0) continue;
      while (!canMove(network, status, threshold, i)) {
        const cover = coverFor(network, status, i);
        // With nothing left to withhold, the table is withheld whole, which says nothing of any value.
        if (cover === null) return status.map(() => 'withheld');
        status[cover] = 'withheld';
        added = true;
      }
    }
  }
  return status;
}

/** What a reader knows of a quantity: a figure, or a slack numbered after the figures. */
interface Bounds {
  readonly least: number;
  readonly most: number;
}

/** One unit of change on a quantity: going up it flows along its arc, going down against it. */
interface Step {
  readonly quantity: number;
  readonly by: 1 | -1;
  readonly from: number;
  readonly to: number;
}

/**
 * Whether another table, agreeing with everything published, gives the figure another value: a
 * residual cycle through it, each hidden figure on it moving by one within what a reader knows.
 *
 * Caps are no flow relation. A part equal to its total may go up only with it, and the total go
 * down only with it; the two meet at one node, which a cycle passes by two steps, so the search
 * remembers the step it came in by where that step belongs to such a cap. A cycle that passes a
 * node twice could still break a cap, so the table it leads to is checked against every relation
 * before it counts: a figure said to move does move. A total equal to several of its parts goes
 * down only with all of them, which no one cycle does: all but one are lowered first, a cycle each.
 * A figure that could move only by some other larger change is reported pinned, and protected by
 * more than it needed.
 */
function canMove(network: Network, status: readonly Status[], threshold: number, figure: number): boolean {
  const bounds = boundsOf(network, status, threshold);
  const values = [...network.values, ...network.slacks.map((slack) => slack.value)];
  if (afterCycle(network, bounds, values, figure) !== null) return true;
  for (const capsOfLine of tightCaps(network, values).values()) {
    const equalParts = capsOfLine.filter(({ total }) => total === figure);
    if (equalParts.length < 2) continue;
    let lowered: readonly number[] | null = values;
    for (const { part } of equalParts.slice(1)) {
      lowered = afterCycle(network, bounds, lowered, part, -1);
      if (lowered === null) break;
      if (lowered[figure] !== values[figure]) return true;
    }
    if (lowered !== null && afterCycle(network, bounds, lowered, figure) !== null) return true;
  }
  return false;
}

/** The quantities after a cycle that moves one of them (only the way `by` says, if it does), or null. */
function afterCycle(network: Network, bounds: readonly Bounds[], values: readonly number[], moved: number, by?: 1 | -1): number[] | null {
  const steps: Step[] = [];
  [...network.arcs, ...network.slacks].forEach(({ from, to }, quantity) => {
    if (values[quantity] < bounds[quantity].most) steps.push({ quantity, by: 1, from, to });
    if (values[quantity] > bounds[quantity].least) steps.push({ quantity, by: -1, from: to, to: from });
  });
  const leaving = new Map<number, number[]>();
  steps.forEach((step, k) => {
    if (step.quantity === moved) return;
    const list = leaving.get(step.from);
    if (list) list.push(k);
    else leaving.set(step.from, [k]);
  });
  const tight = tightCaps(network, values);
  // A search state is a node, or, where the step that came in binds a tight cap there, that step
  // (numbered after the nodes).
  const nodeCount = 1 + Math.max(...[...network.arcs, ...network.slacks].flatMap(({ from, to }) => [from, to]));
  const stateAfter = (k: number) => {
    const { quantity, to } = steps[k];
    const binds = tight.get(to)?.some(({ part, total }) => quantity === part || quantity === total);
    return binds ? nodeCount + k : to;
  };

  for (const [firstIndex, first] of steps.entries()) {
    if (first.quantity !== moved || (by !== undefined && first.by !== by)) continue;
    const start = stateAfter(firstIndex);
    const cameBy = new Map<number, { readonly state: number; readonly step: number } | null>([[start, null]]);
    const after = (state: number, last: number) => {
      const table = [...values];
      for (const { quantity, by } of [first, steps[last]]) table[quantity] += by;
      for (let came = cameBy.get(state); came; came = cameBy.get(came.state)) table[steps[came.step].quantity] += steps[came.step].by;
      return table;
    };
    const queue = [start];
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      const entry = state < nodeCount ? null : steps[state - nodeCount];
      const node = entry?.to ?? state;
      for (const k of leaving.get(node) ?? []) {
        const step = steps[k];
        if (!keepsOrder(tight.get(node), step, entry)) continue;
        if (step.to === first.from && keepsOrder(tight.get(first.from), first, step)) {
          const table = after(state, k);
          if (keepsEveryRelation(network, bounds, table)) return table;
        }
        const next = stateAfter(k);
        if (cameBy.has(next)) continue;
        cameBy.set(next, { state, step: k });
        queue.push(next);
      }
    }
  }
  return null;
}

function boundsOf(network: Network, status: readonly Status[], threshold: number): Bounds[] {
  const figures = network.values.map((value, i): Bounds => {
    if (status[i] === 'suppressed') return { least: network.minimums[i], most: threshold - 1 };
    if (status[i] === 'withheld') return { least: threshold, most: Infinity };
    return { least: value, most: value };
  });
  return [...figures, ...network.slacks.map(() => ({ least: 0, most: Infinity }))];
}

/** The caps whose part equals its total, by the node of their line: those one step can break. */
function tightCaps(network: Network, values: readonly number[]): Map<number, Cap[]> {
  const tight = new Map<number, Cap[]>();
  for (const cap of network.capped) {
    if (values[cap.part] !== values[cap.total]) continue;
    const list = tight.get(cap.line);
    if (list) list.push(cap);
    else tight.set(cap.line, [cap]);
  }
  return tight;
}

/** Whether passing a node by these steps (one, when the other does not matter there) keeps its tight caps. */
function keepsOrder(tight: readonly Cap[] | undefined, step: Step, other: Step | null): boolean {
  if (tight === undefined) return true;
  const moves = (quantity: number, by: number) =>
    (step.quantity === quantity && step.by === by) || (other !== null && other.quantity === quantity && other.by === by);
  return tight.every(({ part, total }) => (!moves(part, 1) || moves(total, 1)) && (!moves(total, -1) || moves(part, -1)));
}

/** Whether a table keeps every quantity within what a reader knows of it, and every part within its total. */
function keepsEveryRelation(network: Network, bounds: readonly Bounds[], values: readonly number[]): boolean {
  const known = values.every((v, q) => v >= bounds[q].least && v <= bounds[q].most);
  return known && network.capped.every(({ part, total }) => values[part] <= values[total]);
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
  if (!Number.isSafeInteger(threshold) || threshold < MIN_THRESHOLD) throw new Error('invalid threshold');
}

function checkCounts(values: readonly unknown[], minimums: readonly number[]): void {
  if (!values.every((v, i) => Number.isSafeInteger(v) && (v as number) >= minimums[i])) throw new Error('invalid table');
}

function checkedBoolean(claimed: boolean): boolean {
  if (typeof claimed !== 'boolean') throw new Error('invalid table');
  return claimed;
}

function checkCategories(names: readonly unknown[]): void {
  if (!names.every((n) => typeof n === 'string') || new Set(names).size !== names.length) throw new Error('invalid table');
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
