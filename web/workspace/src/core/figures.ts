/**
 * Counts for figures: how many testimonies fall in each category of one axis (a tally), or in
 * each pair of categories of two axes (a cross-tabulation). These are raw counts, for the
 * workspace only: what leaves it goes through suppression.ts first.
 *
 * Totals count distinct testimonies: one with two tags counts in two rows but once in the total.
 * A table covers the testimonies that have at least one of its categories on each of its axes;
 * the others are left out of every count, totals included.
 *
 * Categories default to every value met among the testimonies a table covers, so each holds at
 * least one of them. A reader of the table can count on that, and suppression.ts must too: tables
 * say so in `categoriesMet`.
 */

/** What a figure needs to know of one testimony; nothing that identifies it. */
export interface FigureRecord {
  readonly tags: readonly string[];
  /** Campaign, month, answers to questions: a string for one answer, an array for several. */
  readonly attributes: Readonly<Record<string, string | readonly string[]>>;
}

/** What a table counts along one of its axes: the tags, or the values of one attribute. */
export type Axis = { readonly kind: 'tags' } | { readonly kind: 'attribute'; readonly name: string };

export interface Tally {
  readonly kind: 'tally';
  readonly categories: readonly string[];
  /** counts[i]: testimonies in categories[i]. */
  readonly counts: readonly number[];
  /** Testimonies in at least one category, each counted once. */
  readonly total: number;
  /** True when each of those testimonies is in exactly one category, so the counts sum to the total. */
  readonly additive: boolean;
  /**
   * True when the categories were listed from the data, so every count is at least 1. Categories
   * given by the caller (every answer a question offers, say) may hold none, and a reader knows it.
   */
  readonly categoriesMet: boolean;
}

export interface CrossTab {
  readonly kind: 'crosstab';
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** cells[r][c]: testimonies in row r and column c. */
  readonly cells: readonly (readonly number[])[];
  readonly rowTotals: readonly number[];
  readonly columnTotals: readonly number[];
  /** Testimonies in at least one row and one column, each counted once. */
  readonly grandTotal: number;
  /**
   * rows: each testimony is in exactly one row, so every column's cells sum to its total and the
   * row totals sum to the grand total; columns: the same along the other axis.
   */
  readonly additive: { readonly rows: boolean; readonly columns: boolean };
  /**
   * rows: the rows were listed from the data, so every row total is at least 1; columns: the same
   * for columns. Cells may be 0 either way.
   */
  readonly categoriesMet: { readonly rows: boolean; readonly columns: boolean };
}

/**
 * Counts per category of one axis. Categories default to every value met, in code-point order:
 * never by count, since an order by count would tell how the suppressed counts compare. Given
 * categories keep their order, and values outside them are not counted.
 * Throws 'invalid record', 'invalid axis' or 'duplicate category'.
 */
export function tally(records: readonly FigureRecord[], axis: Axis, categories?: readonly string[]): Tally {
  const values = valuesOf(records, axis);
  const names = categories === undefined ? metIn(values) : checkedCategories(categories);
  const index = new Map(names.map((name, i) => [name, i]));
  const counts = names.map(() => 0);
  let total = 0;
  let additive = true;
  for (const recordValues of values) {
    const hits = [...recordValues].filter((v) => index.has(v));
    if (hits.length === 0) continue;
    total++;
    if (hits.length > 1) additive = false;
    for (const v of hits) counts[index.get(v)!]++;
  }
  return { kind: 'tally', categories: names, counts, total, additive, categoriesMet: categories === undefined };
}

/**
 * Counts per pair of categories of two axes, with row, column and grand totals. Categories
 * default and restrict as in tally, except that a default list holds only the values of testimonies
 * the table covers. Throws 'invalid record', 'invalid axis' or 'duplicate category'.
 */
export function crossTabulate(
  records: readonly FigureRecord[],
  rows: Axis,
  columns: Axis,
  categories: { readonly rows?: readonly string[]; readonly columns?: readonly string[] } = {},
): CrossTab {
  const rowValues = valuesOf(records, rows);
  const columnValues = valuesOf(records, columns);
  const givenRows = categories.rows === undefined ? undefined : checkedCategories(categories.rows);
  const givenColumns = categories.columns === undefined ? undefined : checkedCategories(categories.columns);
  // Listing a value met only outside the table would give it an empty row or column.
  const covered = records.map((_, i) => meets(rowValues[i], givenRows) && meets(columnValues[i], givenColumns));
  const rowNames = givenRows ?? metIn(rowValues.filter((_, i) => covered[i]));
  const columnNames = givenColumns ?? metIn(columnValues.filter((_, i) => covered[i]));
  const rowIndex = new Map(rowNames.map((name, i) => [name, i]));
  const columnIndex = new Map(columnNames.map((name, i) => [name, i]));
  const cells = rowNames.map(() => columnNames.map(() => 0));
  const rowTotals = rowNames.map(() => 0);
  const columnTotals = columnNames.map(() => 0);
  let grandTotal = 0;
  const additive = { rows: true, columns: true };
  for (let i = 0; i < records.length; i++) {
    const inRows = [...rowValues[i]].filter((v) => rowIndex.has(v)).map((v) => rowIndex.get(v)!);
    const inColumns = [...columnValues[i]].filter((v) => columnIndex.has(v)).map((v) => columnIndex.get(v)!);
    if (inRows.length === 0 || inColumns.length === 0) continue;
    grandTotal++;
    if (inRows.length > 1) additive.rows = false;
    if (inColumns.length > 1) additive.columns = false;
    for (const r of inRows) rowTotals[r]++;
    for (const c of inColumns) columnTotals[c]++;
    for (const r of inRows) for (const c of inColumns) cells[r][c]++;
  }
  const categoriesMet = { rows: givenRows === undefined, columns: givenColumns === undefined };
  return { kind: 'crosstab', rows: rowNames, columns: columnNames, cells, rowTotals, columnTotals, grandTotal, additive, categoriesMet };
}

/** Each record's distinct values on the axis. */
function valuesOf(records: readonly FigureRecord[], axis: Axis): Set<string>[] {
  const ok = axis?.kind === 'tags' || (axis?.kind === 'attribute' && typeof axis.name === 'string' && axis.name !== '');
  if (!ok) throw new Error('invalid axis');
  if (!Array.isArray(records)) throw new Error('invalid record');
  return records.map((record) => {
    if (typeof record !== 'object' || record === null || typeof record.attributes !== 'object' || record.attributes === null) {
      throw new Error('invalid record');
    }
    const raw = axis.kind === 'tags' ? record.tags : Object.hasOwn(record.attributes, axis.name) ? record.attributes[axis.name] : [];
    const list = typeof raw === 'string' && axis.kind === 'attribute' ? [raw] : raw;
    if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) throw new Error('invalid record');
    return new Set(list);
  });
}

/** Every value met, in code-point order. */
function metIn(values: readonly Set<string>[]): string[] {
  const met = new Set<string>();
  for (const set of values) for (const v of set) met.add(v);
  return [...met].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Whether a testimony has one of the given categories, or any value when none are given. */
function meets(values: ReadonlySet<string>, given: readonly string[] | undefined): boolean {
  return given === undefined ? values.size > 0 : given.some((v) => values.has(v));
}

function checkedCategories(given: readonly string[]): string[] {
  if (!Array.isArray(given) || !given.every((v) => typeof v === 'string')) throw new Error('invalid axis');
  if (new Set(given).size !== given.length) throw new Error('duplicate category');
  return [...given];
}
