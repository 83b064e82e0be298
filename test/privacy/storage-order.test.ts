/**
 * Ids are random, but SQLite writes WAL frames and new pages in the order writes arrive. These
 * tests read the raw database and WAL files, as someone holding the disk would, and rank the
 * stored envelopes by where they sit: before the scrubber the arrival order shows, after it
 * only the random id order remains.
 */
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodePublicKey, encodeTestimony, generateKey, sealEnvelope } from '../../crypto/index.js';
import { createDb, migrateDb, type Database } from '../../server/db/client.js';
import { reshuffleStorage } from '../../server/db/scrub.js';
import { addKey, ensureDefaultCampaign, insertSubmission } from '../../server/store.js';

const key = generateKey();
// Envelopes of the largest bucket spill onto overflow pages, appended to the file as they come.
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

  /** Where each envelope ends in the database file, found by its last 32 bytes (ciphertext, unique to it). */
  function offsetsIn(file: string): number[] {
    const bytes = readFileSync(join(dir, file));
    return envelopes.map((e) => bytes.indexOf(Buffer.from(e.subarray(e.length - 32))));
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parole-order-'));
    database = await createDb(`file:${join(dir, 'parole.db')}`);
    await migrateDb(database.db);
    await ensureDefaultCampaign(database.db);
    await addKey(database.db, encodePublicKey(key), 'test', '2026-01-01');
    // Sixty rows: an unrelated order then has |rho| under 0.5 but for about one run in ten thousand.
    for (let i = 0; i < 60; i++) {
      const text = i % 2 === 0 ? LARGE_TEXT : `court ${i}`;
      const envelope = sealEnvelope(encodeTestimony({ campaign: 'temoignages', locale: 'fr', text }), [key]);
      envelopes.push(envelope);
      await insertSubmission(database.db, 'temoignages', envelope, '2026-01-01');
    }
    await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  });

  it('shows the arrival order on disk before the scrubber runs (control)', () => {
    const offsets = offsetsIn('parole.db');
    const large = offsets.filter((_, i) => i % 2 === 0);
    expect(large.every((o) => o >= 0)).toBe(true);
    expect(rankCorrelation(large, large.map((_, i) => i))).toBeGreaterThan(0.9);
  });

  it('leaves no arrival order on disk after the scrubber, only the random id order', async () => {
    await reshuffleStorage(database.client);
    const offsets = offsetsIn('parole.db');
    expect(offsets.every((o) => o >= 0)).toBe(true);
    expect(Math.abs(rankCorrelation(offsets, offsets.map((_, i) => i)))).toBeLessThan(0.5);
    const wal = join(dir, 'parole.db-wal');
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    await database.close();
  });
});
