/**
 * Signed delegate requests against a real server on a real libSQL file: every refusal, and the
 * database unchanged after it; what pull, confirm and purge do, and what they leave behind.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleHeaderLine, bundleLine, envelopeDigest, generateKey, parseBundleLine, utf8, type BundleEntry, type SigningKey } from '../../crypto/index.js';
import { DELEGATE_PATHS, MAX_IDS_PER_REQUEST } from '../../server/delegate-protocol.js';
import { MAX_CLOCK_SKEW_SECONDS, MAX_SIGNED_BODY } from '../../server/signed-requests.js';
import type { RunningServer } from '../../server/serve.js';
import {
  answerToUnfinishedUpload,
  CAMPAIGN,
  checkpoint,
  countRows,
  DAY,
  plantRows,
  rawBytes,
  registerDelegate,
  removeDelegate,
  sealTo,
  send,
  serverWithDelegates,
  signed,
  signedOn,
  sql,
  startServerOn,
  type Answer,
  type TestDelegate,
  type WireRequest,
} from '../helpers/delegate.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const { envelopes: ENVELOPES, confirm: CONFIRM, purge: PURGE } = DELEGATE_PATHS;
const START = Date.parse('2026-03-04T15:16:17.250Z');

/** The server's clock, moved by the tests that need time to pass. */
let serverNow = START;
const clock = () => new Date(serverNow);
const serverSeconds = () => Math.floor(serverNow / 1000);

/** Signed on the server's clock, so that only what a test changes can make it fail. */
const signedNow = signedOn(() => serverNow);

async function answerOf(response: Response): Promise<Answer> {
  return { status: response.status, contentType: response.headers.get('content-type') ?? undefined, text: await response.text() };
}

async function call(server: RunningServer, key: SigningKey, method: string, path: string, body?: unknown): Promise<Answer> {
  return answerOf(await send(server.url, signedNow(key, method, path, body)));
}

/**
 * A refusal is a short JSON object with a code and a sentence: no stack, no path, no echo of
 * the request. `what` names the case in a failure, when a test runs through a table.
 */
function expectRefusal(answer: Answer, status: number, error: string, what = ''): Record<string, unknown> {
  expect(answer.status, `${what} ${answer.text}`).toBe(status);
  expect(answer.contentType).toBe('application/json; charset=utf-8');
  expect(answer.text.length).toBeLessThan(200);
  expect(answer.text).not.toMatch(/\n|\bat \S|Error|\.ts\b|\/api\//);
  const body = JSON.parse(answer.text);
  expect(body.error, what).toBe(error);
  expect(typeof body.message).toBe('string');
  expect(Object.keys(body).sort()).toEqual(error === 'stale_timestamp' ? ['error', 'message', 'serverTime'] : ['error', 'message']);
  return body;
}

/** Runs a request that must be refused, and proves the database holds the same rows afterwards. */
async function refusedWithoutChange(server: TestServer, attempt: () => Promise<Answer>, status: number, error: string, what = '') {
  const before = await countRows(server.dbPath);
  const body = expectRefusal(await attempt(), status, error, what);
  expect(await countRows(server.dbPath), what).toEqual(before);
  return body;
}

function bundleOf(answer: Answer): BundleEntry[] {
  expect(answer.status).toBe(200);
  expect(answer.contentType).toBe('application/x-ndjson; charset=utf-8');
  expect(answer.text.startsWith(bundleHeaderLine())).toBe(true);
  const lines = answer.text.slice(bundleHeaderLine().length);
  const entries = lines === '' ? [] : lines.slice(0, -1).split('\n').map(parseBundleLine);
  expect(entries.map(bundleLine).join('')).toBe(lines);
  return entries;
}

async function pulledIds(server: RunningServer, key: SigningKey): Promise<number[]> {
  return bundleOf(await call(server, key, 'GET', ENVELOPES)).map((entry) => entry.id);
}

/** Each delivery as `keyId:envelopeId`, sorted. */
async function deliveryRows(dbPath: string): Promise<string[]> {
  const rows = await sql(dbPath, 'SELECT key_id, submission_id FROM deliveries');
  return rows.map((row) => `${row.key_id}:${row.submission_id}`).sort();
}
const asDeliveryRows = (...pairs: [TestDelegate, number][]) => pairs.map(([delegate, id]) => `${delegate.id}:${id}`).sort();

async function storedIds(dbPath: string): Promise<number[]> {
  return (await sql(dbPath, 'SELECT id FROM submissions ORDER BY id')).map((row) => Number(row.id));
}

describe('signed requests: every refusal changes nothing', () => {
  let server: TestServer;
  let alice: TestDelegate;
  let bob: TestDelegate;
  let removed: TestDelegate;

  beforeAll(async () => {
    serverNow = START;
    [server, alice, bob, removed] = await serverWithDelegates(clock, 'Alice', 'Bob', 'Removed');
    await removeDelegate(server.dbPath, removed);
    await plantRows(server.dbPath, sealTo([alice.key], 'première'), 101, 1);
    await plantRows(server.dbPath, sealTo([alice.key, bob.key], 'deuxième'), 102, 1);
    await plantRows(server.dbPath, sealTo([removed.key], 'pour la clé retirée'), 103, 1);
    // Every counted table holds rows, so that a refusal that changed one would show.
    expect(await pulledIds(server, alice.key)).toEqual([101, 102]);
    expect(JSON.parse((await call(server, alice.key, 'POST', CONFIRM, { ids: [101] })).text)).toEqual({ confirmed: 1 });
    expect(await countRows(server.dbPath)).toEqual({ submissions: 3, deliveries: 1, request_nonces: 2 });
  });
  afterAll(() => server.close());

  it('counts an accepted request: the check that refusals change nothing can see a change', async () => {
    const before = await countRows(server.dbPath);
    expect((await call(server, alice.key, 'POST', CONFIRM, { ids: [102] })).status).toBe(200);
    expect(await countRows(server.dbPath)).toEqual({ ...before, deliveries: before.deliveries + 1, request_nonces: before.request_nonces + 1 });
  });

  it('refuses a request without a signature: 401 unsigned', async () => {
    for (const request of [{ method: 'GET', path: ENVELOPES, body: new Uint8Array(0) }, { method: 'POST', path: CONFIRM, body: utf8('{"ids":[101]}') }]) {
      await refusedWithoutChange(server, async () => answerOf(await send(server.url, request)), 401, 'unsigned');
    }
  });

  it('refuses a malformed Authorization header: 401 invalid_signature', async () => {
    const valid = signedNow(alice.key, 'GET', ENVELOPES);
    const header = valid.authorization!;
    const malformed = [
      '',
      'Bearer 3q2-7w',
      header.replace('Parole-Ed25519', 'parole-ed25519'),
      header.replace(' key=', '  key='),
      header.replace(', ts=', ',\tts='),
      header.replace(', ', ','),
      header.replace(`key=${alice.id}`, `key=${alice.id.toUpperCase()}`),
      header.replace(/ts=(\d+)/, 'ts=0$1'),
      header.replace(/ts=(\d+)/, 'ts=$1000'),
      header.replace(/nonce=(\S{21})\S/, 'nonce=$1B'),
      header.replace(/sig=(\S+)/, 'sig=$1=='),
      header.replace(/, nonce=\S+/, ''),
    ];
    expect(new Set(malformed).size).toBe(malformed.length);
    for (const authorization of malformed) {
      const what = JSON.stringify(authorization);
      await refusedWithoutChange(server, async () => answerOf(await send(server.url, { ...valid, authorization })), 401, 'invalid_signature', what);
    }
  });

  it(`refuses a timestamp more than ${MAX_CLOCK_SKEW_SECONDS} s away, past or future: 401 stale_timestamp with serverTime`, async () => {
    for (const offset of [-(MAX_CLOCK_SKEW_SECONDS + 1), MAX_CLOCK_SKEW_SECONDS + 1, -86_400]) {
      const request = signed(alice.key, 'GET', ENVELOPES, undefined, serverNow + offset * 1000);
      const body = await refusedWithoutChange(server, async () => answerOf(await send(server.url, request)), 401, 'stale_timestamp');
      expect(body.serverTime).toBe(serverSeconds());
    }
  });

  it(`accepts a timestamp exactly ${MAX_CLOCK_SKEW_SECONDS} s away, past or future`, async () => {
    for (const offset of [-MAX_CLOCK_SKEW_SECONDS, MAX_CLOCK_SKEW_SECONDS]) {
      const request = signed(alice.key, 'GET', ENVELOPES, undefined, serverNow + offset * 1000);
      expect((await send(server.url, request)).status).toBe(200);
    }
  });

  it('refuses a key that is not in the keyring: 401 unknown_key', async () => {
    const stranger = generateKey();
    for (const [method, path, body] of [['GET', ENVELOPES, undefined], ['POST', PURGE, { envelopes: [] }]] as const) {
      await refusedWithoutChange(server, () => call(server, stranger, method, path, body), 401, 'unknown_key');
    }
  });

  it('refuses a key removed from the keyring: 403 key_removed, even for envelopes sealed to it', async () => {
    await refusedWithoutChange(server, () => call(server, removed.key, 'GET', ENVELOPES), 403, 'key_removed');
    await refusedWithoutChange(server, () => call(server, removed.key, 'POST', CONFIRM, { ids: [103] }), 403, 'key_removed');
  });

  it('refuses a request changed after signing, in body, method, path, query or header fields: 401 bad_signature', async () => {
    const confirm = signedNow(alice.key, 'POST', CONFIRM, { ids: [101] });
    const pull = signedNow(alice.key, 'GET', ENVELOPES);
    const pullWithQuery = signedNow(alice.key, 'GET', `${ENVELOPES}?since=1`);
    const bobsPull = signedNow(bob.key, 'GET', ENVELOPES);
    const changed: [string, WireRequest][] = [
      ['body', { ...confirm, body: utf8('{"ids":[102]}') }],
      ['body, one space added', { ...confirm, body: utf8('{"ids":[101] }') }],
      ['method', { ...pull, method: 'POST' }],
      ['path', { ...confirm, path: PURGE }],
      ['query added', { ...pull, path: `${ENVELOPES}?since=1` }],
      ['query removed', { ...pullWithQuery, path: ENVELOPES }],
      ['query changed', { ...pullWithQuery, path: `${ENVELOPES}?since=2` }],
      ['timestamp', { ...pull, authorization: pull.authorization!.replace(/ts=(\d+)/, (_, ts) => `ts=${Number(ts) - 1}`) }],
      ['another key’s signature under this key id', { ...bobsPull, authorization: bobsPull.authorization!.replace(`key=${bob.id}`, `key=${alice.id}`) }],
    ];
    for (const [what, request] of changed) {
      await refusedWithoutChange(server, async () => answerOf(await send(server.url, request)), 401, 'bad_signature', what);
    }
    // Refused requests did not use up their nonces: the genuine ones still pass.
    for (const genuine of [confirm, pull, pullWithQuery, bobsPull]) expect((await send(server.url, genuine)).status).toBe(200);
  });

  it('refuses the exact same request a second time: 401 replayed', async () => {
    const pull = signedNow(alice.key, 'GET', ENVELOPES);
    const confirm = signedNow(alice.key, 'POST', CONFIRM, { ids: [102] });
    for (const request of [pull, confirm]) {
      const first = await send(server.url, request);
      expect(first.status).toBe(200);
      await first.arrayBuffer();
      await refusedWithoutChange(server, async () => answerOf(await send(server.url, request)), 401, 'replayed');
    }
  });

  describe('a second instance on the same database file', () => {
    let second: RunningServer;
    beforeAll(async () => {
      second = await startServerOn(server.dbPath, clock);
    });
    afterAll(() => second.close());

    it('refuses a request the first instance accepted, and accepts a fresh one', async () => {
      const request = signedNow(alice.key, 'POST', CONFIRM, { ids: [101] });
      expect((await send(server.url, request)).status).toBe(200);
      await refusedWithoutChange(server, async () => answerOf(await send(second.url, request)), 401, 'replayed');
      expect((await call(second, alice.key, 'POST', CONFIRM, { ids: [101] })).status).toBe(200);
    });

    it('accepts one of many copies of a request sent at once to both instances', async () => {
      const request = signedNow(alice.key, 'POST', CONFIRM, { ids: [101] });
      const before = await countRows(server.dbPath);
      const answers = await Promise.all(
        Array.from({ length: 8 }, async (_, i) => answerOf(await send((i % 2 === 0 ? server : second).url, request))),
      );
      const accepted = answers.filter((answer) => answer.status === 200);
      expect(accepted).toHaveLength(1);
      for (const answer of answers.filter((a) => a.status !== 200)) expectRefusal(answer, 401, 'replayed');
      expect(await countRows(server.dbPath)).toEqual({ ...before, request_nonces: before.request_nonces + 1 });
    });
  });

  describe(`bodies over ${MAX_SIGNED_BODY} bytes`, () => {
    /** `{"ids":[]}` then spaces: valid JSON of exactly this many bytes. */
    const emptyConfirmOf = (size: number) => utf8('{"ids":[]}'.padEnd(size, ' '));

    it('accepts a body of exactly the limit', async () => {
      const answer = await answerOf(await send(server.url, signedNow(alice.key, 'POST', CONFIRM, emptyConfirmOf(MAX_SIGNED_BODY))));
      expect(answer).toMatchObject({ status: 200, text: '{"confirmed":0}' });
    });

    it('refuses one byte more: 413 too_large', async () => {
      const request = signedNow(alice.key, 'POST', CONFIRM, emptyConfirmOf(MAX_SIGNED_BODY + 1));
      await refusedWithoutChange(server, async () => answerOf(await send(server.url, request)), 413, 'too_large');
    });

    it('answers 413 to an announced length over the limit while the body is still arriving', async () => {
      const whole = emptyConfirmOf(10 * 1024 * 1024);
      const request = signedNow(alice.key, 'POST', CONFIRM, whole);
      const headers = { 'Content-Length': String(whole.length) };
      await refusedWithoutChange(server, () => answerToUnfinishedUpload(server.url, request, headers, whole.subarray(0, 1024)), 413, 'too_large');
    });

    it('answers 413 to a chunked body once it passes the limit, without waiting for its end', async () => {
      const whole = emptyConfirmOf(10 * 1024 * 1024);
      const request = signedNow(alice.key, 'POST', CONFIRM, whole);
      const headers = { 'Transfer-Encoding': 'chunked' };
      const sent = whole.subarray(0, MAX_SIGNED_BODY + 64 * 1024);
      await refusedWithoutChange(server, () => answerToUnfinishedUpload(server.url, request, headers, sent), 413, 'too_large');
    });
  });
});

describe('pull, confirm and purge', () => {
  let server: TestServer;
  let alice: TestDelegate;
  let bob: TestDelegate;
  const sealed = new Map<number, Uint8Array>();

  async function plant(id: number, recipients: TestDelegate[], text: string): Promise<void> {
    const envelope = sealTo(recipients.map((r) => r.key), text);
    sealed.set(id, envelope);
    await plantRows(server.dbPath, envelope, id, 1);
  }
  const item = (id: number) => ({ id, digest: envelopeDigest(sealed.get(id)!) });

  beforeAll(async () => {
    serverNow = START;
    [server, alice, bob] = await serverWithDelegates(clock, 'Alice', 'Bob');
    await plant(11, [alice], 'pour Alice');
    await plant(12, [bob], 'pour Bob');
    await plant(13, [alice, bob], 'pour les deux');
    await plant(14, [alice], 'encore pour Alice');
  });
  afterAll(() => server.close());

  it('pulls, in id order, exactly the envelopes sealed to this key, byte for byte', async () => {
    const entries = bundleOf(await call(server, alice.key, 'GET', ENVELOPES));
    expect(entries).toEqual([11, 13, 14].map((id) => ({ id, campaign: CAMPAIGN, day: DAY, envelope: sealed.get(id) })));
    expect(await pulledIds(server, bob.key)).toEqual([12, 13]);
  });

  it('brings them again until they are confirmed, and records nothing for a pull alone', async () => {
    expect(await pulledIds(server, alice.key)).toEqual([11, 13, 14]);
    expect(await deliveryRows(server.dbPath)).toEqual([]);
  });

  it('confirms only envelopes stored and sealed to this key', async () => {
    const confirm = await call(server, alice.key, 'POST', CONFIRM, { ids: [11, 12, 13, 14, 999] });
    expect(confirm).toMatchObject({ status: 200, text: '{"confirmed":3}' });
    expect(await deliveryRows(server.dbPath)).toEqual(asDeliveryRows([alice, 11], [alice, 13], [alice, 14]));
    const again = await call(server, alice.key, 'POST', CONFIRM, { ids: [11, 13] });
    expect(again).toMatchObject({ status: 200, text: '{"confirmed":2}' });
    expect(await deliveryRows(server.dbPath)).toHaveLength(3);
  });

  it('pulls nothing new after a confirm, then only what arrived since', async () => {
    expect(await pulledIds(server, alice.key)).toEqual([]);
    await plant(15, [alice], 'arrivé après');
    expect(await pulledIds(server, alice.key)).toEqual([15]);
  });

  it('keeps each delegate’s pulls apart', async () => {
    expect(await pulledIds(server, bob.key)).toEqual([12, 13]);
    expect((await call(server, bob.key, 'POST', CONFIRM, { ids: [12, 13] })).text).toBe('{"confirmed":2}');
    expect(await pulledIds(server, bob.key)).toEqual([]);
    expect(await pulledIds(server, alice.key)).toEqual([15]);
  });

  it('refuses malformed confirm and purge bodies with 400 invalid_request, changing no envelope and no delivery', async () => {
    const tooMany = Array.from({ length: MAX_IDS_PER_REQUEST + 1 }, (_, i) => i + 1);
    const bodies: [string, unknown][] = [
      [CONFIRM, utf8('{"ids":[11')],
      [CONFIRM, new Uint8Array([0x7b, 0xff, 0x7d])],
      [CONFIRM, {}],
      [CONFIRM, { ids: 11 }],
      [CONFIRM, { ids: [11, 11] }],
      [CONFIRM, { ids: [0] }],
      [CONFIRM, { ids: [1.5] }],
      [CONFIRM, { ids: ['11'] }],
      [CONFIRM, { ids: [2 ** 53] }],
      [CONFIRM, { ids: tooMany }],
      [PURGE, { ids: [11] }],
      [PURGE, { envelopes: [{ id: 11 }] }],
      [PURGE, { envelopes: [{ ...item(11), digest: item(11).digest.toUpperCase() }] }],
      [PURGE, { envelopes: [item(11), item(11)] }],
      [PURGE, { envelopes: tooMany.map((id) => ({ id, digest: item(11).digest })) }],
    ];
    for (const [path, body] of bodies) {
      const what = `${path} ${JSON.stringify(body).slice(0, 60)}`;
      const before = await countRows(server.dbPath);
      expectRefusal(await call(server, alice.key, 'POST', path, body), 400, 'invalid_request', what);
      // The signature was good, so its nonce is spent; nothing else moves.
      expect(await countRows(server.dbPath), what).toEqual({ ...before, request_nonces: before.request_nonces + 1 });
    }
  });

  it('purges only envelopes this key confirmed holding, with the same digest; counts every other item as kept', async () => {
    const wrongDigest = { id: 14, digest: envelopeDigest(sealed.get(11)!) };
    const items = [item(11), wrongDigest, item(12), item(15), { id: 999, digest: item(11).digest }];
    const answer = await call(server, alice.key, 'POST', PURGE, { envelopes: items });
    expect(answer).toMatchObject({ status: 200, text: '{"deleted":1,"kept":4}' });
    expect(await storedIds(server.dbPath)).toEqual([12, 13, 14, 15]);
    expect(await deliveryRows(server.dbPath)).toEqual(asDeliveryRows([alice, 13], [alice, 14], [bob, 12], [bob, 13]));
  });

  it('forgets every key’s delivery of a purged envelope, and counts a second purge of it as kept', async () => {
    expect((await call(server, alice.key, 'POST', PURGE, { envelopes: [item(13)] })).text).toBe('{"deleted":1,"kept":0}');
    expect(await storedIds(server.dbPath)).toEqual([12, 14, 15]);
    expect(await deliveryRows(server.dbPath)).toEqual(asDeliveryRows([alice, 14], [bob, 12]));
    expect((await call(server, bob.key, 'POST', PURGE, { envelopes: [item(13)] })).text).toBe('{"deleted":0,"kept":1}');
  });

  it('leaves no byte of a purged envelope in the database file or its WAL (secure_delete)', async () => {
    await plant(21, [alice], 'à effacer pour de bon');
    await plant(22, [alice], 'à garder');
    expect((await call(server, alice.key, 'POST', CONFIRM, { ids: [21, 22] })).text).toBe('{"confirmed":2}');
    const database = server.dbPath;
    const wal = `${database}-wal`;
    const marker = (id: number) => Buffer.from(sealed.get(id)!.subarray(-512, -448));
    await checkpoint(database);
    // Control: the search finds an envelope that is stored.
    expect(rawBytes(database).includes(marker(21))).toBe(true);
    expect((await call(server, alice.key, 'POST', PURGE, { envelopes: [item(21)] })).text).toBe('{"deleted":1,"kept":0}');
    expect(rawBytes(wal).includes(marker(21))).toBe(false);
    await checkpoint(database);
    expect(rawBytes(database).includes(marker(21))).toBe(false);
    expect(rawBytes(wal).includes(marker(21))).toBe(false);
    expect(rawBytes(database).includes(marker(22))).toBe(true);
  });

  it('control: a delete without secure_delete leaves the bytes, which the search above would find', async () => {
    await plant(31, [alice], 'effacé sans précaution');
    const marker = Buffer.from(sealed.get(31)!.subarray(-512, -448));
    await checkpoint(server.dbPath);
    await sql(server.dbPath, 'DELETE FROM submissions WHERE id = 31');
    await checkpoint(server.dbPath);
    expect(rawBytes(server.dbPath).includes(marker)).toBe(true);
  });

  it('keeps a key id and an envelope id per delivery, a nonce and its expiry per request, and no other time', async () => {
    const columns = (table: string) => sql(server.dbPath, `SELECT name, type FROM pragma_table_info('${table}') ORDER BY cid`);
    expect(await columns('deliveries')).toEqual([
      { name: 'key_id', type: 'TEXT' },
      { name: 'submission_id', type: 'INTEGER' },
    ]);
    const keyIds = new Set((await sql(server.dbPath, 'SELECT DISTINCT key_id FROM deliveries')).map((row) => row.key_id));
    expect(keyIds).toEqual(new Set([alice.id, bob.id]));
    expect(await columns('request_nonces')).toEqual([
      { name: 'nonce', type: 'TEXT' },
      { name: 'expires', type: 'INTEGER' },
    ]);
  });
});

describe('nonces', () => {
  let server: TestServer;
  let alice: TestDelegate;

  beforeAll(async () => {
    serverNow = START;
    [server, alice] = await serverWithDelegates(clock, 'Alice');
  });
  afterAll(() => server.close());

  const nonces = async () => (await sql(server.dbPath, 'SELECT nonce, expires FROM request_nonces ORDER BY expires')).map((row) => ({ ...row }));
  const nonceOf = (request: WireRequest) => /nonce=(\S+),/.exec(request.authorization!)![1];

  it('remembers a nonce for as long as its request could pass, and forgets it after', async () => {
    const first = signedNow(alice.key, 'GET', ENVELOPES);
    const ts = serverSeconds();
    expect((await send(server.url, first)).status).toBe(200);
    expect(await nonces()).toEqual([{ nonce: nonceOf(first), expires: ts + MAX_CLOCK_SKEW_SECONDS + 1 }]);

    serverNow = START + MAX_CLOCK_SKEW_SECONDS * 1000;
    await refusedWithoutChange(server, async () => answerOf(await send(server.url, first)), 401, 'replayed');

    serverNow = START + (MAX_CLOCK_SKEW_SECONDS + 1) * 1000;
    await refusedWithoutChange(server, async () => answerOf(await send(server.url, first)), 401, 'stale_timestamp');

    serverNow = START + (MAX_CLOCK_SKEW_SECONDS + 2) * 1000;
    const later = signedNow(alice.key, 'GET', ENVELOPES);
    expect((await send(server.url, later)).status).toBe(200);
    expect(await nonces()).toEqual([{ nonce: nonceOf(later), expires: serverSeconds() + MAX_CLOCK_SKEW_SECONDS + 1 }]);
  });
});

describe('nonces when no request follows', () => {
  let server: TestServer;
  let alice: TestDelegate;

  beforeAll(async () => {
    serverNow = START;
    // Only the server's periodic timers are faked: requests and the database run for real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    server = await startTestServer({ clock });
    alice = await registerDelegate(server.dbPath, 'Alice');
  });
  afterAll(async () => {
    await server.close();
    vi.useRealTimers();
  });

  it('forgets an expired nonce within a minute, so that it cannot date the last pull', async () => {
    expect((await call(server, alice.key, 'GET', ENVELOPES)).status).toBe(200);
    serverNow = START + (MAX_CLOCK_SKEW_SECONDS + 2) * 1000;
    // Control: time passing alone deletes nothing; the server's minute timer must run.
    expect((await countRows(server.dbPath)).request_nonces).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(async () => expect((await countRows(server.dbPath)).request_nonces).toBe(0));
  });
});
