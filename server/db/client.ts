import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.js';

export type Db = LibSQLDatabase<typeof schema> & { $client: Client };

export interface Database {
  db: Db;
  client: Client;
  /** True for a local file, where Parole owns the storage settings and the scrubbing. */
  embedded: boolean;
  close(): void;
}

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens the database. For an embedded file: one connection (the client pools otherwise, and
 * a PRAGMA applies to one connection only) and durable, privacy-minded settings. A remote
 * libSQL server keeps its own settings; see the README.
 */
export async function createDb(url: string, authToken?: string): Promise<Database> {
  const embedded = url.startsWith('file:');
  if (embedded) {
    const path = url.slice('file:'.length);
    if (path && path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  }
  const client = createClient(
    embedded ? { url, authToken, concurrency: 1, timeout: BUSY_TIMEOUT_MS } : { url, authToken },
  );
  if (embedded) {
    // Large pages hold a whole envelope up to the 32 KiB bucket inside its B-tree leaf, so it
    // lands among rows of random ids instead of on overflow pages appended in arrival order.
    // Takes effect only when the file is created.
    await client.execute('PRAGMA page_size = 65536');
    await client.execute('PRAGMA journal_mode = WAL');
    // The WAL holds recent writes in arrival order: checkpoint often, and truncate it each time.
    await client.execute('PRAGMA wal_autocheckpoint = 64');
    await client.execute('PRAGMA journal_size_limit = 0');
    // VACUUM's scratch copy would otherwise be a temporary file in arrival order.
    await client.execute('PRAGMA temp_store = MEMORY');
    // Every acknowledged testimony survives a power cut.
    await client.execute('PRAGMA synchronous = FULL');
    // Deleted rows are overwritten with zeros, not left readable in free pages.
    await client.execute('PRAGMA secure_delete = ON');
    await client.execute('PRAGMA foreign_keys = ON');
  }
  const db = drizzle(client, { schema, casing: 'snake_case' });
  return { db, client, embedded, close: () => client.close() };
}

/**
 * Opens and migrates, or throws an Error whose message says why in a few words: the driver's
 * code or first line, never a query or its parameters.
 */
export async function openMigratedDb(url: string, authToken?: string): Promise<Database> {
  let database: Database | undefined;
  try {
    database = await createDb(url, authToken);
    await migrateDb(database.db);
    return database;
  } catch (err) {
    database?.close();
    const cause = (err as { cause?: { code?: string; message?: string } }).cause ?? (err as { code?: string; message?: string });
    throw new Error(`cannot open the database (${cause?.code ?? cause?.message?.split('\n')[0] ?? 'unknown reason'})`);
  }
}

/** Applies the committed drizzle-kit migrations. */
export async function migrateDb(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder: MIGRATIONS });
}
