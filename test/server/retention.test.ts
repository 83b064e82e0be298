/**
 * Retention: testimonies and replies older than PAROLE_RETENTION_DAYS leave the database, rows
 * and bytes, at start-up and at each new UTC day, whether or not a delegate pulled them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateKey, mailboxId, sealReply } from '../../crypto/index.js';
import { ConfigError, DEFAULT_RETENTION_DAYS, readConfig } from '../../server/config.js';
import { createDb, migrateDb, type Database } from '../../server/db/client.js';
import { oldestKeptDay, purgeExpired } from '../../server/retention.js';
import { startServer, type RunningServer } from '../../server/serve.js';
import { ensureDefaultCampaign } from '../../server/store.js';
import { CAMPAIGN, checkpoint, rawBytes, registerDelegate, sealTo, sql, type TestDelegate } from '../helpers/delegate.js';
import { fixtureWebDir } from '../helpers/server.js';

const TODAY = '2026-06-10';
const DAY_MS = 86_400_000;
const NOON = Date.parse(`${TODAY}T12:00:00Z`);

/** The UTC day `n` days after TODAY (before it when negative). */
const day = (n: number) => new Date(NOON + n * DAY_MS).toISOString().slice(0, 10);
const marker = (envelope: Uint8Array) => Buffer.from(envelope.subarray(-512, -448));

interface Planted {
  id: number;
  day: string;
  envelope: Uint8Array;
}

/** A fresh folder holding a migrated database with the default campaign and one delegate key. */
async function preparedFolder(): Promise<{ dir: string; dbPath: string; delegate: TestDelegate }> {
  const dir = mkdtempSync(join(tmpdir(), 'parole-retention-'));
  const dbPath = join(dir, 'parole.db');
  const delegate = await registerDelegate(dbPath, 'Alice');
  const database = await createDb(`file:${dbPath}`);
  await ensureDefaultCampaign(database.db);
  await database.close();
  return { dir, dbPath, delegate };
}

/** One submission, confirmed as delivered to the delegate, and one reply, on each of these days. */
async function plant(dbPath: string, delegate: TestDelegate, days: number[], firstId: number) {
  const submissions: Planted[] = [];
  const replies: Planted[] = [];
  for (const [i, n] of days.entries()) {
    const submission = { id: firstId + i, day: day(n), envelope: sealTo([delegate.key], `témoignage du jour ${n}`) };
    await sql(dbPath, 'INSERT INTO submissions (id, campaign, envelope, day) VALUES (?, ?, ?, ?)', [submission.id, CAMPAIGN, submission.envelope, submission.day]);
    await sql(dbPath, 'INSERT INTO deliveries (key_id, submission_id) VALUES (?, ?)', [delegate.id, submission.id]);
    const mailbox = generateKey();
    const reply = { id: firstId + i, day: day(n), envelope: sealReply({ text: `réponse du jour ${n}`, sent: `${day(n)}T09:00:00Z` }, delegate.key, mailbox) };
    await sql(dbPath, 'INSERT INTO mailbox_replies (id, mailbox, envelope, day) VALUES (?, ?, ?, ?)', [reply.id, mailboxId(mailbox), reply.envelope, reply.day]);
    submissions.push(submission);
    replies.push(reply);
  }
  return { submissions, replies };
}

async function storedDays(dbPath: string) {
  const days = async (query: string) => (await sql(dbPath, query)).map((row) => String(row.day));
  return {
    submissions: await days('SELECT day FROM submissions ORDER BY day'),
    deliveries: await days('SELECT s.day FROM deliveries d JOIN submissions s ON s.id = d.submission_id ORDER BY s.day'),
    orphanDeliveries: Number((await sql(dbPath, 'SELECT count(*) AS n FROM deliveries WHERE submission_id NOT IN (SELECT id FROM submissions)'))[0].n),
    replies: await days('SELECT day FROM mailbox_replies ORDER BY day'),
  };
}

function startOn(dir: string, now: () => number, lines: string[], env: Record<string, string> = {}): Promise<RunningServer> {
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', PAROLE_DATA_DIR: dir, PAROLE_WEB_DIR: fixtureWebDir(), ...env });
  return startServer(config, (line) => lines.push(line), () => new Date(now()));
}

describe('PAROLE_RETENTION_DAYS', () => {
  const base = { PAROLE_DATA_DIR: tmpdir() };

  it(`defaults to ${DEFAULT_RETENTION_DAYS} days, and takes a whole number from 1 to 3650`, () => {
    expect(DEFAULT_RETENTION_DAYS).toBe(90);
    expect(readConfig(base).retentionDays).toBe(90);
    expect(readConfig({ ...base, PAROLE_RETENTION_DAYS: '' }).retentionDays).toBe(90);
    for (const days of [1, 30, 365, 3650]) expect(readConfig({ ...base, PAROLE_RETENTION_DAYS: String(days) }).retentionDays).toBe(days);
  });

  it.each(['0', '3651', '-1', '1e2', '90.5', ' 90', '90 ', '0x5a', 'quatre-vingt-dix', '99999'])('refuses %j with a clear message', (value) => {
    const read = () => readConfig({ ...base, PAROLE_RETENTION_DAYS: value });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/^PAROLE_RETENTION_DAYS must be a whole number of days from 1 to 3650$/);
  });
});

describe('purgeExpired', () => {
  let folder: Awaited<ReturnType<typeof preparedFolder>>;
  let database: Database;

  beforeAll(async () => {
    folder = await preparedFolder();
    database = await createDb(`file:${folder.dbPath}`);
    await migrateDb(database.db);
  });
  afterAll(() => database.close());

  it('keeps a row of the oldest kept day and deletes one of the day before', () => {
    expect(oldestKeptDay(TODAY, 90)).toBe(day(-90));
    expect(oldestKeptDay(TODAY, 1)).toBe(day(-1));
    expect(oldestKeptDay('2024-03-01', 1)).toBe('2024-02-29');
    expect(oldestKeptDay('2026-01-01', 365)).toBe('2025-01-01');
  });

  it('deletes submissions, their deliveries and replies older than the limit, keeps younger ones, and leaves none of their bytes', async () => {
    const planted = await plant(folder.dbPath, folder.delegate, [-400, -91, -90, -89, 0], 1000);
    await checkpoint(folder.dbPath);
    const expired = [planted.submissions[0], planted.submissions[1], planted.replies[0], planted.replies[1]];
    const kept = [...planted.submissions.slice(2), ...planted.replies.slice(2)];
    // Control: the search finds rows that are stored.
    for (const row of [...expired, ...kept]) expect(rawBytes(folder.dbPath).includes(marker(row.envelope))).toBe(true);

    expect(await purgeExpired(database.db, TODAY, 90)).toEqual({ submissions: 2, replies: 2 });
    const keptDays = [day(-90), day(-89), day(0)];
    expect(await storedDays(folder.dbPath)).toEqual({ submissions: keptDays, deliveries: keptDays, orphanDeliveries: 0, replies: keptDays });

    await checkpoint(folder.dbPath);
    for (const row of expired) {
      expect(rawBytes(folder.dbPath).includes(marker(row.envelope)), row.day).toBe(false);
      expect(rawBytes(`${folder.dbPath}-wal`).includes(marker(row.envelope)), row.day).toBe(false);
    }
    for (const row of kept) expect(rawBytes(folder.dbPath).includes(marker(row.envelope)), row.day).toBe(true);
  });

  it('deletes nothing more when run again, and everything past a shorter limit', async () => {
    expect(await purgeExpired(database.db, TODAY, 90)).toEqual({ submissions: 0, replies: 0 });
    expect(await purgeExpired(database.db, TODAY, 1)).toEqual({ submissions: 2, replies: 2 });
    expect(await storedDays(folder.dbPath)).toEqual({ submissions: [day(0)], deliveries: [day(0)], orphanDeliveries: 0, replies: [day(0)] });
  });

  it('deletes deliveries itself, without relying on the foreign key cascade', async () => {
    await database.client.execute('PRAGMA foreign_keys = OFF');
    try {
      await plant(folder.dbPath, folder.delegate, [-5], 2000);
      expect(await purgeExpired(database.db, TODAY, 1)).toEqual({ submissions: 1, replies: 1 });
      expect((await storedDays(folder.dbPath)).orphanDeliveries).toBe(0);
    } finally {
      await database.client.execute('PRAGMA foreign_keys = ON');
    }
  });
});

describe('the server', () => {
  afterAll(() => vi.useRealTimers());

  it('purges at start-up by its own clock and PAROLE_RETENTION_DAYS, before the storage reshuffle', async () => {
    const folder = await preparedFolder();
    const planted = await plant(folder.dbPath, folder.delegate, [-31, -30, 0], 3000);
    const lines: string[] = [];
    // A clock 100 days ahead: every planted row is older than 30 days then.
    const server = await startOn(folder.dir, () => NOON + 100 * DAY_MS, lines, { PAROLE_RETENTION_DAYS: '30' });
    try {
      expect(await storedDays(folder.dbPath)).toEqual({ submissions: [], deliveries: [], orphanDeliveries: 0, replies: [] });
      for (const row of [...planted.submissions, ...planted.replies]) {
        expect(rawBytes(folder.dbPath).includes(marker(row.envelope))).toBe(false);
        expect(rawBytes(`${folder.dbPath}-wal`).includes(marker(row.envelope))).toBe(false);
      }
      expect(lines.filter((line) => line.startsWith('the retention purge'))).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('keeps what is young enough at start-up', async () => {
    const folder = await preparedFolder();
    await plant(folder.dbPath, folder.delegate, [-31, -30, 0], 4000);
    const server = await startOn(folder.dir, () => NOON, [], { PAROLE_RETENTION_DAYS: '30' });
    await server.close();
    expect(await storedDays(folder.dbPath)).toMatchObject({ submissions: [day(-30), day(0)], replies: [day(-30), day(0)] });
  });

  it('purges again once a new UTC day begins', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const folder = await preparedFolder();
    let now = NOON;
    const server = await startOn(folder.dir, () => now, [], { PAROLE_RETENTION_DAYS: '2' });
    try {
      await plant(folder.dbPath, folder.delegate, [-2, -1, 0], 5000);
      await vi.advanceTimersByTimeAsync(60_000);
      // Control: the same day, the timer purges nothing.
      expect((await storedDays(folder.dbPath)).submissions).toEqual([day(-2), day(-1), day(0)]);
      now = NOON + DAY_MS;
      await vi.advanceTimersByTimeAsync(60_000);
      await vi.waitFor(async () => expect((await storedDays(folder.dbPath)).submissions).toEqual([day(-1), day(0)]));
      expect((await storedDays(folder.dbPath)).replies).toEqual([day(-1), day(0)]);
    } finally {
      await server.close();
      vi.useRealTimers();
    }
  });

  it('prints one fixed line when the purge fails, serves on, and tries again the next day', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const folder = await preparedFolder();
    // A table the purge needs is gone: every purge fails, whatever the day.
    await sql(folder.dbPath, 'DROP TABLE mailbox_replies');
    const lines: string[] = [];
    let now = NOON;
    const server = await startOn(folder.dir, () => now, lines);
    const failure = 'the retention purge failed; it runs again tomorrow and at start-up';
    try {
      expect(lines.filter((line) => line === failure)).toHaveLength(1);
      expect((await fetch(`${server.url}/api/campaigns/${CAMPAIGN}`)).status).toBe(200);
      now = NOON + DAY_MS;
      await vi.advanceTimersByTimeAsync(60_000);
      await vi.waitFor(() => expect(lines.filter((line) => line === failure)).toHaveLength(2));
      expect(lines.join('\n')).not.toMatch(/mailbox_replies|SQL|Error/);
    } finally {
      await server.close();
      vi.useRealTimers();
    }
  });
});
