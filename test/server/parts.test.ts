/**
 * Envelopes stored in parts (server/db/parts.ts): every envelope comes back byte for byte
 * through every read, no page of the file is an overflow page, parts go with their envelope,
 * a row that is not stored leaves no part behind, and an older file is converted.
 */
import { createClient } from '@libsql/client';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { envelopeDigest } from '../../crypto/bundle.js';
import { encodePublicKey, generateKey, keyId, sealEnvelope, type SecretKey } from '../../crypto/index.js';
import { CommitQueue } from '../../server/commit-queue.js';
import { adoptPageSize, createDb, migrateDb, PAGE_SIZE, writerOf, type Database } from '../../server/db/client.js';
import { PART_BYTES } from '../../server/db/parts.js';
import { confirmDeliveries, purgeDelivered, undeliveredEnvelopes } from '../../server/delegates.js';
import { insertReply, purgeMailbox, repliesTo } from '../../server/mailboxes.js';
import { purgeExpired } from '../../server/retention.js';
import { addKey, allSubmissions, ensureDefaultCampaign, insertSubmission, randomId } from '../../server/store.js';
import { seededBytes } from '../crypto/fixtures.js';

const DAY = '2026-03-04';
const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'server', 'db', 'migrations');

const open: Database[] = [];
afterEach(async () => {
  for (const database of open.splice(0)) await database.close();
});

async function freshDb(): Promise<Database & { path: string }> {
  const path = join(mkdtempSync(join(tmpdir(), 'parole-parts-')), 'parole.db');
  const database = await createDb(`file:${path}`);
  open.push(database);
  await migrateDb(database.db);
  await ensureDefaultCampaign(database.db);
  return Object.assign(database, { path });
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const count = async (database: Database, sql: string) => Number((await database.client.execute(sql)).rows[0].n);
const overflowPages = (database: Database) => count(database, "SELECT count(*) AS n FROM dbstat WHERE pagetype = 'overflow'");

/** Envelopes of every bucket, to one recipient and to sixteen: the smallest and the largest headers. */
function envelopesOfEveryBucket(keys: SecretKey[]): Uint8Array[] {
  const sizes = [10, 2000, 4000, 8000, 16_000, 32_000, 65_000];
  return sizes.flatMap((size, i) => [
    sealEnvelope(seededBytes(size, i), [keys[0]]),
    sealEnvelope(seededBytes(size, i + 100), keys.slice(0, 16)),
  ]);
}

describe('envelopes stored in parts', () => {
  const keys = Array.from({ length: 16 }, () => generateKey());

  it('gives every envelope back whole, through the export, the pull and the purge, from 4 KiB pages with no overflow page', async () => {
    const database = await freshDb();
    await addKey(database.db, encodePublicKey(keys[0]), 'test', DAY);
    const sent = envelopesOfEveryBucket(keys);
    await Promise.all(sent.map((envelope) => insertSubmission(database.db, 'temoignages', envelope, DAY)));
    expect(await count(database, 'SELECT count(*) AS n FROM submission_parts')).toBeGreaterThan(sent.length);
    const pulled = [];
    for await (const page of undeliveredEnvelopes(database.db, keyId(keys[0]), 4)) pulled.push(...page);
    expect(pulled.map((row) => hex(row.envelope)).sort()).toEqual(sent.map(hex).sort());

    // Bytes around the part size too, which only the export reads: the pull reads headers first.
    const raw = [PART_BYTES - 1, PART_BYTES, PART_BYTES + 1, 2 * PART_BYTES, 2 * PART_BYTES + 1].map((n, i) => seededBytes(n, 200 + i));
    await Promise.all(raw.map((bytes) => insertSubmission(database.db, 'temoignages', bytes, DAY)));
    const exported = [];
    for await (const row of allSubmissions(database.db, 3)) exported.push(hex(row.envelope));
    expect(exported.sort()).toEqual([...sent, ...raw].map(hex).sort());

    expect((await database.client.execute('PRAGMA page_size')).rows[0].page_size).toBe(PAGE_SIZE);
    expect(await overflowPages(database)).toBe(0);

    // The purge reads the whole envelope for its digest, and its parts go with it.
    await confirmDeliveries(database.db, keyId(keys[0]), pulled.map((row) => row.id));
    const items = pulled.map((row) => ({ id: row.id, digest: envelopeDigest(row.envelope) }));
    expect(await purgeDelivered(database.db, keyId(keys[0]), items)).toEqual({ deleted: sent.length, kept: 0 });
    await purgeExpired(database.db, '2099-01-01', 1);
    expect(await count(database, 'SELECT count(*) AS n FROM submissions')).toBe(0);
    expect(await count(database, 'SELECT count(*) AS n FROM submission_parts')).toBe(0);
  });

  it('stores reply envelopes in parts too, and deletes them with their mailbox', async () => {
    const database = await freshDb();
    const mailbox = 'abcdef0123456789';
    const sent = [seededBytes(100, 1), seededBytes(PART_BYTES, 2), seededBytes(20_000, 3)];
    for (const envelope of sent) await insertReply(database.db, mailbox, envelope, DAY);
    const replies = await repliesTo(database.db, mailbox);
    expect(replies.map((r) => hex(r.envelope)).sort()).toEqual(sent.map(hex).sort());
    expect(await overflowPages(database)).toBe(0);
    expect(await purgeMailbox(database.db, mailbox)).toBe(3);
    expect(await count(database, 'SELECT count(*) AS n FROM reply_parts')).toBe(0);
  });

  it('gives no part to a row that met an id clash or spent a spent challenge', async () => {
    const database = await freshDb();
    const ids = [42, 42];
    const queue = new CommitQueue(writerOf(database.db), () => ids.shift() ?? randomId());
    const [first, second, third] = [1, 2, 3].map((n) => seededBytes(3 * PART_BYTES, n));
    const spends = { nonce: 'DDDDDDDDDDDDDDDDDDDDDD', expires: 1_800_000_000 };
    const outcomes = await Promise.all([
      queue.insert({ campaign: 'temoignages', envelope: first, day: DAY }),
      queue.insert({ campaign: 'temoignages', envelope: second, day: DAY, spends }),
      queue.insert({ campaign: 'temoignages', envelope: third, day: DAY, spends }),
    ]);
    expect(outcomes.sort()).toEqual(['challenge_used', 'stored', 'stored']);
    expect(queue.stats.clashes).toBe(1);
    const stored = [];
    for await (const row of allSubmissions(database.db)) stored.push(hex(row.envelope));
    expect(stored).toHaveLength(2);
    expect(stored).toContain(hex(first));
    expect(await count(database, 'SELECT count(*) AS n FROM submission_parts')).toBe(2 * 2);
  });
});

describe('a database from before parts', () => {
  /** The migrations up to, not including, 0004: the schema whole envelopes were stored in. */
  function migrationsBeforeParts(): string {
    const folder = join(mkdtempSync(join(tmpdir(), 'parole-migrations-')), 'migrations');
    cpSync(MIGRATIONS, folder, { recursive: true });
    rmSync(join(folder, '0004_envelope_parts.sql'));
    const journalPath = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
    journal.entries = journal.entries.filter((entry: { idx: number }) => entry.idx < 4);
    writeFileSync(journalPath, JSON.stringify(journal));
    return folder;
  }

  it('has its envelopes split into parts by the migration, and gives them back whole', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'parole-old-')), 'parole.db');
    const old = createClient({ url: `file:${path}` });
    await migrate(drizzle(old), { migrationsFolder: migrationsBeforeParts() });
    await old.execute("INSERT INTO campaigns (slug, title_fr, title_en, intro_fr, intro_en) VALUES ('temoignages', 't', 't', 'i', 'i')");
    const envelopes = [seededBytes(500, 1), seededBytes(PART_BYTES, 2), seededBytes(PART_BYTES + 1, 3), seededBytes(65_818, 4)];
    for (const [i, envelope] of envelopes.entries()) {
      await old.execute({ sql: 'INSERT INTO submissions (id, campaign, envelope, day) VALUES (?, ?, ?, ?)', args: [randomId(), 'temoignages', envelope, DAY] });
      await old.execute({ sql: 'INSERT INTO mailbox_replies (id, mailbox, envelope, day) VALUES (?, ?, ?, ?)', args: [randomId(), 'ffffffffffffff0' + i, envelope, DAY] });
    }
    old.close();

    const database = await createDb(`file:${path}`);
    open.push(database);
    await migrateDb(database.db);
    const stored = [];
    for await (const row of allSubmissions(database.db)) stored.push(hex(row.envelope));
    const expected = envelopes.map(hex);
    expect(stored.sort()).toEqual([...expected].sort());
    for (const [i, envelope] of expected.entries()) {
      expect((await repliesTo(database.db, 'ffffffffffffff0' + i)).map((r) => hex(r.envelope))).toEqual([envelope]);
    }
    expect(await count(database, `SELECT count(*) AS n FROM submissions WHERE length(envelope) > ${PART_BYTES}`)).toBe(0);
  });

  it('is given 4 KiB pages at start-up when no other connection holds it, and keeps its pages otherwise', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'parole-pages-')), 'parole.db');
    const old = createClient({ url: `file:${path}`, concurrency: 1 });
    await old.execute('PRAGMA page_size = 65536');
    await old.execute('PRAGMA journal_mode = WAL');
    old.close();
    const database = await createDb(`file:${path}`);
    open.push(database);
    await migrateDb(database.db);
    await ensureDefaultCampaign(database.db);
    const envelope = seededBytes(20_000, 9);
    await insertSubmission(database.db, 'temoignages', envelope, DAY);
    const pageSize = async () => Number((await database.client.execute('PRAGMA page_size')).rows[0].page_size);
    expect(await pageSize()).toBe(65_536);

    // The writer's thread holds the file open: the change is refused at once, and nothing moves.
    await expect(adoptPageSize(database.client)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(await pageSize()).toBe(65_536);
    await writerOf(database.db).close();

    await adoptPageSize(database.client);
    expect(await pageSize()).toBe(PAGE_SIZE);
    expect((await database.client.execute('PRAGMA journal_mode')).rows[0].journal_mode).toBe('wal');
    const stored = [];
    for await (const row of allSubmissions(database.db)) stored.push(hex(row.envelope));
    expect(stored).toEqual([hex(envelope)]);
  });
});
