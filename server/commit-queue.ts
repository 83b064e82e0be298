import type { InStatement } from '@libsql/client';
import { splitEnvelope, tailStatements } from './db/parts.js';
import type { BatchWriter } from './db/writer.js';

/** A submission row before it has an id. */
export interface NewSubmission {
  campaign: string;
  envelope: Uint8Array;
  day: string;
  /** The proof-of-work challenge this row spends (server/proof.ts): stored only if unspent. */
  spends?: { nonce: string; expires: number };
}

/** What became of a row: stored, or refused because its challenge had been spent already. */
export type InsertOutcome = 'stored' | 'challenge_used';

/** What the queue has done so far: for tests and for the bench, never served over HTTP. */
export interface CommitStats {
  /** Transactions committed. */
  batches: number;
  /** Rows they held. */
  rows: number;
  largestBatch: number;
  /** Transactions that failed and were rolled back whole. */
  failedBatches: number;
  /** Rows that met an existing id and went into a later batch with a fresh one. */
  clashes: number;
  /** Rows refused, nothing stored, because their challenge was spent already. */
  reusedChallenges: number;
}

/**
 * The batch a submission was in could not be committed: nothing of it was stored. Routes
 * answer 503, since trying again later may well succeed.
 */
export class StorageUnavailable extends Error {
  constructor(cause: unknown) {
    super('storage unavailable', { cause });
  }
}

// The SQLite result codes that say the storage itself refused (read-only, full, failing disk,
// locked past the busy timeout, file gone), as opposed to a query the code got wrong.
const STORAGE_CODE = /^SQLITE_(READONLY|FULL|IOERR|BUSY|CANTOPEN)(_|$)/;

/**
 * True when the error, or any error it wraps (drizzle wraps the driver's), is the storage
 * refusing rather than a bug: a batch that failed, or one of the SQLite codes above.
 */
export function isStorageFailure(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof StorageUnavailable) return true;
    const { code, extendedCode } = e as { code?: unknown; extendedCode?: unknown };
    if ([code, extendedCode].some((c) => typeof c === 'string' && STORAGE_CODE.test(c))) return true;
  }
  return false;
}

/** One statement of a batch, and the row and step it stands for. */
interface Statement {
  entry: Waiting;
  part: 'spend' | 'insert' | 'tail';
  query: InStatement;
}

// Plain SQL, since the statements travel to the writer's thread as text and values.
const INSERT = 'INSERT INTO submissions (id, campaign, envelope, day) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id';
const SPEND = 'INSERT INTO spent_challenges (nonce, expires) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING nonce';
const INSERT_IF_SPENT =
  'INSERT INTO submissions (id, campaign, envelope, day) SELECT ?, ?, ?, ? WHERE changes() = 1 ON CONFLICT (id) DO NOTHING RETURNING id';

const ID_ATTEMPTS = 8;
// Bounds one transaction to a few MiB of WAL even when every envelope is of the largest bucket.
const MAX_BATCH_ROWS = 128;

interface Waiting {
  row: NewSubmission;
  id: number;
  attempts: number;
  /** True once its challenge is spent in a committed batch whose row met an id clash. */
  spent: boolean;
  resolve(outcome: InsertOutcome): void;
  reject(err: Error): void;
}

/**
 * Group commit. On an embedded file each commit waits for the disk to sync (synchronous = FULL),
 * and that wait, not the insert, is what a submission costs. So inserts that arrive while one
 * transaction is being committed are written together in the next one, and each caller is
 * answered only once the transaction holding its own row has committed.
 *
 * One transaction per batch, sent whole to the database's writer (server/db/writer.ts): on an
 * embedded file a connection in a thread of its own, so that waiting for the disk holds up only
 * the rows being committed, never the requests being read meanwhile. A batch that
 * fails is rolled back whole and every caller in it gets StorageUnavailable: nothing of it is
 * stored, nothing is retried behind the caller's back.
 */
export class CommitQueue {
  readonly stats: CommitStats = { batches: 0, rows: 0, largestBatch: 0, failedBatches: 0, clashes: 0, reusedChallenges: 0 };
  private waiting: Waiting[] = [];
  private busy = false;

  /** `newId` draws a row id: random (store.ts's randomId), or a chosen clash in a test. */
  constructor(
    private readonly writer: BatchWriter,
    private readonly newId: () => number,
  ) {}

  /**
   * Resolves 'stored' once the row is committed under a fresh random id; a clash of ids is
   * retried with another. Resolves 'challenge_used', nothing stored, when the row spends a
   * challenge already spent, by an earlier batch or an earlier row of its own. Rejects with
   * StorageUnavailable when its batch could not be committed.
   */
  insert(row: NewSubmission): Promise<InsertOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, id: 0, attempts: 0, spent: false, resolve, reject });
      this.commitSoon();
    });
  }

  private commitSoon(): void {
    if (this.busy || this.waiting.length === 0) return;
    this.busy = true;
    // After the event loop's current round of I/O, so that every request already read joins in.
    setImmediate(() => void this.commitWaiting());
  }

  private async commitWaiting(): Promise<void> {
    const batch = this.waiting.splice(0, MAX_BATCH_ROWS);
    for (const entry of batch) entry.id = this.newId();
    // Ids are random, so id order tells nothing of the order of arrival, which list order would.
    batch.sort((a, b) => a.id - b.id);
    try {
      const queries = batch.flatMap((entry) => this.statements(entry));
      const counts = await this.writer.batch(queries.map((q) => q.query));
      const rowsOf = (entry: Waiting, part: 'spend' | 'insert') => counts[queries.findIndex((q) => q.entry === entry && q.part === part)];
      const stored: Waiting[] = [];
      const used: Waiting[] = [];
      const clashed: Waiting[] = [];
      for (const entry of batch) {
        const spends = entry.row.spends !== undefined && !entry.spent;
        if (spends && rowsOf(entry, 'spend') === 0) used.push(entry);
        else if (rowsOf(entry, 'insert') === 1) stored.push(entry);
        else {
          // The challenge is spent by this committed batch, and belongs to this row: its retry only inserts.
          if (spends) entry.spent = true;
          clashed.push(entry);
        }
      }
      this.stats.batches++;
      this.stats.rows += stored.length;
      this.stats.largestBatch = Math.max(this.stats.largestBatch, stored.length);
      this.stats.reusedChallenges += used.length;
      for (const entry of stored) entry.resolve('stored');
      for (const entry of used) entry.resolve('challenge_used');
      for (const entry of clashed) {
        this.stats.clashes++;
        if (++entry.attempts < ID_ATTEMPTS) this.waiting.unshift(entry);
        else entry.reject(new Error('could not allocate a submission id'));
      }
    } catch (err) {
      this.stats.failedBatches++;
      for (const entry of batch) entry.reject(new StorageUnavailable(err));
    } finally {
      this.busy = false;
      this.commitSoon();
    }
  }

  /**
   * The statements of one row. A row that spends a challenge inserts the spend first, and its
   * submission only when that spend inserted a row (changes() = 1): a challenge spent already,
   * by any instance or by an earlier row of this very batch, stores nothing, and the other rows
   * of the batch are untouched. The envelope's parts after its first follow its row, stored
   * only if the row was (server/db/parts.ts).
   */
  private statements(entry: Waiting): Statement[] {
    const { row, id } = entry;
    const { head, tail } = splitEnvelope(row.envelope);
    const tailParts = tailStatements('submission_parts', id, tail).map((query): Statement => ({ entry, part: 'tail', query }));
    if (row.spends === undefined || entry.spent) {
      return [{ entry, part: 'insert', query: { sql: INSERT, args: [id, row.campaign, head, row.day] } }, ...tailParts];
    }
    const { nonce, expires } = row.spends;
    return [
      { entry, part: 'spend', query: { sql: SPEND, args: [nonce, expires] } },
      { entry, part: 'insert', query: { sql: INSERT_IF_SPENT, args: [id, row.campaign, head, row.day] } },
      ...tailParts,
    ];
  }
}
