/**
 * Faults, on `parole serve` processes and their embedded database files: a crash under load,
 * a database that cannot be written, a full one, and two servers sharing one file. Whatever
 * happens, a 201 means the envelope is stored, and a refusal means it is not.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerDelegate, sql } from '../helpers/delegate.js';
import { envelopeFor, fetchKeyring, postEnvelope, proofHeaders } from '../helpers/envelopes.js';
import { fixtureWebDir } from '../helpers/server.js';

const STORAGE_UNAVAILABLE = {
  error: 'storage_unavailable',
  message: 'The server could not store this now. Nothing was stored; try again.',
};
const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;
// The uid of `nobody`: as root, file modes bind nobody, so the read-only case runs the server as it.
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

interface Launched {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then resolves once the process has exited. */
  stop(): Promise<void>;
}

interface LaunchOptions {
  uid?: number;
  /** RLIMIT_FSIZE in KiB (`ulimit -f`): no file the server writes may grow past it, as on a full disk. */
  fileSizeLimitKiB?: number;
}

/** `parole serve` on this data folder, as its own process. */
function launch(dataDir: string, options: LaunchOptions = {}): Promise<Launched> {
  const serve = [process.execPath, 'bin/parole.js', 'serve'];
  const [command, args] =
    options.fileSizeLimitKiB === undefined
      ? [serve[0], serve.slice(1)]
      : ['/bin/sh', ['-c', `ulimit -f ${options.fileSizeLimitKiB} && exec "$@"`, 'sh', ...serve]];
  const webDir = fixtureWebDir();
  chmodSync(webDir, 0o755);
  const child = spawn(command, args, {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PAROLE_DATA_DIR: dataDir, PAROLE_WEB_DIR: webDir, DATABASE_URL: '', PAROLE_BENCH: '', PAROLE_POW_BITS: '0', PAROLE_RATE_LIMIT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    uid: options.uid,
    gid: options.uid,
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const onData = () => {
      const m = LISTENING.exec(output);
      if (!m) return;
      child.stderr!.off('data', onData);
      child.off('exit', onExit);
      resolve({
        url: m[1],
        child,
        output: () => output,
        stop: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    };
    const onExit = (code: number | null) => reject(new Error(`server exited ${code}: ${output}`));
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
}

const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Every stored envelope's digest, each as many times as it is stored. */
async function storedDigests(dbPath: string): Promise<string[]> {
  return (await sql(dbPath, 'SELECT envelope FROM submissions')).map((r) => digest(new Uint8Array(r.envelope as ArrayBuffer)));
}

/**
 * Envelopes that differ from one another without sealing each one: the server checks the
 * header and the size, so a counter in the last bytes makes each stored row its own.
 */
function envelopeSource(template: Uint8Array<ArrayBuffer>): () => Uint8Array<ArrayBuffer> {
  let counter = 0;
  return () => {
    const envelope = template.slice();
    new DataView(envelope.buffer).setUint32(envelope.length - 4, ++counter);
    return envelope;
  };
}

/** A fresh data folder whose database already holds a delegate key, so no demo key is made. */
async function dataFolder(): Promise<{ dataDir: string; dbPath: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parole-faults-'));
  const dbPath = join(dataDir, 'parole.db');
  await registerDelegate(dbPath, 'test');
  return { dataDir, dbPath };
}

async function answer(res: Response): Promise<{ status: number; body: unknown }> {
  return { status: res.status, body: await res.json() };
}

describe('a crash under load', () => {
  it('keeps every submission it acknowledged when killed with SIGKILL mid-stream', async () => {
    const { dataDir, dbPath } = await dataFolder();
    const server = await launch(dataDir);
    const next = envelopeSource(envelopeFor(await fetchKeyring(server.url), 'sous charge'));
    const acknowledged: string[] = [];
    let cutOff = 0;
    // Killed once the load is well under way, and posted to a little longer, so that requests are in flight.
    let killedAt = Infinity;
    const kill = () => {
      if (killedAt !== Infinity) return;
      server.child.kill('SIGKILL');
      killedAt = performance.now();
    };
    const safety = setTimeout(kill, 10_000);
    const poster = async () => {
      while (performance.now() < killedAt + 300) {
        const envelope = next();
        try {
          const res = await postEnvelope(server.url, envelope);
          await res.arrayBuffer();
          if (res.status === 201) acknowledged.push(digest(envelope));
          if (acknowledged.length >= 300) kill();
        } catch {
          cutOff++;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    };
    await Promise.all(Array.from({ length: 100 }, poster));
    clearTimeout(safety);
    await server.stop();
    expect(server.child.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    expect(cutOff).toBeGreaterThan(0);

    const restarted = await launch(dataDir);
    try {
      const stored = new Set(await storedDigests(dbPath));
      expect(acknowledged.filter((d) => !stored.has(d))).toEqual([]);
      expect((await postEnvelope(restarted.url, next())).status).toBe(201);
    } finally {
      await restarted.stop();
    }
  });
});

describe('a database that cannot be written', () => {
  it('answers 503 to submissions and changes nothing, while pages and campaigns are still served', async () => {
    const { dataDir, dbPath } = await dataFolder();
    const first = await launch(dataDir);
    const keyring = await fetchKeyring(first.url);
    expect((await postEnvelope(first.url, envelopeFor(keyring, 'avant'))).status).toBe(201);
    await first.stop();
    // A WAL database is readable without write access only when its -wal and -shm files exist.
    for (const suffix of ['-wal', '-shm']) writeFileSync(dbPath + suffix, '', { flag: 'a' });
    const files = readdirSync(dataDir).map((name) => join(dataDir, name));
    for (const file of files) chmodSync(file, 0o444);
    chmodSync(dataDir, 0o555);
    const snapshot = () => files.map((file) => `${file} ${statSync(file).size} ${digest(readFileSync(file))}`);
    const before = snapshot();
    try {
      const server = await launch(dataDir, { uid: asRoot ? NOBODY : undefined });
      try {
        expect(server.output()).toContain('the storage reshuffle failed');
        expect((await fetch(`${server.url}/api/campaigns/temoignages`)).status).toBe(200);
        const refused = await Promise.all(
          Array.from({ length: 5 }, (_, i) => postEnvelope(server.url, envelopeFor(keyring, `refusé ${i}`)).then(answer)),
        );
        expect(refused).toEqual(Array(5).fill({ status: 503, body: STORAGE_UNAVAILABLE }));
        const followup = await fetch(`${server.url}/api/campaigns/temoignages/followups`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/octet-stream', ...(await proofHeaders(server.url)) },
          body: envelopeFor(keyring, 'suivi'),
        });
        expect(await answer(followup)).toEqual({ status: 503, body: STORAGE_UNAVAILABLE });
        expect((await fetch(`${server.url}/c/temoignages`)).status).toBe(200);
        expect((await fetch(`${server.url}/api/transparency`)).status).toBe(200);
      } finally {
        await server.stop();
      }
      expect(snapshot()).toEqual(before);
    } finally {
      chmodSync(dataDir, 0o700);
      for (const file of files) chmodSync(file, 0o600);
    }
    expect(await storedDigests(dbPath)).toHaveLength(1);
  });
});

describe('a full database', () => {
  it('answers 503 when it cannot grow, and keeps exactly what it acknowledged', async () => {
    const { dataDir, dbPath } = await dataFolder();
    // A first start does its one-time writes (the default campaign) with room to spare.
    await (await launch(dataDir)).stop();
    // Room for the start-up rewrite and a few commits in the WAL, then no more: writes past the
    // limit fail as they would on a full disk. Portable where a small tmpfs needs root.
    const limitKiB = Math.ceil(statSync(dbPath).size / 1024) + 128;
    const server = await launch(dataDir, { fileSizeLimitKiB: limitKiB });
    const next = envelopeSource(envelopeFor(await fetchKeyring(server.url), 'plein'));
    const outcomes: { digest: string; status: number; body: unknown }[] = [];
    try {
      for (let i = 0; i < 40; i++) {
        const envelope = next();
        outcomes.push({ digest: digest(envelope), ...(await postEnvelope(server.url, envelope).then(answer)) });
      }
      expect((await fetch(`${server.url}/api/campaigns/temoignages`)).status).toBe(200);
    } finally {
      await server.stop();
    }
    // A checkpoint may free room in the WAL after a refusal, so a later submission may fit again.
    const acknowledged = outcomes.filter((o) => o.status === 201);
    const refused = outcomes.filter((o) => o.status !== 201);
    expect(outcomes[0].status).toBe(201);
    expect(refused.length).toBeGreaterThan(0);
    for (const outcome of refused) expect(outcome).toMatchObject({ status: 503, body: STORAGE_UNAVAILABLE });
    const stored = await storedDigests(dbPath);
    expect(stored.sort()).toEqual(acknowledged.map((o) => o.digest).sort());
  });
});

describe('two servers on one database file', () => {
  it('stores every submission sent to either, each once', async () => {
    const { dataDir, dbPath } = await dataFolder();
    const [a, b] = await Promise.all([launch(dataDir), launch(dataDir)]);
    try {
      const keyring = await fetchKeyring(a.url);
      expect(await fetchKeyring(b.url)).toEqual(keyring);
      const next = envelopeSource(envelopeFor(keyring, 'deux serveurs'));
      const sent = Array.from({ length: 200 }, next);
      const statuses = await Promise.all(sent.map((envelope, i) => postEnvelope(i % 2 ? a.url : b.url, envelope).then((r) => r.status)));
      expect(statuses).toEqual(Array(200).fill(201));
      const stored = await storedDigests(dbPath);
      expect(stored.sort()).toEqual(sent.map(digest).sort());
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});

describe('instances started together on a fresh database', () => {
  it('all start, and make one demo key: those that lose the race to migrate find the migrations applied', async () => {
    for (let round = 0; round < 3; round++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'parole-race-'));
      const started = await Promise.allSettled(Array.from({ length: 6 }, () => launch(dataDir)));
      await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
      const failures = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason).split('\n')[0]] : []));
      expect(failures).toEqual([]);
      expect(await sql(join(dataDir, 'parole.db'), 'SELECT count(*) AS n FROM campaigns')).toEqual([expect.objectContaining({ n: 1 })]);
      // One demo key, whose file is the one on disk.
      const keys = await sql(join(dataDir, 'parole.db'), 'SELECT public_key FROM keyring');
      const demo = JSON.parse(readFileSync(join(dataDir, 'demo-delegate.key.json'), 'utf8'));
      expect(keys.map((k) => k.public_key)).toEqual([demo.publicKey]);
    }
  });
});

