import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.js';
import { clientWriter, WorkerWriter, type BatchWriter } from './writer.js';

export type Db = LibSQLDatabase<typeof schema> & { $client: Client };

export interface Database {
  db: Db;
  client: Client;
  /** True for a local file, where Parole owns the storage settings and the scrubbing. */
  embedded: boolean;
  /** Closes the writer's connection, then empties the WAL and closes the server's own. */
  close(): Promise<void>;
}

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const BUSY_TIMEOUT_MS = 5000;

/**
 * The page size of an embedded file. Envelopes are stored in parts that each fit inside a
 * leaf page of this size (server/db/parts.ts), so none spills onto overflow pages appended in
 * arrival order; small pages keep what each commit writes to the WAL small.
 */
export const PAGE_SIZE = 4096;

/** Settings of an embedded file itself, made when it is created. */
const FILE_PRAGMAS = [
  // Takes effect only when the file is created; adoptPageSize changes an older file's.
  `PRAGMA page_size = ${PAGE_SIZE}`,
  'PRAGMA journal_mode = WAL',
];

/**
 * How many pages the WAL may hold before they are copied into the file. The writer thread checks
 * after answering each batch rather than inside its COMMIT (server/db/write-worker.js).
 */
const CHECKPOINT_PAGES = 64;

/** Settings of each connection to an embedded file: the server's own and its writer's. */
const CONNECTION_PRAGMAS = [
  // The WAL holds recent writes in arrival order: checkpoint often, and truncate it each time.
  `PRAGMA wal_autocheckpoint = ${CHECKPOINT_PAGES}`,
  'PRAGMA journal_size_limit = 0',
  // VACUUM's scratch copy would otherwise be a temporary file in arrival order.
  'PRAGMA temp_store = MEMORY',
  // Every acknowledged testimony survives a power cut.
  'PRAGMA synchronous = FULL',
  // Deleted rows are overwritten with zeros, not left readable in free pages.
  'PRAGMA secure_delete = ON',
  'PRAGMA foreign_keys = ON',
];

const writers = new WeakMap<Db, BatchWriter>();

/** Where the submissions of a handle createDb made are committed (server/commit-queue.ts). */
export function writerOf(db: Db): BatchWriter {
  const writer = writers.get(db);
  if (!writer) throw new Error('this database handle was not made by createDb');
  return writer;
}

/**
 * Opens the database. For an embedded file: one connection (the client pools otherwise, and
 * a PRAGMA applies to one connection only) and durable, privacy-minded settings. A remote
 * libSQL server keeps its own settings; see the README.
 */
export async function createDb(url: string, authToken?: string): Promise<Database> {
  const embedded = url.startsWith('file:');
  const path = embedded ? url.slice('file:'.length) : '';
  const onDisk = path !== '' && path !== ':memory:';
  if (onDisk) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const client = createClient(
    embedded ? { url, authToken, concurrency: 1, timeout: BUSY_TIMEOUT_MS } : { url, authToken },
  );
  if (embedded) for (const pragma of [...FILE_PRAGMAS, ...CONNECTION_PRAGMAS]) await client.execute(pragma);
  const db = drizzle(client, { schema, casing: 'snake_case' });
  // A file's commits go through a thread of their own; an in-memory database exists only on this
  // connection, and a remote server's commits do not hold the event loop.
  const options = { path, timeout: BUSY_TIMEOUT_MS, pragmas: CONNECTION_PRAGMAS, checkpointPages: CHECKPOINT_PAGES, pageSize: PAGE_SIZE };
  const writer = onDisk ? new WorkerWriter(options) : clientWriter(client);
  writers.set(db, writer);
  return {
    db,
    client,
    embedded,
    close: async () => {
      await writer.close();
      // The client's close does not close its connection at once, so SQLite's own checkpoint at
      // the last close may never come: empty the WAL here. A read-only file keeps its WAL.
      if (onDisk) await client.execute('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => {});
      client.close();
    },
  };
}

/**
 * Gives an embedded file made with another page size (64 KiB, before envelopes were stored in
 * parts) the page size above, rewriting it. SQLite changes the page size only outside WAL mode,
 * which no other connection may hold open: so at start-up, without waiting, and it throws
 * SQLITE_BUSY when another instance or the CLI has the file open. Its rewrite is a reshuffle
 * too (server/db/scrub.ts).
 */
export async function adoptPageSize(client: Client): Promise<void> {
  const [{ page_size: pageSize }] = (await client.execute('PRAGMA page_size')).rows;
  if (Number(pageSize) === PAGE_SIZE) return;
  await client.execute('PRAGMA busy_timeout = 0');
  try {
    // Leaving WAL mode checkpoints the WAL first.
    await client.execute('PRAGMA journal_mode = DELETE');
    await client.execute(`PRAGMA page_size = ${PAGE_SIZE}`);
    await client.execute('VACUUM');
  } finally {
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

/**
 * Opens and migrates, or throws an Error whose message says why in a few words: the driver's
 * code or first line, never a query or its parameters.
 */
export async function openMigratedDb(url: string, authToken?: string): Promise<Database> {
  let database: Database | undefined;
  try {
    database = await createDb(url, authToken);
    await migrateRacing(database.db);
    return database;
  } catch (err) {
    await database?.close();
    const cause = (err as { cause?: { code?: string; message?: string } }).cause ?? (err as { code?: string; message?: string });
    throw new Error(`cannot open the database (${cause?.code ?? cause?.message?.split('\n')[0] ?? 'unknown reason'})`);
  }
}

const MIGRATION_ATTEMPTS = 5;

/**
 * Instances started together on a fresh database race to migrate it. A loser's migration fails
 * and is rolled back whole; tried again a moment later, it finds the migrations applied. A
 * database that cannot be migrated at all still fails, after about a second and a half.
 */
async function migrateRacing(db: Db): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateDb(db);
    } catch (err) {
      if (attempt === MIGRATION_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, 150 * attempt));
    }
  }
}

/** Applies the committed drizzle-kit migrations. */
export async function migrateDb(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder: MIGRATIONS });
}
