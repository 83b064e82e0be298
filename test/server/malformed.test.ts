/**
 * Malformed input against one `parole serve` process: ten thousand generated bad requests on
 * every route and method, and on addresses that nearly match one. The process must answer each
 * below 500 with a JSON error, stay up, keep its memory bounded and store nothing (a signed
 * request leaves its nonce, which is what stops a replay). Delegate routes get unsigned and
 * wrongly signed requests, and also requests a registered key signed properly around a bad
 * body, so that the handlers behind the signature check are fuzzed too.
 *
 * Reproducible: MALFORMED_SEED=<seed> replays a run; the seed is printed.
 */
import { createClient } from '@libsql/client';
import fc from 'fast-check';
import { createPrivateKey, randomBytes, sign as ed25519Sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUCKETS,
  CampaignError,
  encodePublicKey,
  generateKey,
  keyId,
  MAX_ENVELOPE_BYTES,
  parseAuthorization,
  parseEnvelopeHeader,
  SIGNATURE_SCHEME,
  signRequest,
  toBase64,
  toBase64Url,
  toHex,
  utf8,
  validateCampaign,
  type SecretKey,
  type SigningKey,
} from '../../crypto/index.js';
import { labelledHash } from '../../crypto/hash.js';
import { MAX_IDS_PER_REQUEST } from '../../server/delegate-protocol.js';
import { MAX_MAILBOX_BODY } from '../../server/routes/mailboxes.js';
import { MAX_SIGNED_BODY } from '../../server/signed-requests.js';
import { registerDelegate, removeDelegate, sealTo, type TestDelegate } from '../helpers/delegate.js';
import { spawnServer, type ServerProcess } from '../helpers/server.js';

const SEED = Number(process.env.MALFORMED_SEED ?? 20260304);
const WARM_UP_REQUESTS = 1_000;
const FUZZ_REQUESTS = 10_000;
const IN_FLIGHT = 64;
/**
 * RSS may grow this much between the end of the warm-up and the end of the run. Measured growth
 * is a few MiB (V8 settling its heap, libSQL's page cache for a few thousand nonces); a leak of
 * one request body per request would be hundreds of MiB here, since a tenth of them carry
 * bodies of 64 KiB or more.
 */
const MAX_RSS_GROWTH_MIB = 64;
const CAMPAIGN = 'temoignages';

// ---------------------------------------------------------------------------------------------
// The server process and its database

interface Keys {
  alice: TestDelegate;
  removed: TestDelegate;
  stranger: SecretKey;
  /** Active keyring ids: an envelope sealed to these alone is one the server would store. */
  active: Set<string>;
  /** Sealed to alice alone: storable, so only ever sent as a reply (refused, alice is a keyring key) or mutated. */
  envelope: Uint8Array;
  /** Sealed to a key outside the keyring: structurally valid, refused as stale_keyring. */
  strangerEnvelope: Uint8Array;
  /** Sealed to alice and a stranger: two recipients, refused as a reply. */
  twoRecipients: Uint8Array;
  /** The default campaign's definition, as delegates send one. */
  definition: Record<string, unknown>;
}

/** The pid of the `parole serve` this worker spawned on dataDir, from /proc: spawnServer does not expose it. */
function serverPid(dataDir: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`PAROLE_DATA_DIR=${dataDir}`)) return Number(entry);
    } catch {
      // A process that ended while we looked.
    }
  }
  throw new Error('server process not found');
}

/** Alive and not a zombie waiting to be reaped. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** User and system CPU time the process has used, in seconds (at the usual 100 ticks a second). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssMiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error('no VmRSS');
  return Number(match[1]) / 1024;
}

/** Row counts of every table of the database. */
async function tableCounts(dbPath: string): Promise<Record<string, number>> {
  const client = createClient({ url: `file:${dbPath}` });
  try {
    const tables = (await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")).rows;
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      counts[String(name)] = Number((await client.execute(`SELECT count(*) AS n FROM "${String(name)}"`)).rows[0].n);
    }
    return counts;
  } finally {
    client.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Signing at the speed of node:crypto

// tweetnacl takes over 10 ms a signature on a shared core: thousands of signed requests would not
// fit the time of a test. This signs the same bytes (crypto/signature.ts) with node:crypto, and
// `expectSameAsSignRequest` proves it agrees with signRequest before any request relies on it.
const PKCS8_ED25519_SEED_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const privateKeys = new Map<string, KeyObject>();

function fastAuthorization(key: SigningKey, method: string, path: string, body: Uint8Array, nowMs: number, nonce = toBase64Url(randomBytes(16))): string {
  const id = keyId(key);
  let privateKey = privateKeys.get(id);
  if (privateKey === undefined) {
    privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_SEED_PREFIX, key.signSeed]), format: 'der', type: 'pkcs8' });
    privateKeys.set(id, privateKey);
  }
  const timestamp = Math.floor(nowMs / 1000);
  const message = Buffer.concat([
    utf8('parole/v1/request'),
    Buffer.from([0]),
    utf8(`${method}\n${path}\n${timestamp}\n${nonce}\n`),
    labelledHash('parole/v1/request-body', body, 32),
  ]);
  const signature = ed25519Sign(null, message, privateKey);
  return `${SIGNATURE_SCHEME} key=${id}, ts=${timestamp}, nonce=${nonce}, sig=${toBase64Url(signature)}`;
}

function expectSameAsSignRequest(key: SigningKey): void {
  const request = { method: 'POST', path: '/api/delegate/envelopes/confirm?a=1', body: utf8('{"ids":[1]}') };
  const reference = signRequest(key, request, Date.now());
  const { timestamp, nonce } = parseAuthorization(reference);
  expect(fastAuthorization(key, request.method, request.path, request.body, timestamp * 1000, nonce)).toBe(reference);
}

// ---------------------------------------------------------------------------------------------
// Requests on the wire, through node:http so that paths, methods and headers go out unchanged

type Signing = 'none' | 'valid' | 'removed' | 'unknown' | 'stale' | 'future' | 'tampered' | 'replay' | 'garbage';

interface Plan {
  method: string;
  path: string;
  contentType: string | null;
  body: Uint8Array | null;
  signing: Signing;
  /** For 'garbage': the Authorization header sent as is. */
  authorization?: string;
  /** Declare this many bytes more than are sent, then drop the connection mid-upload. */
  abortShortBy?: number;
  /** Send without Content-Length, in chunks. */
  chunked?: boolean;
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

type Outcome = { answer: Answer } | { error: string };

const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });

function authorizationFor(plan: Plan, keys: Keys): string | undefined {
  const body = plan.body ?? new Uint8Array(0);
  const sign = (key: SecretKey, nowMs = Date.now(), signedBody = body) => fastAuthorization(key, plan.method, plan.path, signedBody, nowMs);
  switch (plan.signing) {
    case 'none':
      return undefined;
    case 'valid':
    case 'replay':
      return sign(keys.alice.key);
    case 'removed':
      return sign(keys.removed.key);
    case 'unknown':
      return sign(keys.stranger);
    case 'stale':
      return sign(keys.alice.key, Date.now() - 10 * 60_000);
    case 'future':
      return sign(keys.alice.key, Date.now() + 10 * 60_000);
    case 'tampered':
      return sign(keys.alice.key, Date.now(), utf8('{"ids":[1]}'));
    case 'garbage':
      return plan.authorization;
  }
}

function send(url: string, plan: Plan, authorization: string | undefined, retried = false): Promise<Outcome> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {};
    if (plan.contentType !== null) headers['Content-Type'] = plan.contentType;
    if (authorization !== undefined) headers.Authorization = authorization;
    const body = plan.body;
    if (body !== null) {
      // Explicitly: node:http would send a GET's body with neither, and the server then reads it as the next request.
      if (plan.chunked) headers['Transfer-Encoding'] = 'chunked';
      else headers['Content-Length'] = String(body.length + (plan.abortShortBy ?? 0));
    }
    let req;
    try {
      // Host, port and path apart: a URL string would be parsed, and its path normalised, before sending.
      const { hostname, port } = new URL(url);
      req = httpRequest({ host: hostname, port, path: plan.path, method: plan.method, headers, agent: retried ? false : agent });
    } catch (err) {
      // Refused by the client itself: nothing was sent.
      resolve({ error: `client:${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
      return;
    }
    req.on('error', (err: NodeJS.ErrnoException) => {
      // A connection reset under this load (a kept-alive connection the server closed after its
      // last answer, as it may after a 413, or one dropped while others abandon their uploads):
      // every HTTP client sends again, and the request is then sent alone on a fresh connection,
      // where it must be answered.
      if (plan.abortShortBy === undefined && !retried) {
        resolve(send(url, plan, authorization, true));
        return;
      }
      resolve({ error: `${err.code ?? err.message}${req.reusedSocket ? ' on a reused connection' : ''}${retried ? ' twice' : ''}` });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (err: NodeJS.ErrnoException) => resolve({ error: `answer cut: ${err.code ?? err.message}` }));
      res.on('end', () =>
        resolve({
          answer: { status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', text: Buffer.concat(chunks).toString('utf8') },
        }),
      );
    });
    if (plan.abortShortBy !== undefined && body !== null) {
      req.write(body);
      setTimeout(() => req.destroy(), 5);
      return;
    }
    if (body !== null && plan.chunked) {
      const half = body.length >> 1;
      req.write(body.subarray(0, half));
      req.end(body.subarray(half));
    } else {
      req.end(body ?? undefined);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Generators

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH'] as const;

const ROUTES: ((slug: string) => string)[] = [
  () => '/',
  (s) => `/c/${s}`,
  (s) => `/c/${s}/suivi`,
  () => '/transparency',
  (s) => `/assets/${s}`,
  () => '/assets/app.js',
  (s) => `/api/campaigns/${s}`,
  (s) => `/api/campaigns/${s}/submissions`,
  (s) => `/api/campaigns/${s}/followups`,
  (s) => `/api/bench/campaigns/${s}/parse`,
  () => '/api/challenge',
  () => '/api/mailboxes',
  () => '/api/transparency',
  () => '/api/delegate/campaigns',
  (s) => `/api/delegate/campaigns/${s}`,
  () => '/api/delegate/envelopes',
  () => '/api/delegate/envelopes/confirm',
  () => '/api/delegate/envelopes/purge',
  () => '/api/delegate/replies',
  () => '/api/delegate/replies/purge',
];

/** Delegate routes as the server sees them after URL parsing: what a valid signature can cover. */
const SIGNABLE_PATHS = [
  '/api/delegate/campaigns',
  `/api/delegate/campaigns/${CAMPAIGN}`,
  '/api/delegate/campaigns/nope',
  '/api/delegate/campaigns/a/b',
  '/api/delegate/envelopes',
  '/api/delegate/envelopes/confirm',
  '/api/delegate/envelopes/purge',
  '/api/delegate/envelopes/x',
  '/api/delegate/replies',
  '/api/delegate/replies/purge',
  '/api/delegate/nothing',
  '/api/delegate',
];

const ODD_PIECES = [
  '%', '%2', '%ZZ', '%00', '%2F', '%2f', '%5C', '%2e%2e', '..', '.', '%C3%A9', '%C3', '%FF', '%E2%80%AE', '%F0%9F%92%A9',
  '\u00e9', '\u00ff', '\u0080', ';', ',', '!', '*', "'", '(', ')', '~', '@', ':', '[', ']', '{', '}', '|', '^', '`', '"',
  '<', '>', '#', '?', '&', '=', '+', '$', '-', '_', 'A', 'z', '0', '9', CAMPAIGN, 'TEMOIGNAGES', '-x', '//', '/',
];

/** Characters a request target cannot carry raw (node:http sends 0x21-0xff) go percent-encoded as UTF-8. */
function sendable(text: string): string {
  return [...text].map((ch) => (/^[\x21-\xff]$/.test(ch) ? ch : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join(''))).join('');
}

const slugArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(CAMPAIGN, 'nope', 'TEMOIGNAGES', '-x', 'a'.repeat(64), 'a'.repeat(65), '', 'x'.repeat(6000), 'app.js', '..%2F..%2Fpackage.json') },
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...ODD_PIECES), { maxLength: 10 }).map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }).map(sendable) },
);

const queryArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...ODD_PIECES), { maxLength: 6 }).map((parts) => `?${parts.join('')}`) },
);

/** A real address bent a little: the router must refuse, never stumble. */
const nearMiss = (path: string) =>
  fc.constantFrom(
    path.toUpperCase(),
    `${path}/`,
    path.replace(/\//g, '//'),
    path.replace('/api/', '/api/./'),
    path.replace('/api/', '/api/x/../'),
    `${path}/x`,
    `${path}%00`,
    `${path};x=1`,
    path.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`),
    path.replace('/api', '/API'),
    path.replace('/api', ''),
    path.slice(0, -1),
    path.replace(/\//g, '\\'),
    `${path}\\`,
  );

const pathArb = fc
  .tuple(fc.constantFrom(...ROUTES), slugArb, fc.boolean(), queryArb)
  .chain(([route, slug, bend, query]) => (bend ? nearMiss(route(slug)) : fc.constant(route(slug))).map((path) => sendable(path) + query));

const CONTENT_TYPES = [
  'application/octet-stream',
  'Application/Octet-Stream; charset=binary',
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  ';;;',
  'application/octet-stream, application/json',
  '',
  '\u00e9\u00ff',
];
const contentTypeArb = fc.oneof(fc.constant(null), fc.constantFrom(...CONTENT_TYPES));

const LIMITS = [1, 1023, MAX_MAILBOX_BODY, MAX_MAILBOX_BODY + 1, MAX_ENVELOPE_BYTES - 1, MAX_ENVELOPE_BYTES, MAX_ENVELOPE_BYTES + 1, MAX_SIGNED_BODY, MAX_SIGNED_BODY + 1, 1536 * 1024];

const INVALID_UTF8 = [[0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80]];

const json = (value: unknown) => utf8(JSON.stringify(value));
const ROUTE_KEYS = ['ids', 'envelopes', 'mailbox', 'envelope', 'slug', 'title', 'questions', 'state'];

/** Bodies that no route accepts whole, each built from `keys` at send time. */
type BodyMaker = (keys: Keys) => Uint8Array | null;

const idArb = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(2 ** 53, 2 ** 53 - 1, -0, 1.5, 1e308, Number.MAX_VALUE),
  fc.constantFrom('1', null, true, [], {}),
);

const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFxz'), minLength: length, maxLength: length });

const bodyArb: fc.Arbitrary<BodyMaker> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(() => null) },
  { weight: 6, arbitrary: fc.uint8Array({ maxLength: 2048 }).map((bytes) => () => bytes) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(...LIMITS), fc.integer({ min: 0, max: 255 })).map(([size, fill]) => () => new Uint8Array(size).fill(fill)),
  },
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.constantFrom('truncate', 'extend', 'version', 'count', 'stranger', 'two'), fc.nat({ max: 70_000 }), fc.integer({ min: 0, max: 255 }))
      .map(([how, n, byte]) => (keys: Keys) => {
        const e = keys.envelope;
        if (how === 'truncate') return e.slice(0, n % e.length);
        if (how === 'extend') return new Uint8Array([...e, ...new Uint8Array(n % 4096).fill(byte)]);
        if (how === 'stranger') return keys.strangerEnvelope;
        if (how === 'two') return keys.twoRecipients;
        const copy = e.slice();
        copy[how === 'version' ? 0 : 1] = byte;
        return copy;
      }),
  },
  { weight: 5, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => () => json(value)) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom(...ROUTE_KEYS), fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.array(idArb, { maxLength: 8 })))
      .map(([key, value]) => () => json({ [key]: value })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.array(idArb, { maxLength: 6 }), fc.boolean(), fc.constantFrom(0, 1, MAX_IDS_PER_REQUEST + 1))
      .map(([ids, duplicate, extra]) => () => json({ ids: [...ids, ...(duplicate ? [1, 1] : []), ...Array.from({ length: extra }, (_, i) => i + 1)] })),
  },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.record({ id: idArb, digest: fc.oneof(hex(64), hex(63), fc.constant('0'.repeat(64)), fc.anything()) }, { requiredKeys: [] }), { maxLength: 4 })
      .map((envelopes) => () => json({ envelopes })),
  },
  {
    weight: 3,
    arbitrary: fc.oneof(hex(16), hex(15), hex(17), fc.string({ maxLength: 20 })).map((mailbox) => () => json({ mailbox })),
  },
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom('alice', 'two', 'stranger', 'truncated', 'notBase64', 'padding'), fc.nat({ max: 2000 }))
      .map(([which, n]) => (keys: Keys) => {
        const encoded = {
          alice: toBase64(keys.envelope),
          two: toBase64(keys.twoRecipients),
          // Sealed to one key outside the keyring: a well-formed reply. Cut short, so it is not one.
          stranger: toBase64(keys.strangerEnvelope.subarray(0, keys.strangerEnvelope.length - 1 - (n % 100))),
          truncated: toBase64(keys.envelope.subarray(0, n % keys.envelope.length)),
          notBase64: `${toBase64(keys.envelope).slice(0, 40)}!*`,
          padding: '====',
        }[which];
        return json({ envelope: encoded });
      }),
  },
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom('slug', 'title', 'intro', 'questions', 'opens', 'closes', 'state', 'extra'), fc.jsonValue({ maxDepth: 3 }))
      .map(([field, value]) => (keys: Keys) => json({ ...keys.definition, [field]: value })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 200_000 }), fc.constantFrom('[', '{"a":', '{"ids":'))
      .map(([depth, open]) => () => {
        const close = open === '[' ? ']' : '}';
        return utf8(`${open.repeat(depth)}null${close.repeat(depth)}`);
      }),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...ROUTE_KEYS), fc.integer({ min: 1, max: 600_000 }), fc.constantFrom('a', '\\u0000', '\\ud800', 'é', '"'))
      .map(([key, length, unit]) => () => utf8(`{"${key}":"${unit.repeat(Math.ceil(length / unit.length))}"}`)),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...ROUTE_KEYS), fc.constantFrom(...INVALID_UTF8), fc.boolean())
      .map(([key, bad, bom]) => () => new Uint8Array([...(bom ? [0xef, 0xbb, 0xbf] : []), ...utf8(`{"${key}":"`), ...bad, ...utf8('"}')])),
  },
);

/**
 * Never a body the server would store: an envelope sealed to the active keyring alone is one,
 * whatever the rest, and so is a valid campaign definition. Both are bent just enough.
 */
function neverStorable(body: Uint8Array | null, keys: Keys): Uint8Array | null {
  if (body === null) return null;
  try {
    if (parseEnvelopeHeader(body).keyIds.every((id) => keys.active.has(id))) return new Uint8Array([...body, 0]);
  } catch {
    // Not an envelope.
  }
  try {
    validateCampaign(JSON.parse(Buffer.from(body).toString('utf8')));
    return json({ ...JSON.parse(Buffer.from(body).toString('utf8')), unknown: true });
  } catch (err) {
    if (err instanceof SyntaxError || err instanceof CampaignError) return body;
    throw err;
  }
}

const garbageAuthorization = fc.oneof(
  fc.string({ unit: fc.constantFrom(...' =,-_abcdefgkstnoPrleEd2519AZ0123456789\u00e9'), maxLength: 200 }),
  fc.constantFrom('Parole-Ed25519', 'Parole-Ed25519 key=0000000000000000, ts=1, nonce=AAAAAAAAAAAAAAAAAAAAAA, sig=' + 'A'.repeat(86), 'Bearer x', ''),
  fc.tuple(hex(16), fc.integer({ min: 0, max: 2 ** 40 }), fc.string({ unit: fc.constantFrom(...'AZaz09_-'), minLength: 22, maxLength: 22 })).map(
    ([key, ts, nonce]) => `Parole-Ed25519 key=${key}, ts=${ts}, nonce=${nonce}, sig=${'_'.repeat(86)}`,
  ),
);

interface Draft extends Omit<Plan, 'body'> {
  makeBody: BodyMaker;
}

const SIGNINGS: Signing[] = ['removed', 'unknown', 'stale', 'future', 'tampered', 'replay'];

const unsignedArb: fc.Arbitrary<Draft> = fc.record({
  method: fc.constantFrom(...METHODS),
  path: pathArb,
  contentType: contentTypeArb,
  makeBody: bodyArb,
  signing: fc.constant<Signing>('none'),
});

/** Signed properly by a registered key, so that the handler behind the check reads the bad body. */
const signedBadBodyArb: fc.Arbitrary<Draft> = fc.record({
  method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH'),
  path: fc.tuple(fc.constantFrom(...SIGNABLE_PATHS), fc.constantFrom('', '', '', '?a=1', '?ids=1&ids=2')).map(([p, q]) => p + q),
  contentType: contentTypeArb,
  makeBody: bodyArb,
  signing: fc.constant<Signing>('valid'),
});

const wronglySignedArb: fc.Arbitrary<Draft> = fc.record({
  method: fc.constantFrom('POST', 'GET', 'OPTIONS', 'HEAD'),
  path: fc.oneof(fc.constantFrom(...SIGNABLE_PATHS), pathArb),
  contentType: contentTypeArb,
  makeBody: bodyArb,
  signing: fc.oneof(fc.constantFrom(...SIGNINGS), fc.constant<Signing>('garbage')),
  authorization: garbageAuthorization,
});

const draftArb: fc.Arbitrary<Draft> = fc
  .tuple(
    fc.oneof({ weight: 14, arbitrary: unsignedArb }, { weight: 3, arbitrary: signedBadBodyArb }, { weight: 2, arbitrary: wronglySignedArb }),
    fc.oneof({ weight: 40, arbitrary: fc.constant('plain' as const) }, { weight: 2, arbitrary: fc.constant('chunked' as const) }, { weight: 1, arbitrary: fc.nat({ max: 10_000 }) }),
  )
  .map(([draft, framing]) => ({
    ...draft,
    ...(framing === 'chunked' ? { chunked: true } : framing === 'plain' ? {} : { abortShortBy: framing + 1 }),
  }));

function plans(keys: Keys, count: number, seed: number): Plan[] {
  return fc.sample(draftArb, { seed, numRuns: count }).map(({ makeBody, ...draft }) => {
    const body = neverStorable(makeBody(keys), keys);
    // An aborted upload needs bytes to send before it stops.
    const uploads = draft.abortShortBy !== undefined ? (body ?? new Uint8Array(16)) : body;
    return { ...draft, body: uploads };
  });
}

// ---------------------------------------------------------------------------------------------
// Judging answers

interface Violation {
  index: number;
  plan: string;
  outcome: string;
}

function describePlan(plan: Plan): string {
  const body = plan.body === null ? 'none' : `${plan.body.length} bytes ${toHex(plan.body.subarray(0, 48))}${plan.body.length > 48 ? '…' : ''}`;
  const framing = plan.abortShortBy !== undefined ? ` aborted (short by ${plan.abortShortBy})` : plan.chunked ? ' chunked' : '';
  return `${plan.method} ${plan.path.length > 200 ? `${plan.path.slice(0, 200)}…` : plan.path} content-type=${JSON.stringify(plan.contentType)} signing=${plan.signing} body=${body}${framing}`;
}

const SIGNATURE_REFUSALS = ['unsigned', 'invalid_signature', 'stale_timestamp', 'unknown_key', 'key_removed', 'bad_signature', 'replayed'];

/** What is wrong with this answer, or null. */
function problemWith(plan: Plan, answer: Answer): string | null {
  if (answer.status >= 500) return 'server error';
  const bodiless = plan.method === 'HEAD' || answer.status === 204 || answer.status === 304 || (plan.method === 'OPTIONS' && answer.status < 300);
  if (bodiless) return null;
  if (answer.status >= 400) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.text);
    } catch {
      return 'error without a JSON body';
    }
    const { error, message } = (parsed ?? {}) as { error?: unknown; message?: unknown };
    if (typeof error !== 'string' || typeof message !== 'string') return 'JSON error without error and message';
    if (!answer.contentType.startsWith('application/json')) return 'JSON error with another content type';
    // A GET carries no body to the handler, so a body signed with one cannot match.
    const bodyReachesHandler = !['GET', 'HEAD'].includes(plan.method) || (plan.body?.length ?? 0) === 0;
    if (plan.signing === 'valid' && bodyReachesHandler && SIGNATURE_REFUSALS.includes(error)) return 'a valid signature refused';
    return null;
  }
  // A success: a page or asset, or a request that was well formed after all (an empty id list,
  // an unknown mailbox). Whatever it is, an API answers it in JSON, or NDJSON for a pull.
  if (plan.path.startsWith('/api/') && answer.status < 300 && !/^application\/(json|x-ndjson)/.test(answer.contentType)) return 'API success not in JSON';
  return null;
}

async function runAll(url: string, keys: Keys, list: Plan[], onAnswer: (index: number, plan: Plan, outcome: Outcome) => void): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const index = next++;
      const plan = list[index];
      const authorization = authorizationFor(plan, keys);
      onAnswer(index, plan, await send(url, plan, authorization));
      // The same signed bytes once more: refused as a replay, however bad the first was.
      if (plan.signing === 'replay') onAnswer(index, plan, await send(url, plan, authorization));
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

// ---------------------------------------------------------------------------------------------

describe(`malformed input against one server process (seed ${SEED})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parole-malformed-'));
  const dbPath = join(dataDir, 'parole.db');
  let server: ServerProcess;
  let pid: number;
  let keys: Keys;
  let countsBefore: Record<string, number>;
  let rssAfterWarmUp: number;
  const statuses = new Map<string, number>();
  const violations: Violation[] = [];
  let sent = 0;

  const tally = (index: number, plan: Plan, outcome: Outcome) => {
    sent++;
    if ('error' in outcome) {
      // The client dropped it on purpose, or the server stopped reading an oversized upload.
      const expected = plan.abortShortBy !== undefined || (plan.body?.length ?? 0) > MAX_MAILBOX_BODY;
      const key = `no answer (${outcome.error})`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      if (!expected) violations.push({ index, plan: describePlan(plan), outcome: key });
      return;
    }
    const key = String(outcome.answer.status);
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    const problem = problemWith(plan, outcome.answer);
    if (problem !== null) {
      violations.push({ index, plan: describePlan(plan), outcome: `${problem}: ${outcome.answer.status} ${outcome.answer.contentType} ${outcome.answer.text.slice(0, 300)}` });
    }
  };

  beforeAll(async () => {
    const alice = await registerDelegate(dbPath, 'Alice');
    const removed = await registerDelegate(dbPath, 'Retirée');
    await removeDelegate(dbPath, removed);
    const stranger = generateKey();
    server = await spawnServer(dataDir);
    pid = serverPid(dataDir);
    const campaign = (await (await fetch(`${server.url}/api/campaigns/${CAMPAIGN}`)).json()).campaign;
    const { slug, title, intro, questions, opens, closes, state } = campaign;
    keys = {
      alice,
      removed,
      stranger,
      active: new Set([alice.id]),
      envelope: sealTo([alice.key], 'x'),
      strangerEnvelope: sealTo([stranger], 'x'),
      twoRecipients: sealTo([alice.key, stranger], 'x'),
      definition: { slug, title, intro, questions, opens, closes, state },
    };
    // The generators must be able to build the real thing, or the guard in neverStorable is untested.
    expect(() => validateCampaign(keys.definition)).not.toThrow();
    expect(BUCKETS).toContain(parseEnvelopeHeader(keys.envelope).bucket);
    expect(encodePublicKey(stranger)).not.toBe(encodePublicKey(alice.key));
    expectSameAsSignRequest(alice.key);
    await runAll(server.url, keys, plans(keys, WARM_UP_REQUESTS, SEED + 1), tally);
    // After the warm-up: a first GET /api/challenge makes the server's secret, a row of its own.
    countsBefore = await tableCounts(dbPath);
    rssAfterWarmUp = rssMiB(pid);
  }, 60_000);

  afterAll(async () => {
    agent.destroy();
    await server?.stop();
  });

  it(`answers ${FUZZ_REQUESTS} generated bad requests below 500, with a JSON error`, async () => {
    const list = plans(keys, FUZZ_REQUESTS, SEED);
    let peakRss = rssAfterWarmUp;
    const sampler = setInterval(() => {
      if (isAlive(pid)) peakRss = Math.max(peakRss, rssMiB(pid));
    }, 200);
    const started = performance.now();
    const cpuBefore = cpuSeconds(pid);
    await runAll(server.url, keys, list, tally);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    expect(isAlive(pid), `server died:\n${server.output().slice(-3000)}`).toBe(true);
    const rssAfter = rssMiB(pid);
    console.log(
      [
        `malformed: seed ${SEED} (MALFORMED_SEED to replay), ${sent} requests sent in all (warm-up ${WARM_UP_REQUESTS}), run of ${FUZZ_REQUESTS} in ${seconds.toFixed(1)} s`,
        `statuses: ${[...statuses].sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${s} x${n}`).join(', ')}`,
        `server CPU during the run: ${(cpuSeconds(pid) - cpuBefore).toFixed(1)} s`,
        `RSS MiB: after warm-up ${rssAfterWarmUp.toFixed(1)}, peak ${peakRss.toFixed(1)}, after run ${rssAfter.toFixed(1)}`,
      ].join('\n'),
    );
    const shown = violations.slice(0, 10).map((v) => `#${v.index} ${v.plan}\n  -> ${v.outcome}`);
    expect(shown, `${violations.length} bad answers; server output:\n${server.output().slice(-3000)}`).toEqual([]);
    expect(isAlive(pid), `server died:\n${server.output().slice(-3000)}`).toBe(true);
    expect(rssAfter - rssAfterWarmUp).toBeLessThan(MAX_RSS_GROWTH_MIB);
  }, 150_000);

  it('is still up and serves the campaign', async () => {
    expect(isAlive(pid)).toBe(true);
    const res = await fetch(`${server.url}/api/campaigns/${CAMPAIGN}`);
    expect(res.status).toBe(200);
    expect((await res.json()).campaign.slug).toBe(CAMPAIGN);
  });

  it('stored nothing but the nonces of signed requests', async () => {
    const after = await tableCounts(dbPath);
    const { request_nonces: noncesAfter, ...rest } = after;
    const { request_nonces: noncesBefore, ...restBefore } = countsBefore;
    expect(rest).toEqual(restBefore);
    expect(noncesAfter).toBeGreaterThan(noncesBefore);
  });
});
