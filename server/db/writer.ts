import type { Client, InStatement } from '@libsql/client';
import { Worker } from 'node:worker_threads';

/** Runs statements as one transaction; gives how many rows each returned. Rejects, nothing written, if any fails. */
export interface BatchWriter {
  batch(statements: InStatement[]): Promise<number[]>;
  /** Resolves once what was sent before is written and the writer's connection is closed. */
  close(): Promise<void>;
}

/** Writes through the database's own client: a remote server, where a commit is a network call. */
export function clientWriter(client: Client): BatchWriter {
  return {
    async batch(statements) {
      return (await client.batch(statements, 'write')).map((result) => result.rows.length);
    },
    async close() {},
  };
}

interface Pending {
  resolve(counts: number[]): void;
  reject(err: Error): void;
}

type Reply = { id: number; counts: number[] } | { id: number; error: { code?: string; message: string } };

/** An error as the driver gave it: the queue tells storage failures by its code. */
function driverError(error: { code?: string; message: string }): Error {
  return Object.assign(new Error(error.message), { code: error.code });
}

export interface WorkerWriterOptions {
  path: string;
  /** How long a commit waits for another connection's lock, in milliseconds. */
  timeout: number;
  /** Run on the thread's connection when it opens. */
  pragmas: readonly string[];
  /** The WAL is checkpointed after a batch once it holds more pages than this. */
  checkpointPages: number;
  pageSize: number;
}

/**
 * Writes an embedded file through a connection of its own in a worker thread. The embedded driver
 * is synchronous: a commit that waits for the disk to sync (synchronous = FULL), and the
 * checkpoint that sometimes follows, would otherwise stop the event loop for tens of
 * milliseconds, and every request with it. Here the commit only delays its own rows, and the
 * checkpoint runs after they are answered, before the next batch.
 *
 * The thread starts with the first batch, holds the process open only while a batch is under
 * way, and is started anew after it stops for any reason (every batch it held is refused).
 * Closing lets it finish the batches sent before and close its connection, before the server's
 * own connection empties the WAL and closes.
 */
export class WorkerWriter implements BatchWriter {
  private worker: Worker | undefined;
  private pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(private readonly options: WorkerWriterOptions) {}

  batch(statements: InStatement[]): Promise<number[]> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, statements });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.ref();
    worker.postMessage({ close: true });
    await exited;
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./write-worker.js', import.meta.url), { workerData: this.options });
    worker.unref();
    worker.on('message', (reply: Reply) => this.answer(reply));
    worker.on('error', (err) => this.stopped(worker, err));
    worker.on('exit', () => this.stopped(worker, new Error('the database writer stopped')));
    return (this.worker = worker);
  }

  private answer(reply: Reply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if ('counts' in reply) pending.resolve(reply.counts);
    else pending.reject(driverError(reply.error));
  }

  /** Refuses what `worker` held, unless a newer thread has taken its place already. */
  private stopped(worker: Worker, err: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const pending of this.pending.values()) pending.reject(err);
    this.pending.clear();
  }
}
