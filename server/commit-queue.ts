import type { Db } from './db/client.js';
import { submissions } from './db/schema.js';

/** A submission row before it has an id. */
export interface NewSubmission {
  campaign: string;
  envelope: Uint8Array;
  day: string;
}

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

const ID_ATTEMPTS = 8;
// Bounds one transaction to a few MiB of WAL even when every envelope is of the largest bucket.
const MAX_BATCH_ROWS = 128;

interface Waiting {
  row: NewSubmission;
  id: number;
  attempts: number;
  resolve(): void;
  reject(err: Error): void;
}

/**
 * Group commit. On an embedded file each commit waits for the disk to sync (synchronous = FULL),
 * and that wait, not the insert, is what a submission costs. So inserts that arrive while one
 * transaction is being committed are written together in the next one, and each caller is
 * answered only once the transaction holding its own row has committed.
 *
 * One transaction per batch, sent whole with `db.batch`: an interactive transaction would take
 * the embedded client's only connection from every other query until it ended. A batch that
 * fails is rolled back whole and every caller in it gets StorageUnavailable: nothing of it is
 * stored, nothing is retried behind the caller's back.
 */
export class CommitQueue {
  readonly stats: CommitStats = { batches: 0, rows: 0, largestBatch: 0, failedBatches: 0, clashes: 0 };
  private waiting: Waiting[] = [];
  private busy = false;

  /** `newId` draws a row id: random (store.ts's randomId), or a chosen clash in a test. */
  constructor(
    private readonly db: Db,
    private readonly newId: () => number,
  ) {}

  /**
   * Resolves once the row is committed under a fresh random id; a clash of ids is retried
   * with another. Rejects with StorageUnavailable when its batch could not be committed.
   */
  insert(row: NewSubmission): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, id: 0, attempts: 0, resolve, reject });
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
      const [first, ...rest] = batch.map(({ row, id }) =>
        this.db
          .insert(submissions)
          .values({ id, campaign: row.campaign, envelope: Buffer.from(row.envelope), day: row.day })
          .onConflictDoNothing({ target: submissions.id })
          .returning({ id: submissions.id }),
      );
      const inserted = await this.db.batch([first, ...rest]);
      const stored = batch.filter((_, i) => inserted[i].length === 1);
      this.stats.batches++;
      this.stats.rows += stored.length;
      this.stats.largestBatch = Math.max(this.stats.largestBatch, stored.length);
      for (const entry of stored) entry.resolve();
      for (const entry of batch.filter((_, i) => inserted[i].length === 0)) {
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
}
