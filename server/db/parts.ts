/**
 * Envelopes are stored in parts small enough for a 4 KiB page. A row larger than a page would
 * spill onto overflow pages, and SQLite appends those to the file in the order rows are written:
 * on disk, large envelopes would then sit in the order they arrived.
 *
 * The first part stays in the envelope's own row (submissions, mailbox_replies). Part n ≥ 1 is
 * the row of the parts table whose id is n shifted left 53 bits, or'ed with the envelope's
 * random id: the parts numbered n sit in the random order of their envelopes' ids, so each
 * lands at a random place in the B-tree, as a small row does. Ids that kept an envelope's
 * parts together would not do: a large envelope's run of parts takes fresh pages, appended to
 * the file as they come (test/privacy/storage-order.test.ts). A trigger deletes the parts with
 * their envelope's row (migration 0004).
 */
import type { InStatement } from '@libsql/client';
import type { Db } from './client.js';

/**
 * Bytes in one part. The largest row, a first part with its campaign's slug and day, stays
 * under the 4061 bytes a 4 KiB leaf page holds in itself.
 */
export const PART_BYTES = 3840;

/** Part numbers go above the 53 bits of an envelope's id (store.ts, randomId). */
const ID_BITS = 53;
const ID_MASK = 2 ** ID_BITS - 1;

/** Where the parts after the first go, for envelopes of each table. */
export type PartsTable = 'submission_parts' | 'reply_parts';

/**
 * An envelope as its first part and the parts after it, which may be none. Each part is a copy,
 * not a view: a view sent to the writer's thread would carry the whole buffer under it.
 */
export function splitEnvelope(envelope: Uint8Array): { head: Uint8Array; tail: Uint8Array[] } {
  const part = (start: number) => new Uint8Array(envelope.subarray(start, start + PART_BYTES));
  const tail: Uint8Array[] = [];
  for (let start = PART_BYTES; start < envelope.length; start += PART_BYTES) tail.push(part(start));
  return { head: part(0), tail };
}

/**
 * Statements storing the parts after the first, to follow the statement that inserted the
 * envelope's row under `id`. Each inserts only when the statement before it inserted a row
 * (changes() = 1): a row that met an id clash, or whose challenge was spent, gets no parts.
 */
export function tailStatements(table: PartsTable, id: number, tail: Uint8Array[]): InStatement[] {
  return tail.map((bytes, i) => ({
    sql: `INSERT INTO ${table} (id, bytes) SELECT (? << ${ID_BITS}) | ?, ? WHERE changes() = 1`,
    args: [i + 1, id, bytes],
  }));
}

/**
 * The rows with their whole envelopes. Only a first part of exactly PART_BYTES can have parts
 * after it; one query per part number reads that part of every envelope that has one.
 */
export async function withWholeEnvelopes<T extends { id: number; envelope: Uint8Array }>(
  db: Db,
  table: PartsTable,
  rows: T[],
): Promise<T[]> {
  const parts = new Map<number, Uint8Array[]>();
  let pending = rows.filter((row) => row.envelope.length === PART_BYTES).map((row) => row.id);
  for (let n = 1; pending.length > 0; n++) {
    const { rows: found } = await db.$client.execute({
      // CROSS JOIN keeps json_each outside: one lookup by id per envelope.
      sql: `SELECT p.id & ${ID_MASK} AS owner, p.bytes FROM json_each(?) AS o CROSS JOIN ${table} AS p ON p.id = (? << ${ID_BITS}) | o.value`,
      args: [JSON.stringify(pending), n],
    });
    pending = [];
    for (const part of found) {
      const owner = Number(part.owner);
      const bytes = new Uint8Array(part.bytes as ArrayBuffer);
      parts.get(owner)?.push(bytes) ?? parts.set(owner, [bytes]);
      if (bytes.length === PART_BYTES) pending.push(owner);
    }
  }
  return rows.map((row) => {
    const tail = parts.get(row.id);
    return tail ? { ...row, envelope: Buffer.concat([row.envelope, ...tail]) } : row;
  });
}
