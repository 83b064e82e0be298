/**
 * Proof of work and the global rate limit: challenges signed and expiring, single use on every
 * instance, difficulty honoured and raised under load, and every refusal leaving every table as
 * it was. Nothing here is keyed on a client: the tests never send anything but the proof.
 */
import { createClient, type Client } from '@libsql/client';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from '../../crypto/bytes.js';
import { PROOF_HEADER, proofDigest, proofText, leadingZeroBits, readChallenge, solveChallenge } from '../../crypto/proof.js';
import { CommitQueue } from '../../server/commit-queue.js';
import { ConfigError, readConfig } from '../../server/config.js';
import { createDb, migrateDb, writerOf, type Database } from '../../server/db/client.js';
import {
  challengeMacKey,
  checkProof,
  DifficultyController,
  EXPIRY_WINDOW_SECONDS,
  issueChallenge,
  RateLimiter,
} from '../../server/proof.js';
import { addKey, ensureDefaultCampaign, randomId } from '../../server/store.js';
import { encodePublicKey, generateKey } from '../../crypto/keys.js';
import { envelopeFor, fetchKeyring, solvedProof, type KeyringEntry } from '../helpers/envelopes.js';
import { spawnServer, startTestServer, type TestServer } from '../helpers/server.js';

const NOW = Date.UTC(2026, 2, 4, 10, 3, 17);
const NOW_S = Math.floor(NOW / 1000);
const KEY = new Uint8Array(32).fill(7);

/** A counter that does not solve the challenge at its difficulty. */
async function failingCounter(challenge: string): Promise<number> {
  const { difficulty } = readChallenge(challenge)!.fields;
  for (let counter = 0; ; counter++) if (leadingZeroBits(await proofDigest(challenge, counter)) < difficulty) return counter;
}

async function solved(challenge: string): Promise<string> {
  return proofText(challenge, (await solveChallenge(challenge))!);
}

describe('challenges', () => {
  it('carry version, difficulty, an expiry two hours on rounded up to ten minutes, and a 16-byte nonce', () => {
    const { challenge, difficulty, expires } = issueChallenge(KEY, 9, NOW_S);
    const read = readChallenge(challenge)!;
    expect(read.fields.difficulty).toBe(9);
    expect(difficulty).toBe(9);
    expect(read.fields.expires).toBe(expires);
    expect(expires % EXPIRY_WINDOW_SECONDS).toBe(0);
    expect(expires).toBeGreaterThanOrEqual(NOW_S + 7200);
    expect(expires).toBeLessThan(NOW_S + 7200 + EXPIRY_WINDOW_SECONDS);
    expect(fromBase64Url(read.fields.nonce)).toHaveLength(16);
    expect(issueChallenge(KEY, 9, NOW_S).challenge).not.toBe(challenge);
  });

  it('check: a solved challenge gives its nonce', async () => {
    const { challenge, expires } = issueChallenge(KEY, 4, NOW_S);
    const check = await checkProof(await solved(challenge), KEY, NOW_S);
    expect(check).toEqual({ ok: true, nonce: readChallenge(challenge)!.fields.nonce, expires });
  });

  it('refuses missing and malformed proofs as proof_required', async () => {
    const { challenge } = issueChallenge(KEY, 0, NOW_S);
    for (const value of [undefined, '', 'x', challenge, `${challenge}.`, `${challenge}.-1`, `${challenge}.01`, `${challenge}.1e3`, `a.b.0`]) {
      expect(await checkProof(value, KEY, NOW_S)).toEqual({ ok: false, refusal: 'proof_required' });
    }
  });

  it('refuses a tampered MAC, a tampered payload, another key, or a counter that does not solve', async () => {
    const { challenge } = issueChallenge(KEY, 8, NOW_S);
    const [payload, mac] = challenge.split('.');
    const flip = (text: string, at: number) => {
      const bytes = fromBase64Url(text);
      bytes[at] ^= 1;
      return toBase64Url(bytes);
    };
    const counter = (await solveChallenge(challenge))!;
    const invalid = { ok: false, refusal: 'proof_invalid' };
    expect(await checkProof(proofText(`${payload}.${flip(mac, 0)}`, counter), KEY, NOW_S)).toEqual(invalid);
    // Difficulty lowered from 8 to 0: the MAC no longer matches.
    const easier = fromBase64Url(payload);
    easier[1] = 0;
    expect(await checkProof(proofText(`${toBase64Url(easier)}.${mac}`, 0), KEY, NOW_S)).toEqual(invalid);
    expect(await checkProof(proofText(challenge, counter), new Uint8Array(32), NOW_S)).toEqual(invalid);
    expect(await checkProof(proofText(challenge, await failingCounter(challenge)), KEY, NOW_S)).toEqual(invalid);
  });

  it('refuses an expired challenge as challenge_expired, and takes it up to its expiry', async () => {
    const { challenge, expires } = issueChallenge(KEY, 0, NOW_S);
    expect((await checkProof(proofText(challenge, 0), KEY, expires)).ok).toBe(true);
    expect(await checkProof(proofText(challenge, 0), KEY, expires + 1)).toEqual({ ok: false, refusal: 'challenge_expired' });
  });
});

describe('difficulty controller', () => {
  it('adds a bit per doubling above 60 accepted a minute, at most eight, and falls back when calm', () => {
    let ms = 0;
    const controller = new DifficultyController(10, () => ms);
    expect(controller.bits()).toBe(10);
    const accept = (n: number) => {
      for (let i = 0; i < n; i++) controller.record();
    };
    accept(60);
    expect(controller.bits()).toBe(10);
    accept(60);
    expect(controller.bits()).toBe(11);
    ms += 60_000;
    // The last whole minute counts while this one is quieter.
    expect(controller.bits()).toBe(11);
    accept(240);
    expect(controller.bits()).toBe(12);
    accept(60 * 2 ** 12);
    expect(controller.bits()).toBe(18);
    ms += 120_000;
    expect(controller.bits()).toBe(10);
  });
});

describe('rate limiter', () => {
  it('lets a burst of twice the rate through, then one per 1/rate seconds; 0 lets everything through', () => {
    let ms = 0;
    const limiter = new RateLimiter(5, () => ms);
    expect(Array.from({ length: 11 }, () => limiter.take())).toEqual([...Array(10).fill(true), false]);
    ms += 1000;
    expect(Array.from({ length: 6 }, () => limiter.take())).toEqual([...Array(5).fill(true), false]);
    const off = new RateLimiter(0, () => ms);
    expect(Array.from({ length: 1000 }, () => off.take()).every(Boolean)).toBe(true);
  });
});

describe('config', () => {
  it('reads PAROLE_POW_BITS (0 to 24, default 14) and PAROLE_RATE_LIMIT (default 50), refusing typos', () => {
    expect(readConfig({})).toMatchObject({ powBits: 14, rateLimit: 50 });
    expect(readConfig({ PAROLE_POW_BITS: '0', PAROLE_RATE_LIMIT: '0' })).toMatchObject({ powBits: 0, rateLimit: 0 });
    expect(readConfig({ PAROLE_POW_BITS: '24' }).powBits).toBe(24);
    for (const bad of ['25', '-1', '1.5', ' 3', 'x']) {
      expect(() => readConfig({ PAROLE_POW_BITS: bad })).toThrow(ConfigError);
      expect(() => readConfig({ PAROLE_POW_BITS: bad })).toThrow('PAROLE_POW_BITS must be a whole number from 0 to 24');
    }
    expect(() => readConfig({ PAROLE_RATE_LIMIT: '-3' })).toThrow('PAROLE_RATE_LIMIT must be a whole number');
  });
});

describe('the MAC key', () => {
  it('is made once and the same for every caller, even concurrent ones', async () => {
    const database = await createDb(`file:${join(mkdtempSync(join(tmpdir(), 'parole-mac-')), 'parole.db')}`);
    await migrateDb(database.db);
    const keys = await Promise.all(Array.from({ length: 5 }, () => challengeMacKey(database.db)));
    expect(keys[0]).toHaveLength(32);
    for (const key of keys) expect(key).toEqual(keys[0]);
    await database.close();
  });
});

describe('a server', () => {
  let now = NOW;
  let server: TestServer;
  let reader: Client;
  let keyring: KeyringEntry[];

  /** Every row of every table, so that a refusal can be shown to have changed none. */
  async function snapshot(): Promise<string> {
    const tables = await reader.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    const dump: Record<string, unknown> = {};
    for (const { name } of tables.rows) {
      const rows = await reader.execute(`SELECT * FROM "${String(name)}" ORDER BY rowid`);
      dump[String(name)] = rows.rows.map((r) => Object.values(r).map((v) => (v instanceof ArrayBuffer ? toBase64Url(new Uint8Array(v)) : v)));
    }
    return JSON.stringify(dump);
  }

  const post = (proof: string | undefined, body: Uint8Array<ArrayBuffer>, route = 'submissions', url = server.url) =>
    fetch(`${url}/api/campaigns/temoignages/${route}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', ...(proof === undefined ? {} : { [PROOF_HEADER]: proof }) },
      body,
    });

  async function refusedUnchanged(send: () => Promise<Response>, status: number, error: string) {
    const before = await snapshot();
    const res = await send();
    expect(res.status).toBe(status);
    expect((await res.json()).error).toBe(error);
    expect(await snapshot()).toBe(before);
    return res;
  }

  beforeAll(async () => {
    server = await startTestServer({ clock: () => new Date(now), env: { PAROLE_POW_BITS: '6' } });
    reader = createClient({ url: `file:${server.dbPath}` });
    keyring = await fetchKeyring(server.url);
  });
  afterAll(async () => {
    reader.close();
    await server.close();
  });

  it('hands out challenges at its difficulty, public and not stored', async () => {
    const res = await fetch(`${server.url}/api/challenge`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Set-Cookie')).toBeNull();
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(['challenge', 'difficulty', 'expires']);
    expect(body.difficulty).toBe(6);
    expect(readChallenge(body.challenge)!.fields).toMatchObject({ difficulty: 6, expires: body.expires });
    const spent = await reader.execute('SELECT count(*) AS n FROM spent_challenges');
    expect(Number(spent.rows[0].n)).toBe(0);
  });

  it('requires a proof on submissions and follow-ups: 428 and 403 change nothing', async () => {
    const envelope = envelopeFor(keyring, 'sans preuve');
    for (const route of ['submissions', 'followups']) {
      await refusedUnchanged(() => post(undefined, envelope, route), 428, 'proof_required');
      await refusedUnchanged(() => post('pas une preuve', envelope, route), 428, 'proof_required');
      const { challenge } = await (await fetch(`${server.url}/api/challenge`)).json();
      await refusedUnchanged(async () => post(proofText(challenge, await failingCounter(challenge)), envelope, route), 403, 'proof_invalid');
    }
  });

  it('takes a solved challenge once: the second use is 409 and changes nothing', async () => {
    const proof = await solvedProof(server.url);
    expect((await post(proof, envelopeFor(keyring, 'une fois'))).status).toBe(201);
    await refusedUnchanged(() => post(proof, envelopeFor(keyring, 'deux fois')), 409, 'challenge_used');
    await refusedUnchanged(() => post(proof, envelopeFor(keyring, 'deux fois'), 'followups'), 409, 'challenge_used');
  });

  it('stores exactly one of two concurrent posts with the same proof', async () => {
    const proof = await solvedProof(server.url);
    const before = Number((await reader.execute('SELECT count(*) AS n FROM submissions')).rows[0].n);
    const statuses = await Promise.all([post(proof, envelopeFor(keyring, 'a')), post(proof, envelopeFor(keyring, 'b'))].map((p) => p.then((r) => r.status)));
    expect(statuses.sort()).toEqual([201, 409]);
    expect(Number((await reader.execute('SELECT count(*) AS n FROM submissions')).rows[0].n)).toBe(before + 1);
  });

  it('refuses an expired challenge with 428 challenge_expired, changing nothing', async () => {
    const proof = await solvedProof(server.url);
    now += (2 * 60 * 60 + EXPIRY_WINDOW_SECONDS + 1) * 1000;
    try {
      await refusedUnchanged(() => post(proof, envelopeFor(keyring, 'trop tard')), 428, 'challenge_expired');
    } finally {
      now = NOW;
    }
  });

  it('keeps spent challenges dated to ten minutes at finest', async () => {
    const rows = await reader.execute('SELECT nonce, expires FROM spent_challenges');
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const row of rows.rows) expect(Number(row.expires) % EXPIRY_WINDOW_SECONDS).toBe(0);
  });
});

describe('one group-commit batch', () => {
  it('stores the first row spending a challenge and refuses the second, leaving the rest of the batch', async () => {
    const database: Database = await createDb(`file:${join(mkdtempSync(join(tmpdir(), 'parole-batch-')), 'parole.db')}`);
    await migrateDb(database.db);
    await ensureDefaultCampaign(database.db);
    await addKey(database.db, encodePublicKey(generateKey()), 'test', '2026-03-04');
    const queue = new CommitQueue(writerOf(database.db), randomId);
    const spends = { nonce: 'AAAAAAAAAAAAAAAAAAAAAA', expires: 1_800_000_000 };
    const row = (n: number, withSpend?: typeof spends) => ({ campaign: 'temoignages', envelope: new Uint8Array([n]), day: '2026-03-04', spends: withSpend });
    const outcomes = await Promise.all([queue.insert(row(1)), queue.insert(row(2, spends)), queue.insert(row(3, spends)), queue.insert(row(4, { ...spends, nonce: 'BBBBBBBBBBBBBBBBBBBBBB' }))]);
    expect(queue.stats).toMatchObject({ batches: 1, rows: 3, reusedChallenges: 1 });
    expect(outcomes.filter((o) => o === 'stored')).toHaveLength(3);
    expect(outcomes[0]).toBe('stored');
    expect(outcomes[3]).toBe('stored');
    expect(outcomes.slice(1, 3).sort()).toEqual(['challenge_used', 'stored']);
    const stored = await database.client.execute('SELECT count(*) AS n FROM submissions');
    expect(Number(stored.rows[0].n)).toBe(3);
    await database.close();
  });

  it('keeps a challenge spent by a row whose id clashed, and stores that row on its retry', async () => {
    const database: Database = await createDb(`file:${join(mkdtempSync(join(tmpdir(), 'parole-batch-')), 'parole.db')}`);
    await migrateDb(database.db);
    await ensureDefaultCampaign(database.db);
    const ids = [42, 42];
    const queue = new CommitQueue(writerOf(database.db), () => ids.shift() ?? randomId());
    const day = '2026-03-04';
    const [a, b] = await Promise.all([
      queue.insert({ campaign: 'temoignages', envelope: new Uint8Array([1]), day }),
      queue.insert({ campaign: 'temoignages', envelope: new Uint8Array([2]), day, spends: { nonce: 'CCCCCCCCCCCCCCCCCCCCCC', expires: 1_800_000_000 } }),
    ]);
    expect([a, b]).toEqual(['stored', 'stored']);
    expect(queue.stats.clashes).toBe(1);
    const stored = await database.client.execute('SELECT count(*) AS n FROM submissions');
    expect(Number(stored.rows[0].n)).toBe(2);
    await database.close();
  });
});

describe('the rate limit', () => {
  it('answers 429 busy with Retry-After: 10 past the burst, reading and storing nothing', async () => {
    const server = await startTestServer({ env: { PAROLE_RATE_LIMIT: '1' } });
    const reader = createClient({ url: `file:${server.dbPath}` });
    try {
      const keyring = await fetchKeyring(server.url);
      const proofs = await Promise.all(Array.from({ length: 6 }, () => solvedProof(server.url)));
      const envelope = envelopeFor(keyring, 'vite');
      const send = (proof: string) =>
        fetch(`${server.url}/api/campaigns/temoignages/submissions`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/octet-stream', [PROOF_HEADER]: proof },
          body: envelope,
        });
      const answers = await Promise.all(proofs.map(send));
      const busy = answers.filter((r) => r.status === 429);
      expect(busy.length).toBeGreaterThanOrEqual(3);
      expect(answers.filter((r) => r.status === 201).length).toBe(6 - busy.length);
      for (const r of busy) {
        expect(r.headers.get('Retry-After')).toBe('10');
        expect((await r.json()).error).toBe('busy');
      }
      const spent = await reader.execute('SELECT count(*) AS n FROM spent_challenges');
      const stored = await reader.execute('SELECT count(*) AS n FROM submissions');
      expect(Number(spent.rows[0].n)).toBe(6 - busy.length);
      expect(Number(stored.rows[0].n)).toBe(6 - busy.length);
    } finally {
      reader.close();
      await server.close();
    }
  });
});

describe('two server processes on one file', () => {
  it('take each other\'s challenges, each only once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parole-two-'));
    // One after the other: the first migrates the fresh file, as an operator's first instance does.
    const a = await spawnServer(dataDir, undefined, { PAROLE_POW_BITS: '4' });
    const b = await spawnServer(dataDir, undefined, { PAROLE_POW_BITS: '4' });
    try {
      const keyring = await fetchKeyring(a.url);
      const send = (url: string, proof: string) =>
        fetch(`${url}/api/campaigns/temoignages/submissions`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/octet-stream', [PROOF_HEADER]: proof },
          body: envelopeFor(keyring, 'deux'),
        });
      const fromA = await solvedProof(a.url);
      expect((await send(b.url, fromA)).status).toBe(201);
      expect((await send(a.url, fromA)).status).toBe(409);
      const fromB = await solvedProof(b.url);
      expect((await send(b.url, fromB)).status).toBe(201);
      expect((await send(a.url, fromB)).status).toBe(409);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
