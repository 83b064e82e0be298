/**
 * The embedded database's writer thread (server/db/writer.ts, write-worker.js): one transaction
 * per batch, the driver's codes on failure, the same durable and privacy-minded settings as the
 * server's own connection, and a fresh thread after one stops.
 */
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStorageFailure } from '../../server/commit-queue.js';
import { createDb, migrateDb, PAGE_SIZE, writerOf, type Database } from '../../server/db/client.js';
import { WorkerWriter, type BatchWriter } from '../../server/db/writer.js';

let database: Database;
let dbPath: string;
let writer: BatchWriter;

const walBytes = () => (existsSync(`${dbPath}-wal`) ? statSync(`${dbPath}-wal`).size : 0);
const count = async (sql: string) => Number((await database.client.execute(sql)).rows[0][0]);
const planted = (n: number) => ({ sql: 'INSERT INTO server_secrets (name, value) VALUES (?, ?) RETURNING name', args: [`planted-${n}`, new Uint8Array([n])] });

beforeEach(async () => {
  dbPath = join(mkdtempSync(join(tmpdir(), 'parole-writer-')), 'parole.db');
  database = await createDb(`file:${dbPath}`);
  await migrateDb(database.db);
  writer = writerOf(database.db);
});

afterEach(() => database.close());

describe('the writer thread', () => {
  it('is a thread of its own for a file, and the client itself for an in-memory database', async () => {
    expect(writer).toBeInstanceOf(WorkerWriter);
    const memory = await createDb('file::memory:');
    expect(writerOf(memory.db)).not.toBeInstanceOf(WorkerWriter);
    await memory.close();
  });

  it('commits a batch as one transaction and tells how many rows each statement returned', async () => {
    const counts = await writer.batch([planted(1), planted(2), { sql: "DELETE FROM server_secrets WHERE name = 'absent' RETURNING name", args: [] }]);
    expect(counts).toEqual([1, 1, 0]);
    expect(await count("SELECT count(*) FROM server_secrets WHERE name LIKE 'planted-%'")).toBe(2);
  });

  it('writes nothing of a failed batch, and gives the driver’s code, not its parameters', async () => {
    const failed = writer.batch([planted(3), planted(3)]);
    await expect(failed).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_CONSTRAINT/) });
    const err = await failed.catch((e: Error) => e);
    expect(String((err as Error).message)).not.toContain('planted-3');
    expect(isStorageFailure(err)).toBe(false);
    expect(await count("SELECT count(*) FROM server_secrets WHERE name LIKE 'planted-%'")).toBe(0);
  });

  it('runs with the server connection’s settings: full sync, secure delete, foreign keys, temporary data in memory', async () => {
    const holds = (pragma: string, value: number) => ({ sql: `SELECT 1 WHERE (SELECT * FROM pragma_${pragma}) = ?`, args: [value] });
    const counts = await writer.batch([
      holds('synchronous', 2),
      holds('secure_delete', 1),
      holds('foreign_keys', 1),
      holds('temp_store', 2),
    ]);
    expect(counts).toEqual([1, 1, 1, 1]);
  });

  it('writes what it was sent before closing, and starts a fresh thread for the next batch', async () => {
    const held = writer.batch([planted(4)]);
    await writer.close();
    expect(await held).toEqual([1]);
    expect(await writer.batch([planted(5)])).toEqual([1]);
    expect(await count("SELECT count(*) FROM server_secrets WHERE name LIKE 'planted-%'")).toBe(2);
  });

  it('checkpoints a WAL of more than 64 pages after answering, so the next commit starts it afresh', async () => {
    const page = (n: number) => ({ sql: 'INSERT INTO server_secrets (name, value) VALUES (?, ?)', args: [`page-${n}`, new Uint8Array(3000).fill(n)] });
    await writer.batch(Array.from({ length: 100 }, (_, n) => page(n)));
    const frame = 24 + PAGE_SIZE;
    expect(walBytes()).toBeGreaterThan(100 * frame);
    await writer.batch([planted(8)]);
    expect(walBytes()).toBeLessThan(8 * frame);
    expect(await count("SELECT count(*) FROM server_secrets WHERE name LIKE 'page-%'")).toBe(100);
  });

  it('leaves the WAL checkpointed and empty once the database is closed', async () => {
    await writer.batch([planted(6)]);
    expect(walBytes()).toBeGreaterThan(0);
    await database.close();
    expect(walBytes()).toBe(0);
    database = await createDb(`file:${dbPath}`);
    expect(await count("SELECT count(*) FROM server_secrets WHERE name = 'planted-6'")).toBe(1);
  });

  it('leaves the WAL empty once closed when only the server’s own connection wrote, no writer thread started', async () => {
    await database.client.execute(planted(7));
    expect(walBytes()).toBeGreaterThan(0);
    await database.close();
    expect(walBytes()).toBe(0);
    database = await createDb(`file:${dbPath}`);
    expect(await count("SELECT count(*) FROM server_secrets WHERE name = 'planted-7'")).toBe(1);
  });

  it('reports a file it cannot write as a storage failure', async () => {
    const readOnly = new WorkerWriter({
      path: ':memory:',
      timeout: 100,
      pragmas: ['PRAGMA query_only = ON'],
      checkpointPages: 64,
      pageSize: PAGE_SIZE,
    });
    const err = await readOnly.batch([planted(7)]).catch((e: Error) => e);
    await readOnly.close();
    expect(isStorageFailure(err)).toBe(true);
  });
});
