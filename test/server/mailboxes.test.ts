/**
 * Follow-up mailboxes against a real server on a real libSQL file: delegates file replies with
 * signed requests, the receipt holder reads them unsigned, and nothing about who reads, from
 * where or when is kept. Every refusal leaves the database as it was.
 */
import { createClient } from '@libsql/client';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  concat,
  encodeReply,
  encodeTestimony,
  fromBase64,
  generateKey,
  generateReceipt,
  mailboxId,
  mailboxKey,
  openReply,
  sealEnvelope,
  sealReply,
  sealWorkspace,
  toBase64,
  toBase64Url,
  utf8,
  verifyReply,
  type PublicKey,
  type SigningKey,
} from '../../crypto/index.js';
import { DelegateClient } from '../../server/delegate-client.js';
import { DELEGATE_PATHS } from '../../server/delegate-protocol.js';
import { SECURITY_HEADERS } from '../../server/privacy.js';
import { MAX_MAILBOX_BODY } from '../../server/routes/mailboxes.js';
import { MAX_SIGNED_BODY } from '../../server/signed-requests.js';
import {
  checkpoint,
  countRows,
  rawBytes,
  registerDelegate,
  removeDelegate,
  send,
  serverWithDelegates,
  signedOn,
  sql,
  type TestDelegate,
  type WireRequest,
} from '../helpers/delegate.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const REPLIES = DELEGATE_PATHS.replies;
const REPLIES_PURGE = DELEGATE_PATHS.repliesPurge;
const MAILBOXES = '/api/mailboxes';
const START = Date.parse('2026-03-04T15:16:17.250Z');
const DAY_MS = 86_400_000;

let serverNow = START;
const clock = () => new Date(serverNow);

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

async function answerOf(response: Response): Promise<Answer> {
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const signedNow = signedOn(() => serverNow);

const reply = (from: SigningKey, mailbox: PublicKey, text: string) =>
  sealReply({ text, sent: new Date(serverNow).toISOString() }, from, mailbox);

function fileReply(server: TestServer, from: SigningKey, envelope: Uint8Array): Promise<Answer> {
  return send(server.url, signedNow(from, 'POST', REPLIES, { envelope: toBase64(envelope) })).then(answerOf);
}

/** Sent as bytes so that fetch adds no Content-Type of its own: `null` sends none. */
async function postToMailboxes(server: TestServer, body: string, contentType: string | null = 'application/json'): Promise<Answer> {
  const headers: Record<string, string> = contentType === null ? {} : { 'Content-Type': contentType };
  return answerOf(await fetch(`${server.url}${MAILBOXES}`, { method: 'POST', headers, body: utf8(body) }));
}

function readMailbox(server: TestServer, mailbox: unknown): Promise<Answer> {
  return postToMailboxes(server, JSON.stringify({ mailbox }));
}

/** A request body of exactly `size` bytes naming `mailbox`, padded with a field the server ignores. */
function paddedMailboxBody(mailbox: string, size: number): Uint8Array {
  const bare = JSON.stringify({ mailbox, padding: '' });
  return utf8(JSON.stringify({ mailbox, padding: 'x'.repeat(size - bare.length) }));
}

async function replyRows(dbPath: string) {
  return (await sql(dbPath, 'SELECT id, mailbox, envelope, day FROM mailbox_replies ORDER BY day, id')).map((row) => ({
    id: Number(row.id),
    mailbox: String(row.mailbox),
    envelope: new Uint8Array(row.envelope as ArrayBuffer),
    day: String(row.day),
  }));
}

/** Row counts of every table a reply request could change. */
async function counts(dbPath: string) {
  const [row] = await sql(dbPath, 'SELECT count(*) AS n FROM mailbox_replies');
  return { ...(await countRows(dbPath)), mailbox_replies: Number(row.n) };
}

/**
 * Sends on a connection used for nothing else: the server answers 413 before reading the whole
 * body and closes the connection, which a pooled client might otherwise reuse for the next test.
 */
function sendOnItsOwnConnection(server: TestServer, wire: WireRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${wire.path}`, {
      method: wire.method,
      agent: false,
      headers: { Authorization: wire.authorization ?? '', 'Content-Type': 'application/json', 'Content-Length': String(wire.body.length) },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        req.destroy();
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') headers.set(name, value);
        resolve({ status: res.statusCode ?? 0, headers, text });
      });
    });
    req.end(wire.body);
  });
}

function expectRefusal(answer: Answer, status: number, error: string, what = '') {
  expect(answer.status, `${what} ${answer.text}`).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json(; charset=utf-8)?$/);
  const body = JSON.parse(answer.text);
  expect(Object.keys(body).sort()).toEqual(['error', 'message']);
  expect(body.error, what).toBe(error);
  expect(answer.text.length).toBeLessThan(200);
}

describe('filing and reading replies', () => {
  let server: TestServer;
  let alice: TestDelegate;
  let bob: TestDelegate;
  let removed: TestDelegate;

  beforeAll(async () => {
    serverNow = START;
    [server, alice, bob, removed] = await serverWithDelegates(clock, 'Alice', 'Bob', 'Removed');
    await removeDelegate(server.dbPath, removed);
  });
  afterAll(() => server.close());

  it('stores a reply sealed to one mailbox key under that key id, with a random id and the UTC day only', async () => {
    const mailbox = generateKey();
    const envelope = reply(alice.key, mailbox, 'Bien reçu.');
    const answer = await fileReply(server, alice.key, envelope);
    expect(answer).toMatchObject({ status: 201, text: '{"stored":true}' });
    const rows = await replyRows(server.dbPath);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ mailbox: mailboxId(mailbox), envelope, day: '2026-03-04' });
    expect(Number.isSafeInteger(rows[0].id) && rows[0].id > 1).toBe(true);
    const columns = await sql(server.dbPath, "SELECT name FROM pragma_table_info('mailbox_replies') ORDER BY cid");
    expect(columns.map((c) => c.name)).toEqual(['id', 'mailbox', 'envelope', 'day']);
  });

  it('accepts a reply that fills the largest bucket', async () => {
    const envelope = sealReply({ text: 'a'.repeat(65_000), sent: '2026-03-04T15:16:17Z' }, bob.key, generateKey());
    expect(envelope.length).toBe(2 + 88 + 16 + 65536);
    expect((await fileReply(server, bob.key, envelope)).status).toBe(201);
  });

  it('refuses an unsigned reply (401) and one signed by a removed key (403), storing nothing', async () => {
    const envelope = reply(alice.key, generateKey(), 'sans signature');
    const before = await counts(server.dbPath);
    const body = utf8(JSON.stringify({ envelope: toBase64(envelope) }));
    expectRefusal(await answerOf(await send(server.url, { method: 'POST', path: REPLIES, body })), 401, 'unsigned');
    expectRefusal(await fileReply(server, removed.key, reply(removed.key, generateKey(), 'retirée')), 403, 'key_removed');
    expect(await counts(server.dbPath)).toEqual(before);
  });

  describe('refuses what is not one envelope sealed to one mailbox, changing nothing but the spent nonce', () => {
    const mailbox = generateKey();
    const good = () => reply(alice.key, mailbox, 'texte');
    const envelopeCases: [string, () => string, string][] = [
      ['two mailboxes', () => toBase64(sealEnvelope(encodeReply({ text: 't', sent: '2026-03-04T15:16Z' }, alice.key, mailbox), [mailbox, generateKey()])), 'invalid_reply'],
      ['sealed to a keyring key', () => toBase64(sealReply({ text: 't', sent: '2026-03-04T15:16Z' }, alice.key, bob.key)), 'invalid_reply'],
      ['sealed to the signer itself', () => toBase64(sealReply({ text: 't', sent: '2026-03-04T15:16Z' }, alice.key, alice.key)), 'invalid_reply'],
      ['sealed to a removed keyring key', () => toBase64(sealReply({ text: 't', sent: '2026-03-04T15:16Z' }, alice.key, removed.key)), 'invalid_reply'],
      ['base64url instead of base64', () => toBase64Url(good()), 'invalid_reply'],
      ['base64 with a line break', () => toBase64(good()).replace(/(.{76})/, '$1\n'), 'invalid_reply'],
      ['base64 with an unused bit set', () => ((t: string) => t.slice(0, -2) + String.fromCharCode(t.charCodeAt(t.length - 2) + 1) + '=')(toBase64(good())), 'invalid_reply'],
      ['an empty envelope', () => '', 'invalid_reply'],
      ['not an envelope', () => toBase64(utf8('Bonjour, ceci est une réponse en clair.'.repeat(40))), 'invalid_reply'],
      ['a workspace file', () => toBase64(sealWorkspace(utf8('état'), [mailbox])), 'invalid_reply'],
      ['an envelope of version 2', () => toBase64(((b: Uint8Array) => (b.set([2]), b))(good())), 'invalid_reply'],
      ['an envelope one bucket too large', () => toBase64(concat(good().subarray(0, 2 + 88), new Uint8Array(16 + 131072))), 'invalid_reply'],
      ['an envelope one byte short', () => toBase64(good().subarray(1)), 'invalid_reply'],
    ];
    const bodyCases: [string, () => unknown, string][] = [
      ['a body that is not JSON', () => utf8('{"envelope":'), 'invalid_request'],
      ['no envelope field', () => ({ reply: toBase64(good()) }), 'invalid_request'],
      ['the envelope as an array of bytes', () => ({ envelope: Array.from(good()) }), 'invalid_request'],
      ['JSON null', () => utf8('null'), 'invalid_request'],
    ];

    it.each([...envelopeCases.map(([what, make, error]) => [what, () => ({ envelope: make() }), error] as const), ...bodyCases])(
      '%s',
      async (what, body, error) => {
        const before = await counts(server.dbPath);
        expectRefusal(await answerOf(await send(server.url, signedNow(alice.key, 'POST', REPLIES, body()))), 400, error, what);
        expect(await counts(server.dbPath)).toEqual({ ...before, request_nonces: before.request_nonces + 1 });
      },
    );

    it(`a body over ${MAX_SIGNED_BODY} bytes: 413 too_large`, async () => {
      const before = await counts(server.dbPath);
      const huge = signedNow(alice.key, 'POST', REPLIES, { envelope: toBase64(new Uint8Array(MAX_SIGNED_BODY)) });
      expectRefusal(await sendOnItsOwnConnection(server, huge), 413, 'too_large');
      expect(await counts(server.dbPath)).toEqual(before);
    });
  });

  it('gives the receipt holder every reply, by day: each opens with mailboxKey(receipt) and verifies with its delegate key', async () => {
    const receipt = generateReceipt();
    const mailbox = await mailboxKey(receipt);
    serverNow = START + DAY_MS;
    expect((await fileReply(server, bob.key, reply(bob.key, mailbox, 'Le lendemain.'))).status).toBe(201);
    serverNow = START;
    expect((await fileReply(server, alice.key, reply(alice.key, mailbox, 'Le jour même.'))).status).toBe(201);
    // Another mailbox's reply is not listed.
    expect((await fileReply(server, alice.key, reply(alice.key, generateKey(), 'Pour quelqu’un d’autre.'))).status).toBe(201);

    const answer = await readMailbox(server, mailboxId(mailbox));
    expect(answer.status).toBe(200);
    const { replies } = JSON.parse(answer.text) as { replies: { day: string; envelope: string }[] };
    expect(replies.map((r) => Object.keys(r))).toEqual([['day', 'envelope'], ['day', 'envelope']]);
    expect(replies.map((r) => r.day)).toEqual(['2026-03-04', '2026-03-05']);
    const again = await mailboxKey(receipt.toLowerCase().replace(/-/g, ' '));
    const opened = replies.map((r) => openReply(fromBase64(r.envelope), again)!);
    expect(opened.map((r) => r.text)).toEqual(['Le jour même.', 'Le lendemain.']);
    expect(verifyReply(opened[0], alice.key, mailbox)).toBe(true);
    expect(verifyReply(opened[1], bob.key, mailbox)).toBe(true);
    expect(verifyReply(opened[1], alice.key, mailbox)).toBe(false);
    expect(openReply(fromBase64(replies[0].envelope), alice.key)).toBeNull();
  });

  it('answers a mailbox nobody replied to exactly as one whose replies were purged', async () => {
    const purged = generateKey();
    expect((await fileReply(server, alice.key, reply(alice.key, purged, 'à effacer'))).status).toBe(201);
    expect(JSON.parse((await answerOf(await send(server.url, signedNow(bob.key, 'POST', REPLIES_PURGE, { mailbox: mailboxId(purged) })))).text)).toEqual({ deleted: 1 });
    const unknown = await readMailbox(server, mailboxId(generateKey()));
    const emptied = await readMailbox(server, mailboxId(purged));
    for (const answer of [unknown, emptied]) expect(answer).toMatchObject({ status: 200, text: '{"replies":[]}' });
    const headers = (a: Answer) => [...a.headers].filter(([name]) => name !== 'date');
    expect(headers(emptied)).toEqual(headers(unknown));
  });

  it.each([
    ['upper-case hex', 'ABCDEF0123456789'],
    ['15 digits', '0123456789abcde'],
    ['17 digits', '0123456789abcdef0'],
    ['a letter outside hex', '0123456789abcdeg'],
    ['a trailing line break', '0123456789abcdef\n'],
    ['a receipt', 'CQ85-3S5D-SFX9-6HDZ-39KB'],
    ['a slash', '0123456789abcd/f'],
    ['nothing', ''],
    ['a number', 1234567890123456],
    ['an array', ['0123456789abcdef']],
    ['null', null],
  ])('refuses a mailbox id with %s: 400 invalid_mailbox', async (_, id) => {
    expectRefusal(await readMailbox(server, id), 400, 'invalid_mailbox');
  });

  it.each([
    ['not JSON', '{"mailbox":'],
    ['empty', ''],
    ['JSON null', 'null'],
    ['a bare id', JSON.stringify(mailboxId(generateKey()))],
    ['an array', JSON.stringify([{ mailbox: mailboxId(generateKey()) }])],
    ['no mailbox field', JSON.stringify({ mailboxes: [mailboxId(generateKey())] })],
  ])('refuses a body that is %s: 400 invalid_mailbox', async (_, body) => {
    expectRefusal(await postToMailboxes(server, body), 400, 'invalid_mailbox');
  });

  it.each([
    ['text/plain;charset=UTF-8'],
    ['application/x-www-form-urlencoded'],
    ['multipart/form-data; boundary=x'],
    ['application/jsonp'],
    ['application/merge-patch+json'],
    [null],
  ])('refuses a body sent as %s: 415 unsupported_media_type', async (contentType) => {
    expectRefusal(await postToMailboxes(server, JSON.stringify({ mailbox: mailboxId(generateKey()) }), contentType), 415, 'unsupported_media_type');
  });

  it('takes application/json with a charset', async () => {
    const answer = await postToMailboxes(server, JSON.stringify({ mailbox: mailboxId(generateKey()) }), 'Application/JSON; charset=utf-8');
    expect(answer).toMatchObject({ status: 200, text: '{"replies":[]}' });
  });

  it(`reads a body of ${MAX_MAILBOX_BODY} bytes and refuses one byte more with 413 too_large`, async () => {
    const at = (size: number): WireRequest => ({ method: 'POST', path: MAILBOXES, body: paddedMailboxBody(mailboxId(generateKey()), size) });
    expect(at(MAX_MAILBOX_BODY).body.length).toBe(MAX_MAILBOX_BODY);
    expect(await sendOnItsOwnConnection(server, at(MAX_MAILBOX_BODY))).toMatchObject({ status: 200, text: '{"replies":[]}' });
    expectRefusal(await sendOnItsOwnConnection(server, at(MAX_MAILBOX_BODY + 1)), 413, 'too_large');
  });

  it('a GET is not a route, with or without an id in the address', async () => {
    const paths = [MAILBOXES, `${MAILBOXES}/`, `${MAILBOXES}/${mailboxId(generateKey())}`, `${MAILBOXES}?mailbox=${mailboxId(generateKey())}`];
    for (const path of paths) expectRefusal(await answerOf(await fetch(`${server.url}${path}`)), 404, 'not_found', path);
  });

  it('answers with exactly the security headers, no cookie and no cross-origin permission', async () => {
    const expected = Object.fromEntries(Object.entries(SECURITY_HEADERS).map(([k, v]) => [k.toLowerCase(), v]));
    for (const id of [mailboxId(generateKey()), 'nope']) {
      const res = await fetch(`${server.url}${MAILBOXES}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: 'a=b', Origin: 'https://elsewhere.example' },
        body: JSON.stringify({ mailbox: id }),
      });
      expect(res.status).toBe(id === 'nope' ? 400 : 200);
      for (const [name, value] of Object.entries(expected)) expect(res.headers.get(name)).toBe(value);
      const allowedOthers = ['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding'];
      expect([...res.headers.keys()].filter((n) => !(n in expected) && !allowedOthers.includes(n))).toEqual([]);
      expect(res.headers.get('content-type')).toMatch(/^application\/json(; charset=utf-8)?$/);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });
});

describe('purging a mailbox early', () => {
  let server: TestServer;
  let alice: TestDelegate;
  let bob: TestDelegate;

  beforeAll(async () => {
    serverNow = START;
    [server, alice, bob] = await serverWithDelegates(clock, 'Alice', 'Bob');
  });
  afterAll(() => server.close());

  const purge = (key: SigningKey, body: unknown) => send(server.url, signedNow(key, 'POST', REPLIES_PURGE, body)).then(answerOf);

  it('deletes every reply of that mailbox, whichever keyring key asks, and leaves no byte of them in the file', async () => {
    const gone = generateKey();
    const kept = generateKey();
    const envelopes = [reply(alice.key, gone, 'un'), reply(bob.key, gone, 'deux'), reply(alice.key, kept, 'trois')];
    expect((await fileReply(server, alice.key, envelopes[0])).status).toBe(201);
    expect((await fileReply(server, bob.key, envelopes[1])).status).toBe(201);
    expect((await fileReply(server, alice.key, envelopes[2])).status).toBe(201);
    const marker = (envelope: Uint8Array) => Buffer.from(envelope.subarray(-512, -448));
    await checkpoint(server.dbPath);
    // Control: the search finds a stored reply.
    expect(rawBytes(server.dbPath).includes(marker(envelopes[0]))).toBe(true);

    expect(await purge(bob.key, { mailbox: mailboxId(gone) })).toMatchObject({ status: 200, text: '{"deleted":2}' });
    expect((await replyRows(server.dbPath)).map((r) => r.mailbox)).toEqual([mailboxId(kept)]);
    await checkpoint(server.dbPath);
    for (const envelope of envelopes.slice(0, 2)) {
      expect(rawBytes(server.dbPath).includes(marker(envelope))).toBe(false);
      expect(rawBytes(`${server.dbPath}-wal`).includes(marker(envelope))).toBe(false);
    }
    expect(rawBytes(server.dbPath).includes(marker(envelopes[2]))).toBe(true);
    expect(await purge(alice.key, { mailbox: mailboxId(gone) })).toMatchObject({ status: 200, text: '{"deleted":0}' });
  });

  it('refuses a malformed mailbox with 400 invalid_request, and an unsigned purge with 401, deleting nothing', async () => {
    expect((await fileReply(server, alice.key, reply(alice.key, generateKey(), 'reste'))).status).toBe(201);
    for (const body of [{}, { mailbox: 'ABCDEF0123456789' }, { mailbox: 7 }, { mailbox: ['0123456789abcdef'] }, { mailboxes: [] }]) {
      const before = await counts(server.dbPath);
      expectRefusal(await purge(alice.key, body), 400, 'invalid_request', JSON.stringify(body));
      expect(await counts(server.dbPath)).toEqual({ ...before, request_nonces: before.request_nonces + 1 });
    }
    const before = await counts(server.dbPath);
    const rows = await replyRows(server.dbPath);
    const unsigned = { method: 'POST', path: REPLIES_PURGE, body: utf8(JSON.stringify({ mailbox: rows[0].mailbox })) };
    expectRefusal(await answerOf(await send(server.url, unsigned)), 401, 'unsigned');
    expect(await counts(server.dbPath)).toEqual(before);
  });

  it('is what the delegate client asks for, and the client refuses an answer without a count', async () => {
    const before = serverNow;
    // The client signs with the real time.
    serverNow = Date.now();
    try {
      const mailbox = generateKey();
      for (const text of ['un', 'deux']) expect((await fileReply(server, alice.key, reply(alice.key, mailbox, text))).status).toBe(201);
      const client = new DelegateClient(new URL(`${server.url}/`), bob.key);
      expect(await client.purgeReplies(mailboxId(mailbox))).toBe(2);
      expect(await client.purgeReplies(mailboxId(mailbox))).toBe(0);
      expect(JSON.parse((await readMailbox(server, mailboxId(mailbox))).text)).toEqual({ replies: [] });
      const answering = (body: string) =>
        new DelegateClient(new URL('http://parole.invalid/'), bob.key, async () => new Response(body, { headers: { 'Content-Type': 'application/json' } }));
      for (const body of ['{}', '{"deleted":"2"}', '{"deleted":1.5}', '{"deleted":-1}', 'null']) {
        await expect(answering(body).purgeReplies(mailboxId(mailbox))).rejects.toMatchObject({ code: 'invalid_response' });
      }
    } finally {
      serverNow = before;
    }
  });
});

describe('reading a mailbox leaves no trace', () => {
  const MARKERS = {
    forwardedFor: '203.0.113.91',
    userAgent: 'ParoleMailboxCanary/1.0 (marker-ua-7a3e)',
    cookie: 'marker-cookie-mb42',
    referer: 'marker-ref-mb17',
    query: 'marker-query-mb58',
    bodyField: 'marker-body-mb63',
    badId: 'marker-id-mb29',
  };
  const PLANTED_HEADERS = {
    'X-Forwarded-For': MARKERS.forwardedFor,
    'X-Real-IP': MARKERS.forwardedFor,
    Forwarded: `for=${MARKERS.forwardedFor}`,
    'User-Agent': MARKERS.userAgent,
    Cookie: `session=${MARKERS.cookie}`,
    Referer: `https://tracker.example/${MARKERS.referer}`,
  };
  const PEER = '127.0.0.78';
  let server: TestServer;
  let alice: TestDelegate;
  const mailbox = generateKey();
  // Ids nobody replied to: read, they must not be remembered anywhere.
  const probed = Array.from({ length: 5 }, () => mailboxId(generateKey()));

  /** Reads a mailbox the way the page does, plus every marker a client or proxy could add. */
  function readFromPeer(mailbox: string): Promise<number> {
    const body = JSON.stringify({ mailbox, note: MARKERS.bodyField });
    const headers = { ...PLANTED_HEADERS, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) };
    return new Promise((resolve, reject) => {
      const req = request(`${server.url}${MAILBOXES}?utm_source=${MARKERS.query}`, { method: 'POST', headers, localAddress: PEER }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  async function everyTable(): Promise<string> {
    const client = createClient({ url: `file:${server.dbPath}` });
    try {
      const tables = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
      let text = '';
      for (const { name } of tables.rows) {
        const rows = await client.execute(`SELECT * FROM "${String(name)}" ORDER BY rowid`);
        text += `${String(name)}:` + JSON.stringify(rows.rows, (_k, v) => (v instanceof ArrayBuffer ? Buffer.from(v).toString('hex') : v)) + '\n';
      }
      return text;
    } finally {
      client.close();
    }
  }

  function dataFolderText(): { file: string; text: string }[] {
    return readdirSync(server.dir).map((file) => {
      const bytes = readFileSync(join(server.dir, file));
      return { file, text: bytes.toString('latin1') + '\n' + bytes.toString('utf16le') };
    });
  }

  beforeAll(async () => {
    serverNow = START;
    // Only the server's periodic timers are faked, so the test can end the day.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    server = await startTestServer({ clock });
    alice = await registerDelegate(server.dbPath, 'Alice');
    expect((await fileReply(server, alice.key, reply(alice.key, mailbox, 'Bien reçu.'))).status).toBe(201);
  });
  afterAll(async () => {
    await server.close();
    vi.useRealTimers();
  });

  it('changes no row, records neither the peer, the headers, the query, the body, the ids read nor the time, and logs only counts by route', async () => {
    await checkpoint(server.dbPath);
    const tablesBefore = await everyTable();
    const linesBefore = [...server.lines];
    for (let i = 0; i < 3; i++) expect(await readFromPeer(mailboxId(mailbox))).toBe(200);
    for (const id of probed) expect(await readFromPeer(id)).toBe(200);
    expect(await readFromPeer(MARKERS.badId)).toBe(400);

    expect(await everyTable()).toBe(tablesBefore);
    expect(server.lines).toEqual(linesBefore);

    // The day's counts are printed once it is over, by route pattern: never an id.
    serverNow = START + DAY_MS;
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(() => expect(server.lines.length).toBeGreaterThan(linesBefore.length));
    const printed = server.lines.slice(linesBefore.length).join('\n');
    expect(printed).toContain('POST /api/mailboxes 200 x8');
    expect(printed).toContain('POST /api/mailboxes 400 x1');

    await checkpoint(server.dbPath);
    const timeOfDay = new Date(START).toISOString().slice(11, 16);
    const needles = [...Object.values(MARKERS), PEER, '203.0.113.', ...probed, timeOfDay];
    const tables = await everyTable();
    const files = dataFolderText();
    // Control: the searches see what is stored.
    expect(tables).toContain(mailboxId(mailbox));
    expect(files.some(({ text }) => text.includes(mailboxId(mailbox)))).toBe(true);
    for (const needle of needles) {
      expect(tables.includes(needle), needle).toBe(false);
      for (const { file, text } of files) expect({ file, needle, found: text.includes(needle) }).toEqual({ file, needle, found: false });
      expect(server.lines.join('\n').includes(needle), needle).toBe(false);
    }
    expect(server.lines.join('\n')).not.toContain(mailboxId(mailbox));
  });
});
