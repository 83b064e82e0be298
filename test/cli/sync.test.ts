/**
 * `parole pull` and `parole purge` as a delegate runs them: `node bin/parole.js` in a child
 * process, against a real server on a real libSQL file. The last suite pulls 100,000 envelopes
 * from a `parole serve` process of its own and measures both processes' memory.
 */
import { createReadStream, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleHeaderLine, bundleLine, generateKey, parseBundleLine, type BundleEntry } from '../../crypto/index.js';
import {
  CAMPAIGN,
  checkpoint,
  countRows,
  DAY,
  plantRows,
  registerDelegate,
  removeDelegate,
  sealTo,
  sql,
  writeKeyFile,
  type TestDelegate,
} from '../helpers/delegate.js';
import { MAX_IDS_PER_REQUEST } from '../../server/delegate-protocol.js';
import { launchCli, OFFLINE, suiteFolder, type Launched, type Run } from '../helpers/cli.js';
import { peakRss, watchPeak } from '../helpers/memory.js';
import { fixtureWebDir, startTestServer, type TestServer } from '../helpers/server.js';

const PASSPHRASE = 'Grève générale, été 1995';
const LISTENING = /^parole listening on (http:\/\/127\.0\.0\.1:\d+)$/m;
const KEPT_NOTE = 'kept (not pulled by this key, already deleted, or different from this bundle)';

const { root, dir } = suiteFolder('parole-sync-');

function launch(args: string[], env: Record<string, string> = {}): Launched {
  return launchCli(root, args, env);
}

const parole = (args: string[], env: Record<string, string> = {}) => launch(args, { PAROLE_PASSPHRASE: PASSPHRASE, ...env }).done;
const pull = (server: string, key: string, out: string, env: Record<string, string> = {}) =>
  parole(['pull', '--server', server, '--key', key, '--out', out], env);
const purge = (server: string, key: string, bundle: string, env: Record<string, string> = {}) =>
  parole(['purge', '--server', server, '--key', key, '--in', bundle], env);

/** A success: the one-line summary on stderr, nothing on stdout, exit code 0. */
function expectSummary(run: Run, summary: string): void {
  expect(run).toEqual({ code: 0, stdout: '', stderr: `${summary}\n` });
}

/** The CLI's promise for every failure: one `parole: ` line on stderr, exit code 1, no stack. */
function expectFailure(run: Run, message: string): void {
  expect(run).toEqual({ code: 1, stdout: '', stderr: `parole: ${message}\n` });
}

function readBundle(path: string): BundleEntry[] {
  const [header, ...lines] = readFileSync(path, 'utf8').split('\n');
  expect(`${header}\n`).toBe(bundleHeaderLine());
  expect(lines.pop()).toBe('');
  return lines.map(parseBundleLine);
}

/** A real HTTP server that answers every request with `respond`: a broken or hostile Parole server. */
async function fakeServer(respond: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer(respond);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('pull and purge', () => {
  let server: TestServer;
  let alice: TestDelegate;
  let bob: TestDelegate;
  const keyFiles: Record<string, string> = {};
  const sealed = new Map<number, Uint8Array>();

  async function plant(id: number, recipients: TestDelegate[]): Promise<void> {
    const envelope = sealTo(recipients.map((r) => r.key), `témoignage ${id}`);
    sealed.set(id, envelope);
    await plantRows(server.dbPath, envelope, id, 1);
  }
  const storedIds = async () => (await sql(server.dbPath, 'SELECT id FROM submissions ORDER BY id')).map((row) => Number(row.id));

  beforeAll(async () => {
    server = await startTestServer();
    alice = await registerDelegate(server.dbPath, 'Alice');
    bob = await registerDelegate(server.dbPath, 'Bob');
    const removed = await registerDelegate(server.dbPath, 'Retirée');
    await removeDelegate(server.dbPath, removed);
    const keys = dir('keys');
    for (const [name, key] of [['alice', alice.key], ['bob', bob.key], ['removed', removed.key], ['stranger', generateKey()]] as const) {
      keyFiles[name] = await writeKeyFile(join(keys, `${name}.key.json`), key, PASSPHRASE);
    }
    await plant(1, [alice]);
    await plant(2, [alice, bob]);
    await plant(3, [bob]);
  });
  afterAll(() => server.close());

  it('writes a bundle readable by its owner only, with the envelopes for this key, and confirms them', async () => {
    const folder = dir('alice-first');
    const out = join(folder, 'bundle.ndjson');
    expectSummary(await pull(server.url, keyFiles.alice, out), `pulled 2 envelopes into ${out}; confirmed 2`);
    expect(readdirSync(folder)).toEqual(['bundle.ndjson']);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readBundle(out)).toEqual([1, 2].map((id) => ({ id, campaign: CAMPAIGN, day: DAY, envelope: sealed.get(id) })));
    expect((await countRows(server.dbPath)).deliveries).toBe(2);
  });

  it('copies the lines it checked, writes any other spelling as its own, and confirms exactly the ids written, in batches', async () => {
    const envelope = sealTo([alice.key], 'lot');
    const entries = Array.from({ length: 2 * MAX_IDS_PER_REQUEST + 1 }, (_, i) => ({ id: 1000 + 7 * i, campaign: CAMPAIGN, day: DAY, envelope }));
    // Another server may space its JSON; every hundredth line here is spelled so.
    const served = entries.map((entry, i) => (i % 100 === 0 ? bundleLine(entry).replaceAll('":', '": ') : bundleLine(entry)));
    const batches: number[][] = [];
    const batching = await fakeServer((req, res) => {
      if (req.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
        res.end(bundleHeaderLine() + served.join(''));
        return;
      }
      let body = '';
      req.setEncoding('utf8').on('data', (part: string) => (body += part));
      req.on('end', () => {
        const { ids } = JSON.parse(body) as { ids: number[] };
        batches.push(ids);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ confirmed: ids.length }));
      });
    });
    try {
      const out = join(dir('batches'), 'bundle.ndjson');
      expectSummary(await pull(batching.url, keyFiles.alice, out), `pulled ${entries.length} envelopes into ${out}; confirmed ${entries.length}`);
      expect(readFileSync(out, 'utf8')).toBe(bundleHeaderLine() + entries.map(bundleLine).join(''));
      expect(batches.map((ids) => ids.length)).toEqual([MAX_IDS_PER_REQUEST, MAX_IDS_PER_REQUEST, 1]);
      expect(batches.flat()).toEqual(entries.map((entry) => entry.id));
    } finally {
      batching.server.close();
    }
  });

  it('writes no file when nothing is new for this key', async () => {
    const folder = dir('alice-again');
    expectSummary(await pull(server.url, keyFiles.alice, join(folder, 'bundle.ndjson')), 'no new envelopes for this key; no file written');
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refuses to overwrite an existing file, leaves it unchanged and confirms nothing', async () => {
    await plant(4, [alice]);
    const out = join(dir('existing'), 'bundle.ndjson');
    writeFileSync(out, 'à garder\n');
    const before = await countRows(server.dbPath);
    expectFailure(await pull(server.url, keyFiles.bob, out), `${out} already exists: choose another name or move it away`);
    expect(readFileSync(out, 'utf8')).toBe('à garder\n');
    expect(await countRows(server.dbPath)).toEqual(before);
  });

  it('purges, for each key, only what it pulled and still matches the bundle', async () => {
    const bobsBundle = join(dir('bob'), 'bundle.ndjson');
    expectSummary(await pull(server.url, keyFiles.bob, bobsBundle), `pulled 2 envelopes into ${bobsBundle}; confirmed 2`);
    const alicesBundle = join(root, 'alice-first', 'bundle.ndjson');

    // Alice holds 2 but never pulled 3.
    expectSummary(await purge(server.url, keyFiles.alice, bobsBundle), `deleted 1 envelope from the server; 1 ${KEPT_NOTE}`);
    expect(await storedIds()).toEqual([1, 3, 4]);
    expectSummary(await purge(server.url, keyFiles.alice, alicesBundle), `deleted 1 envelope from the server; 1 ${KEPT_NOTE}`);
    expectSummary(await purge(server.url, keyFiles.bob, bobsBundle), `deleted 1 envelope from the server; 1 ${KEPT_NOTE}`);
    expect(await storedIds()).toEqual([4]);
    expect(await sql(server.dbPath, 'SELECT key_id FROM deliveries')).toEqual([]);
  });

  it('keeps an envelope whose bytes in the bundle differ from the server’s', async () => {
    const folder = dir('alice-changed');
    const out = join(folder, 'bundle.ndjson');
    expectSummary(await pull(server.url, keyFiles.alice, out), `pulled 1 envelope into ${out}; confirmed 1`);
    const [entry] = readBundle(out);
    const changed = entry.envelope.slice();
    changed[changed.length - 1] ^= 1;
    const changedBundle = join(folder, 'changed.ndjson');
    writeFileSync(changedBundle, bundleHeaderLine() + bundleLine({ ...entry, envelope: changed }));
    expectSummary(await purge(server.url, keyFiles.alice, changedBundle), `deleted 0 envelopes from the server; 1 ${KEPT_NOTE}`);
    expect(await storedIds()).toEqual([4]);
    expectSummary(await purge(server.url, keyFiles.alice, out), 'deleted 1 envelope from the server');
    expect(await storedIds()).toEqual([]);
  });

  describe('errors: one line, exit code 1, no partial file', () => {
    let unreachable: string;
    let interrupting: { url: string; server: Server };
    let misdirecting: { url: string; server: Server };
    let unconfirming: { url: string; server: Server };

    beforeAll(async () => {
      await plant(5, [alice, bob]);
      // A port that was just free: nothing listens there.
      const quiet = createServer();
      await new Promise<void>((resolve) => quiet.listen(0, '127.0.0.1', resolve));
      unreachable = `http://127.0.0.1:${(quiet.address() as AddressInfo).port}`;
      await new Promise<void>((resolve) => quiet.close(() => resolve()));
      const line = bundleLine({ id: 5, campaign: CAMPAIGN, day: DAY, envelope: sealed.get(5)! });
      interrupting = await fakeServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
        res.write(bundleHeaderLine() + line + line.slice(0, 100), () => res.socket?.destroy());
      });
      const forBobOnly = bundleLine({ id: 6, campaign: CAMPAIGN, day: DAY, envelope: sealTo([bob.key], 'pas pour Alice') });
      misdirecting = await fakeServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
        res.end(bundleHeaderLine() + line + forBobOnly);
      });
      unconfirming = await fakeServer((req, res) => {
        if (req.method === 'GET') {
          res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
          res.end(bundleHeaderLine() + line);
          return;
        }
        res.writeHead(503, { 'Content-Type': 'text/html' });
        res.end('<h1>Service Unavailable</h1>');
      });
    });
    afterAll(() => {
      for (const fake of [interrupting, misdirecting, unconfirming]) fake.server.close();
    });

    type Failure = () => { server: string; key: string; env?: Record<string, string>; message: string };
    const refusals: [string, Failure][] = [
      ['an unreachable server', () => ({ server: unreachable, key: keyFiles.alice, message: `server: cannot reach ${unreachable}` })],
      ['a key not in the keyring', () => ({ server: server.url, key: keyFiles.stranger, message: 'server: This key is not in the keyring of this server.' })],
      ['a removed key', () => ({ server: server.url, key: keyFiles.removed, message: 'server: This key was removed from the keyring.' })],
      ['a wrong passphrase', () => ({ server: server.url, key: keyFiles.alice, env: { PAROLE_PASSPHRASE: 'grève' }, message: 'wrong passphrase for this key file' })],
      [
        'plain http:// to another machine, refused before any connection',
        () => ({
          server: 'http://parole.example.org',
          key: keyFiles.alice,
          // Any attempt to connect would add a line to stderr.
          env: OFFLINE,
          message: 'server: the server address must start with https:// (http:// only for this machine or a .onion)',
        }),
      ],
      ['a server address with a path', () => ({ server: `${server.url}/parole`, key: keyFiles.alice, message: 'server: give the server address alone, such as https://parole.example.org' })],
    ];
    const brokenDownloads: [string, Failure][] = [
      ['a download cut short', () => ({ server: interrupting.url, key: keyFiles.alice, message: 'server: the download was interrupted' })],
      [
        'a server that sends an envelope for another key',
        () => ({ server: misdirecting.url, key: keyFiles.alice, message: 'server: the server sent an envelope that is not sealed to this key' }),
      ],
    ];

    it.concurrent.each([...refusals, ...brokenDownloads])('pull with %s', async (name, failure) => {
      const { server: address, key, env, message } = failure();
      const folder = dir(`pull-failure-${name.replace(/\W+/g, '-')}`);
      const before = await countRows(server.dbPath);
      expectFailure(await pull(address, key, join(folder, 'bundle.ndjson'), env), message);
      expect(readdirSync(folder)).toEqual([]);
      expect(await countRows(server.dbPath)).toMatchObject({ submissions: before.submissions, deliveries: before.deliveries });
    });

    it('keeps a bundle it could not confirm, and says the next pull brings it again', async () => {
      const folder = dir('pull-unconfirmed');
      const out = join(folder, 'bundle.ndjson');
      const run = await pull(unconfirming.url, keyFiles.alice, out);
      expectFailure(run, `pulled 1 envelope into ${out}, but could not confirm them (server: the server answered 503); the next pull will bring them again`);
      expect(readdirSync(folder)).toEqual(['bundle.ndjson']);
      expect(readBundle(out)).toEqual([{ id: 5, campaign: CAMPAIGN, day: DAY, envelope: sealed.get(5) }]);
    });

    it.concurrent.each(refusals)('purge with %s', async (name, failure) => {
      const { server: address, key, env, message } = failure();
      const bundle = join(dir(`purge-failure-${name.replace(/\W+/g, '-')}`), 'bundle.ndjson');
      writeFileSync(bundle, bundleHeaderLine() + bundleLine({ id: 5, campaign: CAMPAIGN, day: DAY, envelope: sealed.get(5)! }));
      const before = await countRows(server.dbPath);
      expectFailure(await purge(address, key, bundle, env), message);
      expect(await countRows(server.dbPath)).toMatchObject({ submissions: before.submissions, deliveries: before.deliveries });
    });
  });
});

describe('pull of 100,000 envelopes in bounded memory', () => {
  // Buffering the whole answer would cost more than 100,000 lines of about 1.5 KB: 150 MB.
  const MARGIN_BYTES = 48 * 1024 * 1024;
  const MiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

  async function countLines(path: string): Promise<number> {
    let lines = 0;
    for await (const chunk of createReadStream(path)) {
      for (const byte of chunk as Buffer) if (byte === 0x0a) lines++;
    }
    return lines;
  }

  interface Measure {
    count: number;
    clientPeak: number;
    serverPeakBefore: number;
    serverPeak: number;
    pullSeconds: number;
  }

  async function measuredPull(count: number): Promise<Measure> {
    const dataDir = dir(`memory-${count}`);
    const dbPath = join(dataDir, 'parole.db');
    const delegate = await registerDelegate(dbPath, 'Mesure');
    const keyFile = await writeKeyFile(join(dataDir, 'delegate.key.json'), delegate.key, PASSPHRASE);
    const serving = launch(['serve'], { PORT: '0', HOST: '127.0.0.1', PAROLE_DATA_DIR: dataDir, PAROLE_WEB_DIR: fixtureWebDir() });
    try {
      const [, url] = await serving.stderrMatches(LISTENING);
      // Planted once the server runs, so that its start-up work on the file is not in its peak.
      await plantRows(dbPath, sealTo([delegate.key], 'mesure de mémoire'), 1, count);
      await checkpoint(dbPath);
      const serverPeakBefore = peakRss(serving.child.pid!);
      const out = join(dataDir, 'bundle.ndjson');
      const started = performance.now();
      const pulling = launch(['pull', '--server', url, '--key', keyFile, '--out', out], { PAROLE_PASSPHRASE: PASSPHRASE });
      const clientPeak = await watchPeak(pulling.child);
      const run = await pulling.done;
      const pullSeconds = (performance.now() - started) / 1000;
      expectSummary(run, `pulled ${count} envelopes into ${out}; confirmed ${count}`);
      const serverPeak = peakRss(serving.child.pid!);
      expect(await countLines(out)).toBe(count + 1);
      expect((await countRows(dbPath)).deliveries).toBe(count);
      return { count, clientPeak, serverPeakBefore, serverPeak, pullSeconds };
    } finally {
      serving.child.kill('SIGTERM');
      await serving.done;
      rmSync(dataDir, { recursive: true, force: true });
    }
  }

  it('streams to the file, and neither process grows with the count', async () => {
    const small = await measuredPull(10_000);
    const large = await measuredPull(100_000);
    for (const m of [small, large]) {
      console.log(
        `pull of ${m.count} envelopes: ${m.pullSeconds.toFixed(1)} s; peak RSS of the pull ${MiB(m.clientPeak)}, ` +
          `of the server ${MiB(m.serverPeak)} (${MiB(m.serverPeakBefore)} before the pull)`,
      );
    }
    expect(large.clientPeak - small.clientPeak).toBeLessThan(MARGIN_BYTES);
    expect(large.serverPeak - small.serverPeak).toBeLessThan(MARGIN_BYTES);
  }, 180_000);
});
