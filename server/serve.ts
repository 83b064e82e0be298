import { getRequestListener, RequestError } from '@hono/node-server';
import { createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createKeyFile } from '../crypto/keyfile.js';
import { encodePublicKey, generateKey } from '../crypto/keys.js';
import { abuseOf, createApp } from './app.js';
import { systemClock, utcDay, type Clock } from './clock.js';
import type { Config } from './config.js';
import { adoptPageSize, openMigratedDb, type Db } from './db/client.js';
import { forgetExpiredNonces } from './delegates.js';
import { PrivacyLog, SECURITY_HEADERS, type LogSink } from './privacy.js';
import { reshuffleStorage } from './db/scrub.js';
import { forgetExpiredChallenges } from './proof.js';
import { parseOnlyRoutes } from './routes/campaigns.js';
import { purgeExpired } from './retention.js';
import { activeKeyring, addKeyToEmptyKeyring, ensureDefaultCampaign, forgetKey, keyringEverUsed } from './store.js';
import { UserError } from './user-error.js';
import { loadWebAssets } from './web-assets.js';

export const DEMO_PASSPHRASE = 'demo';
export const DEMO_KEY_FILE = 'demo-delegate.key.json';
const REQUEST_TIMEOUT_MS = 60_000;
const HEADERS_TIMEOUT_MS = 20_000;
const DAY_CHECK_MS = 60_000;
const NONCE_SWEEP_MS = 60_000;

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export class StartError extends UserError {}

/**
 * Opens and migrates the database, then serves Parole. Resolves once it listens.
 * Throws StartError with a plain message when the web app is not built.
 */
export async function startServer(config: Config, sink: LogSink, clock: Clock = systemClock): Promise<RunningServer> {
  let web;
  try {
    web = loadWebAssets(config.webDir);
  } catch {
    throw new StartError('the web app is not built: run `npm run build` first');
  }
  let database;
  try {
    database = await openMigratedDb(config.databaseUrl, config.databaseAuthToken);
  } catch (err) {
    throw new StartError((err as Error).message);
  }
  try {
    await ensureDefaultCampaign(database.db);
  } catch {
    await database.close();
    throw new StartError('cannot write the first campaign: is the database read-only or full?');
  }
  const log = new PrivacyLog(sink, clock);
  // On every database, remote ones too: retention is a promise to the people who wrote.
  const purgeOld = () =>
    purgeExpired(database.db, utcDay(clock()), config.retentionDays).then(
      () => {},
      () => log.info('the retention purge failed; it runs again tomorrow and at start-up'),
    );
  // Before the reshuffle, which then leaves no trace of the deleted rows in the WAL either.
  await purgeOld();
  // A database that cannot be written (read-only, full) is still served: pages and campaigns
  // load, and submissions get a plain 503 until the operator frees it.
  if (database.embedded) {
    await adoptPageSize(database.client).catch(() =>
      log.info('the database keeps its former page size for now (another instance has it open, or it is read-only or full); this is tried again at each start'),
    );
    await reshuffleStorage(database.client).catch(() =>
      log.info('the storage reshuffle failed (is the database read-only or full?); it runs again tomorrow and at start-up'),
    );
  }
  const base = { db: database.db, clock, log, web, powBits: config.powBits, rateLimit: config.rateLimit };
  const deps = { ...base, abuse: abuseOf(base) };
  // The challenge MAC key is made at first start (schema.ts, serverSecrets), so that no request
  // ever writes it; a database that cannot be written yet gets it on the first challenge asked.
  await deps.abuse.macKey().catch(() => log.info('cannot make the challenge key yet (is the database read-only or full?)'));
  const app = createApp(deps);
  // Bench only (see parseOnlyRoutes): no setting for operators, so neither in Config nor in the README.
  if (process.env.PAROLE_BENCH === '1') app.route('/api/bench/campaigns', parseOnlyRoutes(deps, deps.abuse));
  const server = createServer(
    // A slow or stalled upload may not hold a connection for long; a phone on Tor needs well under this.
    { requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: HEADERS_TIMEOUT_MS },
    getRequestListener(app.fetch, { hostname: config.host, errorHandler: unreadableRequest }),
  );
  server.on('clientError', refuseUnparsable);
  server.listen(config.port, config.host);
  const stopListening = () => new Promise<void>((resolve) => server.close(() => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (err) {
    await database.close();
    const code = (err as NodeJS.ErrnoException).code;
    throw new StartError(`cannot listen on ${config.host}:${config.port}${code === 'EADDRINUSE' ? ' (the port is in use)' : ''}`);
  }
  try {
    if (config.embeddedDefault) await ensureDemoKey(database.db, config.dataDir, log, clock);
  } catch {
    await stopListening();
    await database.close();
    throw new StartError(`cannot write the demo key file in ${config.dataDir}`);
  }
  if ((await activeKeyring(database.db)).length === 0) {
    log.info('NO DELEGATE KEY: the page cannot accept testimonies until one is added (npx parole keyring add FILE)');
  }
  const newDay = async () => {
    if (!log.rollDay()) return;
    await purgeOld();
    if (!database.embedded) return;
    try {
      await reshuffleStorage(database.client);
    } catch {
      log.info('the daily storage reshuffle failed; it runs again at start-up and tomorrow');
    }
  };
  const daily = setInterval(() => void newDay(), DAY_CHECK_MS).unref();
  // A nonce's expiry dates a delegate's request to the second: sweep expired ones even when no
  // later request comes to prune them. A sweep that fails (a busy database) is retried next time.
  // Spent challenges too: past their expiry they are refused as expired, and a row need not outlive that.
  const sweepNonces = () => {
    const nowSeconds = Math.floor(clock().getTime() / 1000);
    return Promise.all([
      forgetExpiredNonces(database.db, nowSeconds).catch(() => {}),
      forgetExpiredChallenges(database.db, nowSeconds).catch(() => {}),
    ]);
  };
  const nonceSweep = setInterval(() => void sweepNonces(), NONCE_SWEEP_MS).unref();
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info(`parole listening on ${url}`);
  log.info(config.embeddedDefault ? `database: embedded file under ${config.dataDir}` : 'database: DATABASE_URL');

  return {
    url,
    close: async () => {
      clearInterval(daily);
      clearInterval(nonceSweep);
      await stopListening();
      await database.close();
    },
  };
}

/**
 * On the embedded default database only, and only on a keyring that has never held a key:
 * a demo key, so a first `npm start` can be tried end to end. Its file sits next to the
 * database, so it must never receive real testimonies; once any key has been added or
 * removed, it never comes back by itself.
 */
async function ensureDemoKey(db: Db, dataDir: string, log: PrivacyLog, clock: Clock): Promise<void> {
  if (await keyringEverUsed(db)) return;
  const path = join(dataDir, DEMO_KEY_FILE);
  const key = generateKey();
  // Of instances started together on a fresh database, the one whose key lands makes the demo.
  const entry = await addKeyToEmptyKeyring(db, encodePublicKey(key), 'DEMO', utcDay(clock()));
  if (!entry) return;
  try {
    writeFileSync(path, JSON.stringify(await createKeyFile(key, DEMO_PASSPHRASE, 'DEMO'), null, 2) + '\n', { mode: 0o600 });
  } catch (err) {
    await forgetKey(db, entry.id);
    throw err;
  }
  const bar = '!'.repeat(72);
  for (const line of [
    bar,
    'DEMO KEY, FOR TRYING ONLY. No delegate key was registered, so Parole made one:',
    `  ${path}  (passphrase: ${DEMO_PASSPHRASE})`,
    `  fingerprint ${entry.fingerprint}`,
    'Its secret sits next to the database: anything sent to it is readable by the server.',
    `Before real use: npx parole keyring remove ${entry.id}, then add your delegates' keys.`,
    bar,
  ]) log.info(line);
}

// The one refusal for a request Parole cannot read, with the headers every answer carries.
const UNREADABLE = JSON.stringify({ error: 'bad_request', message: 'This request could not be read.' });
const unreadableHeaders = () => ({ ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });

/**
 * A request the adapter cannot turn into a Request (a path with a backslash, a byte that is not a
 * URL character) never reaches the app: it gets the same short JSON refusal as any other bad
 * input, rather than an empty 400. Anything else the app let escape is a 500 in its own words.
 */
function unreadableRequest(err: unknown): Response {
  if (err instanceof RequestError) return new Response(UNREADABLE, { status: 400, headers: unreadableHeaders() });
  const failed = JSON.stringify({ error: 'server_error', message: 'The server could not do this. Nothing was stored.' });
  return new Response(failed, { status: 500, headers: unreadableHeaders() });
}

/**
 * What Node's parser refuses before any listener runs (a request line it cannot parse, headers
 * too large, a request too slow): the same JSON refusal instead of Node's bare answer, then the
 * connection is closed, as Node would.
 */
function refuseUnparsable(err: NodeJS.ErrnoException, connection: Duplex): void {
  if (err.code === 'ECONNRESET' || !connection.writable) {
    connection.destroy();
    return;
  }
  const [status, reason, body] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', JSON.stringify({ error: 'request_timeout', message: 'The request took too long to arrive. Nothing was stored.' })]
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', JSON.stringify({ error: 'headers_too_large', message: 'The request headers are too large.' })]
        : [400, 'Bad Request', UNREADABLE];
  const headers = Object.entries({ ...unreadableHeaders(), 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  // An answer to HEAD carries no body, even when the request line was unreadable.
  const head = (err as { rawPacket?: Buffer }).rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
  connection.end(`HTTP/1.1 ${status} ${reason}\r\n${headers}\r\n${head ? '' : body}`);
}
