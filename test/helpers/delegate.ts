/**
 * A delegate as the server sees one: a key in the keyring, requests signed with it, and rows
 * planted straight into the database file that a test server serves.
 */
import { createClient } from '@libsql/client';
import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { dirname } from 'node:path';
import {
  createKeyFile,
  encodePublicKey,
  encodeTestimony,
  generateKey,
  keyId,
  sealEnvelope,
  signRequest,
  utf8,
  type PublicKey,
  type SecretKey,
  type SigningKey,
} from '../../crypto/index.js';
import type { Clock } from '../../server/clock.js';
import { readConfig } from '../../server/config.js';
import { createDb, migrateDb, type Db } from '../../server/db/client.js';
import { startServer, type RunningServer } from '../../server/serve.js';
import { addKey, removeKey } from '../../server/store.js';
import { fixtureWebDir, startTestServer, type TestServer } from './server.js';

export const CAMPAIGN = 'temoignages';
export const DAY = '2026-03-04';
// The lowest cost the key file format accepts: test key files only need to open quickly.
const FAST_KDF = { memoryKiB: 8192, iterations: 1, parallelism: 1 };

export interface TestDelegate {
  key: SecretKey;
  id: string;
}

async function withDb<T>(dbPath: string, work: (db: Db) => Promise<T>): Promise<T> {
  const database = await createDb(`file:${dbPath}`);
  try {
    await migrateDb(database.db);
    return await work(database.db);
  } finally {
    await database.close();
  }
}

/** A fresh key, added to the keyring of the database at dbPath (created and migrated if need be). */
export async function registerDelegate(dbPath: string, label: string): Promise<TestDelegate> {
  const key = generateKey();
  await withDb(dbPath, (db) => addKey(db, encodePublicKey(key), label, '2026-01-01'));
  return { key, id: keyId(key) };
}

/** A test server on this clock, with a fresh delegate registered under each label, in order. */
export async function serverWithDelegates(clock: Clock, ...labels: string[]): Promise<[TestServer, ...TestDelegate[]]> {
  const server = await startTestServer({ clock });
  const delegates: TestDelegate[] = [];
  for (const label of labels) delegates.push(await registerDelegate(server.dbPath, label));
  return [server, ...delegates];
}

export async function removeDelegate(dbPath: string, delegate: TestDelegate): Promise<void> {
  await withDb(dbPath, (db) => removeKey(db, delegate.id, '2026-01-02'));
}

/** Writes a key file for this key, openable with the passphrase, and returns its path. */
export async function writeKeyFile(path: string, key: SecretKey, passphrase: string): Promise<string> {
  const file = await createKeyFile(key, passphrase, 'test', FAST_KDF);
  writeFileSync(path, JSON.stringify(file), { mode: 0o600 });
  return path;
}

/** An envelope of the smallest bucket, sealed to these keys. */
export function sealTo(recipients: PublicKey[], text: string): Uint8Array<ArrayBuffer> {
  return sealEnvelope(encodeTestimony({ campaign: CAMPAIGN, locale: 'fr', text }), recipients);
}

/**
 * A second app instance on the database file another test server already serves, as two
 * stateless instances behind one load balancer would be.
 */
export function startServerOn(dbPath: string, clock: Clock): Promise<RunningServer> {
  const config = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${dbPath}`,
    PAROLE_DATA_DIR: dirname(dbPath),
    PAROLE_WEB_DIR: fixtureWebDir(),
    PAROLE_POW_BITS: '0',
    PAROLE_RATE_LIMIT: '0',
  });
  return startServer(config, () => {}, clock);
}

/** A request as it goes on the wire: what was signed can then be changed before sending. */
export interface WireRequest {
  method: string;
  path: string;
  body: Uint8Array;
  authorization?: string;
}

/** Signs a request; a body that is not bytes is sent as JSON. */
export function signed(key: SigningKey, method: string, path: string, body?: unknown, nowMs = Date.now()): WireRequest {
  const bytes = body === undefined ? new Uint8Array(0) : body instanceof Uint8Array ? body : utf8(JSON.stringify(body));
  return { method, path, body: bytes, authorization: signRequest(key, { method, path, body: bytes }, nowMs) };
}

/** `signed` on a test server's clock, so that only what a test changes can make a request fail. */
export function signedOn(nowMs: () => number): (key: SigningKey, method: string, path: string, body?: unknown) => WireRequest {
  return (key, method, path, body) => signed(key, method, path, body, nowMs());
}

export function send(baseUrl: string, request: WireRequest): Promise<Response> {
  const headers: Record<string, string> = {};
  if (request.authorization !== undefined) headers.Authorization = request.authorization;
  if (request.body.length > 0) headers['Content-Type'] = 'application/json';
  return fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers,
    body: request.body.length > 0 ? (request.body as Uint8Array<ArrayBuffer>) : undefined,
  });
}

export interface Answer {
  status: number;
  contentType: string | undefined;
  text: string;
}

/**
 * Sends the headers and the first part of a body, then neither ends nor closes the upload:
 * the promise settles only if the server answers without waiting for the rest.
 */
export function answerToUnfinishedUpload(baseUrl: string, request: WireRequest, headers: Record<string, string>, sentPart: Uint8Array): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const upload = httpRequest(`${baseUrl}${request.path}`, {
      method: request.method,
      headers: { Authorization: request.authorization ?? '', 'Content-Type': 'application/json', ...headers },
    });
    upload.on('error', reject);
    upload.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        upload.destroy();
        resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'], text });
      });
    });
    upload.write(sentPart);
  });
}

/** Runs SQL on the database file from a connection of its own, beside the server's. */
export async function sql(dbPath: string, statement: string, args: (string | number | Uint8Array)[] = []) {
  const client = createClient({ url: `file:${dbPath}` });
  try {
    return (await client.execute({ sql: statement, args })).rows;
  } finally {
    client.close();
  }
}

const COUNTED_TABLES = ['submissions', 'deliveries', 'request_nonces'] as const;
type RowCounts = Record<(typeof COUNTED_TABLES)[number], number>;

/** Row counts of the tables a delegate request can change. */
export async function countRows(dbPath: string): Promise<RowCounts> {
  const [row] = await sql(dbPath, `SELECT ${COUNTED_TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`);
  return Object.fromEntries(COUNTED_TABLES.map((t) => [t, Number(row[t])])) as RowCounts;
}

/**
 * Stores the same envelope under ids first … first + count - 1 in one statement: the quick way
 * to many rows, since the server does not look for duplicate bytes.
 */
export async function plantRows(dbPath: string, envelope: Uint8Array, first: number, count: number, day = DAY): Promise<void> {
  await sql(
    dbPath,
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
     INSERT INTO submissions (id, campaign, envelope, day) SELECT ? + i, ?, ?, ? FROM n`,
    [count, first, CAMPAIGN, envelope, day],
  );
}

/** Folds the WAL into the database file and empties it, so the file alone holds every row. */
export async function checkpoint(dbPath: string): Promise<void> {
  const [row] = await sql(dbPath, 'PRAGMA wal_checkpoint(TRUNCATE)');
  if (Number(row.busy) !== 0) throw new Error('checkpoint blocked by a reader');
}

/** The raw bytes of a file, empty when it does not exist (a WAL after a truncating checkpoint may not). */
export function rawBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    return Buffer.alloc(0);
  }
}
