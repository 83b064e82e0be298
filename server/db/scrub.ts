import type { Client } from '@libsql/client';

/**
 * A scrubber, named for what it removes: the order in which testimonies arrived, as the file
 * layout keeps it. SQLite writes new WAL frames and new pages in the order writes happen, so
 * someone holding the disk could rank rows by arrival even though ids are random. Rewriting
 * the whole database (VACUUM lays rows out by id, which is random) and emptying the WAL
 * leaves only the row order by id. Run at start-up and at each new UTC day: between two runs,
 * the day's own writes keep their order on disk, and the day is what the rows say anyway.
 * Embedded files only; a remote libSQL server's storage is its operator's to scrub.
 */
export async function reshuffleStorage(client: Client): Promise<void> {
  await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  await client.execute('VACUUM');
  await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
}
