/**
 * Ids are random, but SQLite writes WAL frames and new pages in the order writes arrive. These
 * tests read the raw database and WAL files, as someone holding the disk would, and rank the
 * stored envelopes by where they sit. Rows that spill onto overflow pages show the order they
 * were written in (the control); envelopes, stored in parts that each fit in a page
 * (server/db/parts.ts), show none once the WAL is checkpointed, and none after the scrubber.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodePublicKey, encodeTestimony, generateKey, sealEnvelope } from '../../crypto/index.js';
import { createDb, migrateDb, type Database } from '../../server/db/client.js';
import { reshuffleStorage } from '../../server/db/scrub.js';
import { addKey, ensureDefaultCampaign, insertSubmission, randomId } from '../../server/store.js';

const key = generateKey();
// Envelopes of the largest bucket: eighteen parts each.
const LARGE_TEXT = 'x'.repeat(40_000);

/** Spearman's rank correlation: 1 when two orders agree, near 0 when unrelated. */
function rankCorrelation(a: number[], b: number[]): number {
  const ranks = (xs: number[]) => {
    const order = xs.map((x, i) => [x, i]).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(xs.length);
    order.forEach(([, i], rank) => (r[i] = rank));
    return r;
  };
  const [ra, rb] = [ranks(a), ranks(b)];
  const n = a.length;
  const d2 = ra.reduce((sum, r, i) => sum + (r - rb[i]) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

describe('storage order', () => {
  let dir: string;
  let database: Database;
  const envelopes: Uint8Array[] = [];

  /** Where each of `tails` sits in the database file: its first byte's offset, or -1. */
  function offsetsIn(file: string, tails: Uint8Array[]): number[] {
    const bytes = readFileSync(join(dir, file));
    return tails.map((tail) => bytes.indexOf(Buffer.from(tail)));
  }
  // An envelope is found by its last 32 bytes: ciphertext, unique to it, in its last part.
  const lastBytes = () => envelopes.map((e) => e.subarray(e.length - 32));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parole-order-'));
    database = await createDb(`file:${join(dir, 'parole.db')}`);
    await migrateDb(database.db);
    await ensureDefaultCampaign(database.db);
    await addKey(database.db, encodePublicKey(key), 'test', '2026-01-01');
    // Sixty rows of each size: an unrelated order then has |rho| under 0.5 but for about one
    // run in ten thousand.
    for (let i = 0; i < 120; i++) {
      const text = i % 2 === 0 ? LARGE_TEXT : `court ${i}`;
      const envelope = sealEnvelope(encodeTestimony({ campaign: 'temoignages', locale: 'fr', text }), [key]);
      envelopes.push(envelope);
      await insertSubmission(database.db, 'temoignages', envelope, '2026-01-01');
    }
    await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  });

  it('sees the order rows were written in when they spill onto overflow pages (control)', async () => {
    await database.client.execute('CREATE TABLE spill (id INTEGER PRIMARY KEY, bytes BLOB)');
    const spilled = Array.from({ length: 30 }, () => randomBytes(20_000));
    for (const bytes of spilled) await database.client.execute({ sql: 'INSERT INTO spill VALUES (?, ?)', args: [randomId(), bytes] });
    await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    const offsets = offsetsIn('parole.db', spilled.map((b) => b.subarray(b.length - 32)));
    expect(offsets.every((o) => o >= 0)).toBe(true);
    expect(rankCorrelation(offsets, offsets.map((_, i) => i))).toBeGreaterThan(0.9);
    await database.client.execute('DROP TABLE spill');
    await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  });

  /** |rho| between where envelopes sit and their arrival, for the large and for the small ones. */
  function arrivalCorrelations(): number[] {
    const offsets = offsetsIn('parole.db', lastBytes());
    expect(offsets.every((o) => o >= 0)).toBe(true);
    return [0, 1].map((parity) => {
      const group = offsets.filter((_, i) => i % 2 === parity);
      return Math.abs(rankCorrelation(group, group.map((_, i) => i)));
    });
  }

  it('keeps no arrival order of envelopes in the database file, even before the scrubber', () => {
    for (const rho of arrivalCorrelations()) expect(rho).toBeLessThan(0.5);
  });

  it('leaves no arrival order on disk after the scrubber, only the random id order, and an empty WAL', async () => {
    await reshuffleStorage(database.client);
    for (const rho of arrivalCorrelations()) expect(rho).toBeLessThan(0.5);
    const wal = join(dir, 'parole.db-wal');
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    await database.close();
  });
});
