/**
 * Group commit (server/commit-queue.ts): concurrent submissions share one transaction, each is
 * acknowledged only once the transaction holding its own row has committed, and a transaction
 * that fails stores none of its rows and answers 503 to every request it held.
 */
import { serve } from '@hono/node-server';
import { createClient, type Client } from '@libsql/client';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePublicKey, generateKey } from '../../crypto/index.js';
import { createApp } from '../../server/app.js';
import { CommitQueue, StorageUnavailable } from '../../server/commit-queue.js';
import { createDb, migrateDb, writerOf, type Database, type Db } from '../../server/db/client.js';
import type { BatchWriter } from '../../server/db/writer.js';
import { PrivacyLog } from '../../server/privacy.js';
import { addKey, commitQueueOf, ensureDefaultCampaign, randomId } from '../../server/store.js';
import { envelopeFor, fetchKeyring, postEnvelope, solvedProof, type KeyringEntry } from '../helpers/envelopes.js';

const NOW = new Date('2026-03-04T15:16:17Z');
const DAY = '2026-03-04';
const STORAGE_UNAVAILABLE = {
  error: 'storage_unavailable',
  message: 'The server could not store this now. Nothing was stored; try again.',
};

const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let database: Database;
let dbPath: string;
let reader: Client;
let url: string;
let stopServing: () => Promise<void>;
let keyring: KeyringEntry[];

/** The envelopes stored now, by digest, read from a connection other than the server's. */
async function storedDigests(): Promise<string[]> {
  const rows = (await reader.execute('SELECT envelope FROM submissions')).rows;
  return rows.map((r) => digest(new Uint8Array(r.envelope as ArrayBuffer)));
}

/** `count` different envelopes, each sealed on its own. */
function envelopes(count: number, label: string): Uint8Array<ArrayBuffer>[] {
  return Array.from({ length: count }, (_, i) => envelopeFor(keyring, `${label} ${i}`));
}

interface Answer {
  status: number;
  body: unknown;
  /** Rows holding the envelope, counted from another connection the moment its answer arrived. */
  rowsAtAnswer: number;
}

// Posts from a thread of its own: a client sharing the server's event loop could send nothing
// while a commit holds it, so no two submissions would ever meet in one transaction.
const POSTER = `
const { parentPort, workerData: { url, libsql, dbPath, envelopes, proofs } } = require('node:worker_threads');
const reader = require(libsql).createClient({ url: 'file:' + dbPath });
Promise.all(envelopes.map(async (envelope, i) => {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'Parole-Proof': proofs[i] }, body: envelope });
  const body = await res.json();
  const found = await reader.execute({ sql: 'SELECT count(*) AS n FROM submissions WHERE envelope = ?', args: [envelope] });
  return { status: res.status, body, rowsAtAnswer: Number(found.rows[0].n) };
})).then((answers) => { reader.close(); parentPort.postMessage(answers); });
`;

/** Posts every envelope at once from another thread, and gives the answers in the same order. */
async function postAll(sent: Uint8Array[]): Promise<Answer[]> {
  const libsql = createRequire(import.meta.url).resolve('@libsql/client');
  // Solved here, ahead of the burst, so that the worker's posts arrive together.
  const proofs = await Promise.all(sent.map(() => solvedProof(url)));
  const worker = new Worker(POSTER, {
    eval: true,
    workerData: { url: `${url}/api/campaigns/temoignages/submissions`, libsql, dbPath, envelopes: sent, proofs },
  });
  try {
    const [answers] = await once(worker, 'message');
    return answers;
  } finally {
    await worker.terminate();
  }
}

beforeAll(async () => {
  dbPath = join(mkdtempSync(join(tmpdir(), 'parole-durability-')), 'parole.db');
  database = await createDb(`file:${dbPath}`);
  await migrateDb(database.db);
  await ensureDefaultCampaign(database.db);
  await addKey(database.db, encodePublicKey(generateKey()), 'test', DAY);
  reader = createClient({ url: `file:${dbPath}` });
  // The app on a database handle of the test's own, so that the test can read its queue's stats.
  const app = createApp({ db: database.db, clock: () => NOW, log: new PrivacyLog(() => {}, () => NOW), web: new Map(), powBits: 0, rateLimit: 0 });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stopServing = () => new Promise((resolve) => server.close(() => resolve()));
  keyring = await fetchKeyring(url);
});

afterAll(async () => {
  await stopServing();
  reader.close();
  await database.close();
});

describe('group commit over HTTP', () => {
  it('answers each of many concurrent submissions 201 only once its row is committed, in shared transactions', async () => {
    const queue = commitQueueOf(database.db);
    const before = { ...queue.stats };
    const sent = envelopes(200, 'ensemble');
    const answers = await postAll(sent);
    expect(answers).toEqual(Array(200).fill({ status: 201, body: { stored: true }, rowsAtAnswer: 1 }));
    const stored = new Set(await storedDigests());
    for (const envelope of sent) expect(stored.has(digest(envelope))).toBe(true);
    const batches = queue.stats.batches - before.batches;
    expect(queue.stats.rows - before.rows).toBe(200);
    expect(batches).toBeLessThan(200);
    expect(queue.stats.largestBatch).toBeGreaterThan(1);
    expect(queue.stats.failedBatches).toBe(before.failedBatches);
  });

  it('answers 503 to every request of a failed transaction, stores none of them, then stores again', async () => {
    const queue = commitQueueOf(database.db);
    const before = { ...queue.stats };
    const rowsBefore = (await storedDigests()).length;
    // A trigger makes every insert fail, as a broken disk would make every commit fail.
    await reader.execute(`CREATE TRIGGER refuse_all BEFORE INSERT ON submissions BEGIN SELECT RAISE(ABORT, 'planted failure'); END`);
    try {
      const answers = await postAll(envelopes(40, 'refusé'));
      expect(answers).toEqual(Array(40).fill({ status: 503, body: STORAGE_UNAVAILABLE, rowsAtAnswer: 0 }));
    } finally {
      await reader.execute('DROP TRIGGER refuse_all');
    }
    expect(await storedDigests()).toHaveLength(rowsBefore);
    const failed = queue.stats.failedBatches - before.failedBatches;
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(40);
    expect(queue.stats.rows).toBe(before.rows);
    expect((await postEnvelope(url, envelopes(1, 'après')[0])).status).toBe(201);
  });
});

describe('CommitQueue', () => {
  /** A queue on the test's database whose ids come from a list, then at random. */
  function queueWithIds(ids: number[], db: Db = database.db): CommitQueue {
    return new CommitQueue(writerOf(db), () => ids.shift() ?? randomId());
  }
  const row = (envelope: Uint8Array) => ({ campaign: 'temoignages', envelope, day: DAY });

  it('writes the rows that arrive together in one transaction, in id order rather than arrival order', async () => {
    const seen: number[][] = [];
    // The database's writer, watched: each batch's ids as the queue sends them.
    const writer = writerOf(database.db);
    const watched: BatchWriter = {
      batch(statements) {
        seen.push(statements.map((s) => Number((s as { args: unknown[] }).args[0])));
        return writer.batch(statements);
      },
      async close() {},
    };
    const queue = new CommitQueue(watched, randomId);
    await Promise.all(envelopes(30, 'ordre').map((e) => queue.insert(row(e))));
    expect(queue.stats).toMatchObject({ batches: 1, rows: 30, largestBatch: 30 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual([...seen[0]].sort((a, b) => a - b));
  });

  it('rolls a batch back whole when one of its rows fails, and rejects every caller in it', async () => {
    const [poison, ...others] = envelopes(12, 'lot');
    await reader.execute('CREATE TABLE poison (envelope BLOB)');
    await reader.execute({ sql: 'INSERT INTO poison VALUES (?)', args: [poison] });
    await reader.execute(
      `CREATE TRIGGER refuse_poison BEFORE INSERT ON submissions WHEN NEW.envelope IN (SELECT envelope FROM poison)
       BEGIN SELECT RAISE(ABORT, 'planted failure'); END`,
    );
    try {
      const queue = queueWithIds([]);
      const outcomes = await Promise.allSettled([...others.slice(0, 6), poison, ...others.slice(6)].map((e) => queue.insert(row(e))));
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(StorageUnavailable);
      }
      expect(queue.stats).toMatchObject({ batches: 0, rows: 0, failedBatches: 1 });
      const stored = new Set(await storedDigests());
      for (const envelope of [poison, ...others]) expect(stored.has(digest(envelope))).toBe(false);
      // The queue is not stuck: the rows sent again without the poisoned one are stored.
      await Promise.all(others.map((e) => queue.insert(row(e))));
      const after = new Set(await storedDigests());
      for (const envelope of others) expect(after.has(digest(envelope))).toBe(true);
    } finally {
      await reader.execute('DROP TRIGGER refuse_poison');
      await reader.execute('DROP TABLE poison');
    }
  });

  it('retries with a fresh id the rows whose id clashed, with a stored row or within the batch', async () => {
    const [taken, twin] = [randomId(), randomId()];
    const [planted, a, b, c] = envelopes(4, 'collision');
    await reader.execute({ sql: 'INSERT INTO submissions (id, campaign, envelope, day) VALUES (?, ?, ?, ?)', args: [taken, 'temoignages', planted, DAY] });
    // a meets the stored row; b and c draw the same id, so one of them clashes inside the batch.
    const queue = queueWithIds([taken, twin, twin]);
    await Promise.all([a, b, c].map((e) => queue.insert(row(e))));
    expect(queue.stats).toMatchObject({ batches: 2, rows: 3, clashes: 2 });
    const rows = (await reader.execute({ sql: 'SELECT id, envelope FROM submissions WHERE id = ?', args: [taken] })).rows;
    expect(rows.map((r) => digest(new Uint8Array(r.envelope as ArrayBuffer)))).toEqual([digest(planted)]);
    const stored = new Set(await storedDigests());
    for (const envelope of [a, b, c]) expect(stored.has(digest(envelope))).toBe(true);
  });
});
