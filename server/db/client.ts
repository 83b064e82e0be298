import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.js';

export type Db = LibSQLDatabase<typeof schema>;

export interface Database {
  db: Db;
  client: Client;
  close(): void;
}

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens the database. For an embedded file, one connection (the client pools otherwise,
 * and a PRAGMA applies to one connection only) and durable, privacy-minded settings.
 */
export async function createDb(url: string, authToken?: string): Promise<Database> {
  const embedded = url.startsWith('file:');
  if (embedded) {
    const path = url.slice('file:'.length);
    if (path && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  }
  const client = createClient({ url, authToken, concurrency: 1, timeout: BUSY_TIMEOUT_MS });
  if (embedded) {
    await client.execute('PRAGMA journal_mode = WAL');
    // Every acknowledged testimony survives a power cut.
    await client.execute('PRAGMA synchronous = FULL');
    // Deleted rows are overwritten with zeros, not left readable in free pages.
    await client.execute('PRAGMA secure_delete = ON');
    await client.execute('PRAGMA foreign_keys = ON');
  }
  const db = drizzle(client, { schema, casing: 'snake_case' });
  return { db, client, close: () => client.close() };
}

/** Applies the committed drizzle-kit migrations. */
export async function migrateDb(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder: MIGRATIONS });
}
