import { createClient } from '@libsql/client';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTestimony, envelopeSize, generateKey, MAX_ENVELOPE_BYTES, sealEnvelope } from '../../crypto/index.js';
import { createApp } from '../../server/app.js';
import { createDb, migrateDb } from '../../server/db/client.js';
import { PrivacyLog, privacyHeaders, SECURITY_HEADERS } from '../../server/privacy.js';
import { removeKey } from '../../server/store.js';
import { envelopeFor, fetchKeyring, postEnvelope, proofHeaders, type KeyringEntry } from '../helpers/envelopes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const FIXED_NOW = new Date('2026-03-04T15:16:17.189Z');
let server: TestServer;
let keyring: KeyringEntry[];

async function rows(sql: string) {
  const client = createClient({ url: `file:${server.dbPath}` });
  try {
    return (await client.execute(sql)).rows;
  } finally {
    client.close();
  }
}

beforeAll(async () => {
  server = await startTestServer({ clock: () => FIXED_NOW });
  keyring = await fetchKeyring(server.url);
});
afterAll(() => server.close());

describe('public routes', () => {
  it('redirects / to the default campaign page', async () => {
    const res = await fetch(`${server.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/c/temoignages');
  });

  it('serves the web app on page routes and its assets, and nothing from the file system', async () => {
    for (const path of ['/c/temoignages', '/transparency']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    }
    const asset = await fetch(`${server.url}/assets/app.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    for (const path of ['/assets/..%2F..%2Fpackage.json', '/assets/missing.js', '/index.html', '/package.json']) {
      expect((await fetch(`${server.url}${path}`)).status).toBe(404);
    }
  });

  it('gives campaign info with the current keyring', async () => {
    const res = await fetch(`${server.url}/api/campaigns/temoignages`);
    const body = await res.json();
    expect(body.campaign.slug).toBe('temoignages');
    expect(body.campaign.title.fr).toBeTruthy();
    expect(body.keyring).toHaveLength(1);
    expect(body.keyring[0]).toMatchObject({ label: 'DEMO', id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(body.buckets).toEqual([1024, 2048, 4096, 8192, 16384, 32768, 65536]);
  });

  it('refuses unknown and malformed campaign names with 404', async () => {
    for (const slug of ['nope', 'UPPER', '-x', 'a'.repeat(65), 'a%20b', 'caf%C3%A9']) {
      const res = await fetch(`${server.url}/api/campaigns/${slug}`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'unknown_campaign', message: 'This campaign does not exist.' });
    }
  });
});

describe('submission', () => {
  it('stores a valid envelope with the UTC day only, and answers 201 once committed', async () => {
    const envelope = envelopeFor(keyring, 'Mon manager lit mes messages Teams.');
    const res = await postEnvelope(server.url, envelope);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ stored: true });
    const stored = await rows('SELECT * FROM submissions');
    expect(stored).toHaveLength(1);
    expect(Object.keys(stored[0]).sort()).toEqual(['campaign', 'day', 'envelope', 'id']);
    expect(stored[0].day).toBe('2026-03-04');
    expect(stored[0].campaign).toBe('temoignages');
    expect(new Uint8Array(stored[0].envelope as ArrayBuffer)).toEqual(envelope);
    expect(Number(stored[0].id)).toBeGreaterThan(0);
  });

  it('commits concurrent submissions each with its own random id', async () => {
    const before = (await rows('SELECT count(*) AS n FROM submissions'))[0].n as number;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => postEnvelope(server.url, envelopeFor(keyring, `témoignage ${i}`))),
    );
    expect(results.map((r) => r.status)).toEqual(Array(40).fill(201));
    const ids = (await rows('SELECT id FROM submissions')).map((r) => Number(r.id));
    expect(ids).toHaveLength(before + 40);
    expect(new Set(ids).size).toBe(ids.length);
    // Random ids over 53 bits, not a sequence that would tell the order of arrival.
    expect(Math.max(...ids) - Math.min(...ids)).toBeGreaterThan(2 ** 40);
  });

  const refusals: [string, () => RequestInit & { path?: string }, number, string][] = [
    ['garbage bytes', () => ({ body: new Uint8Array(1100) }), 400, 'invalid_envelope'],
    ['an empty body', () => ({ body: new Uint8Array(0) }), 400, 'invalid_envelope'],
    ['a truncated envelope', () => ({ body: envelopeFor(keyring, 'x').subarray(0, 500) }), 400, 'invalid_envelope'],
    ['an envelope of a size outside the buckets', () => ({ body: new Uint8Array([...envelopeFor(keyring, 'x'), 0]) }), 400, 'invalid_envelope'],
    ['an unsupported version', () => { const e = envelopeFor(keyring, 'x'); e[0] = 2; return { body: e }; }, 400, 'invalid_envelope'],
    ['a key that is not in the keyring', () => ({ body: sealEnvelope(encodeTestimony({ campaign: 'temoignages', locale: 'fr', text: 'x' }), [generateKey()]) }), 409, 'stale_keyring'],
    ['the wrong content type', () => ({ body: envelopeFor(keyring, 'x'), headers: { 'Content-Type': 'application/json' } }), 415, 'unsupported_media_type'],
    ['a body over the largest envelope', () => ({ body: new Uint8Array(MAX_ENVELOPE_BYTES + 1) }), 413, 'too_large'],
    ['an unknown campaign', () => ({ body: envelopeFor(keyring, 'x'), path: '/api/campaigns/nope/submissions' }), 404, 'unknown_campaign'],
  ];

  it.each(refusals)('refuses %s with a short JSON error and stores nothing', async (_name, make, status, code) => {
    const before = (await rows('SELECT count(*) AS n FROM submissions'))[0].n;
    const { path, headers, ...init } = make();
    const res = await fetch(`${server.url}${path ?? '/api/campaigns/temoignages/submissions'}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', ...(await proofHeaders(server.url)), ...(headers as Record<string, string>) },
      ...init,
    });
    expect(res.status).toBe(status);
    const body = await res.json();
    expect(body.error).toBe(code);
    expect(typeof body.message).toBe('string');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|Error:/);
    expect((await rows('SELECT count(*) AS n FROM submissions'))[0].n).toBe(before);
  });

  it('accepts the octet-stream media type with parameters and in any case', async () => {
    for (const type of ['application/octet-stream; charset=binary', 'Application/Octet-Stream']) {
      const res = await postEnvelope(server.url, envelopeFor(keyring, 'x'), 'temoignages', { 'Content-Type': type });
      expect(res.status).toBe(201);
    }
  });

  /** A body sent chunked, as it is read from the stream: no Content-Length. */
  const postStream = async (stream: ReadableStream<Uint8Array>) =>
    fetch(`${server.url}/api/campaigns/temoignages/submissions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', ...(await proofHeaders(server.url)) },
      body: stream,
      duplex: 'half',
    } as RequestInit);

  it('refuses an oversized streamed body without a Content-Length before reading it whole', async () => {
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 50 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await postStream(stream);
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(50 * 1024 * 1024);
  });

  it('stores an envelope sent chunked, without a Content-Length, counted as it arrives', async () => {
    const envelope = envelopeFor(keyring, 'envoyé par morceaux');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < envelope.length; at += 700) controller.enqueue(envelope.slice(at, at + 700));
        controller.close();
      },
    });
    const res = await postStream(stream);
    expect(res.status).toBe(201);
    const stored = await rows('SELECT envelope FROM submissions');
    expect(stored.some((row) => Buffer.from(row.envelope as ArrayBuffer).equals(Buffer.from(envelope)))).toBe(true);
  });

  it('answers 409 with the current keyring for a removed key, and the page can re-encrypt', async () => {
    const extra = await startTestServer();
    try {
      const [demo] = await fetchKeyring(extra.url);
      const old = envelopeFor([demo], 'avant rotation');
      const database = await createDb(`file:${extra.dbPath}`);
      await removeKey(database.db, demo.id, '2026-01-01');
      await database.close();
      const res = await postEnvelope(extra.url, old);
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ error: 'stale_keyring', keyring: [] });
    } finally {
      await extra.close();
    }
  });
});

describe('transparency', () => {
  it('shows the live columns and a row of their shape, made on the spot and cut short', async () => {
    const body = await (await fetch(`${server.url}/api/transparency`)).json();
    expect(body.columns).toEqual([
      { name: 'id', type: 'integer' },
      { name: 'campaign', type: 'text' },
      { name: 'envelope', type: 'blob' },
      { name: 'day', type: 'text' },
    ]);
    expect(body.example).toMatchObject({ campaign: 'temoignages', day: '2026-03-04' });
    expect(body.example.envelope).toMatch(/^[A-Za-z0-9+/]{64}…$/);
    expect(body.example.envelopeBytes).toBe(envelopeSize(1, 1024));
    expect(body.parts).toEqual({
      table: 'submission_parts',
      columns: [
        { name: 'id', type: 'integer' },
        { name: 'bytes', type: 'blob' },
      ],
      bytes: 3840,
    });
    expect(body.replies).toEqual({
      table: 'mailbox_replies',
      columns: [
        { name: 'id', type: 'integer' },
        { name: 'mailbox', type: 'text' },
        { name: 'envelope', type: 'blob' },
        { name: 'day', type: 'text' },
      ],
      parts: { table: 'reply_parts', columns: body.parts.columns, bytes: 3840 },
    });
    expect(body.keyring).toHaveLength(1);
  });

  it('says where a larger envelope continues, as the server stores it', async () => {
    const { parts } = await (await fetch(`${server.url}/api/transparency`)).json();
    const envelope = envelopeFor(keyring, 'suite en plusieurs parties '.repeat(300));
    expect(envelope.length).toBeGreaterThan(2 * parts.bytes);
    expect((await postEnvelope(server.url, envelope)).status).toBe(201);
    const head = Buffer.from(envelope.subarray(0, parts.bytes));
    const row = (await rows('SELECT id, envelope FROM submissions')).find((r) => head.equals(Buffer.from(r.envelope as ArrayBuffer)));
    expect(row).toBeDefined();
    // Part n's id is n shifted left 53 bits, or'ed with the submission's id (server/db/parts.ts).
    const tail = (await rows(`SELECT bytes FROM ${parts.table} WHERE id & ${2 ** 53 - 1} = ${row!.id} ORDER BY id`)).map((r) =>
      Buffer.from(r.bytes as ArrayBuffer),
    );
    expect(tail.every((part) => part.length <= parts.bytes)).toBe(true);
    expect(Buffer.concat([head, ...tail]).equals(Buffer.from(envelope))).toBe(true);
  });

  it('reads the columns of the parts and replies tables from the database, not from the code', async () => {
    const extra = await startTestServer();
    try {
      const client = createClient({ url: `file:${extra.dbPath}` });
      await client.execute('ALTER TABLE submission_parts ADD COLUMN probe text');
      await client.execute('ALTER TABLE mailbox_replies ADD COLUMN reply_probe text');
      client.close();
      const { parts, replies } = await (await fetch(`${extra.url}/api/transparency`)).json();
      expect(parts.columns).toContainEqual({ name: 'probe', type: 'text' });
      expect(replies.columns).toContainEqual({ name: 'reply_probe', type: 'text' });
    } finally {
      await extra.close();
    }
  });

  it('never shows a stored row, so polling it cannot watch testimonies arrive', async () => {
    const stored = await rows('SELECT id, envelope FROM submissions');
    const storedIds = new Set(stored.map((r) => Number(r.id)));
    const storedStarts = new Set(stored.map((r) => Buffer.from(r.envelope as ArrayBuffer).subarray(0, 48).toString('base64')));
    for (let i = 0; i < 5; i++) {
      const { example } = await (await fetch(`${server.url}/api/transparency`)).json();
      expect(storedIds.has(example.id)).toBe(false);
      expect(storedStarts.has(example.envelope.slice(0, -1))).toBe(false);
    }
  });
});

describe('security headers', () => {
  const expected = Object.fromEntries(Object.entries(SECURITY_HEADERS).map(([k, v]) => [k.toLowerCase(), v]));
  const allowedOthers = ['content-type', 'content-length', 'location', 'date', 'connection', 'keep-alive', 'transfer-encoding'];

  it.each([
    ['GET', '/'],
    ['GET', '/c/temoignages'],
    ['GET', '/assets/app.js'],
    ['GET', '/api/campaigns/temoignages'],
    ['GET', '/api/campaigns/nope'],
    ['GET', '/api/transparency'],
    ['GET', '/no/such/page'],
    ['POST', '/api/campaigns/temoignages/submissions'],
  ])('%s %s carries exactly the security headers and no cookie', async (method, path) => {
    const res = await fetch(`${server.url}${path}`, { method, redirect: 'manual', headers: { Cookie: 'a=b' } });
    const names = [...res.headers.keys()];
    for (const [name, value] of Object.entries(expected)) expect(res.headers.get(name)).toBe(value);
    expect(names.filter((n) => !(n in expected) && !allowedOthers.includes(n))).toEqual([]);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('strips a cookie any handler might set', async () => {
    const app = new Hono().use(privacyHeaders()).get('/', (c) => {
      c.header('Set-Cookie', 'tracker=1');
      return c.text('ok');
    });
    const res = await app.request('/');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('content-security-policy')).toBe(SECURITY_HEADERS['Content-Security-Policy']);
  });
});

/** An app on a closed database, so every query fails, with a clock the test can move. */
async function brokenApp() {
  const database = await createDb('file::memory:');
  await migrateDb(database.db);
  await database.close();
  const now = { value: FIXED_NOW };
  const lines: string[] = [];
  const log = new PrivacyLog((l) => lines.push(l), () => now.value);
  const app = createApp({ db: database.db, clock: () => now.value, log, web: new Map() });
  return { app, log, lines, now };
}

describe('internal errors', () => {
  it('answer 500 with a generic message, print nothing then, and are counted for the day', async () => {
    const { app, log, lines, now } = await brokenApp();
    const res = await app.request('/api/campaigns/temoignages?secret=planted');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: 'server_error',
      message: 'The server could not do this. Nothing was stored.',
    });
    expect(lines).toEqual([]);
    now.value = new Date('2026-03-05T00:00:30Z');
    expect(log.rollDay()).toBe(true);
    expect(lines).toEqual(['requests on 2026-03-04: GET /api/campaigns/:slug 500 x1']);
  });
});

describe('logging', () => {
  it('prints only start-up lines while serving, even at shutdown', async () => {
    const s = await startTestServer({ clock: () => FIXED_NOW });
    const startup = [...s.lines];
    await fetch(`${s.url}/api/campaigns/temoignages`);
    await fetch(`${s.url}/api/campaigns/secret-slug-123`);
    await s.close();
    expect(startup.some((l) => l.startsWith('parole listening on http://127.0.0.1:'))).toBe(true);
    expect(s.lines).toEqual(startup);
  });

  it("prints the finished day's counts by route pattern when the day changes, never a path", () => {
    const now = { value: FIXED_NOW };
    const lines: string[] = [];
    const log = new PrivacyLog((l) => lines.push(l), () => now.value);
    log.count('GET', '/api/campaigns/:slug', 200);
    log.count('GET', '/api/campaigns/:slug', 404);
    log.count('GET', '/api/campaigns/:slug', 200);
    expect(log.rollDay()).toBe(false);
    expect(lines).toEqual([]);
    now.value = new Date('2026-03-05T00:00:59Z');
    expect(log.rollDay()).toBe(true);
    expect(log.rollDay()).toBe(false);
    expect(lines).toEqual(['requests on 2026-03-04: GET /api/campaigns/:slug 200 x2, GET /api/campaigns/:slug 404 x1']);
    now.value = new Date('2026-03-06T00:00:10Z');
    expect(log.rollDay()).toBe(true);
    expect(lines).toHaveLength(1);
  });
});
