import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../server/config.js';
import { startServer, type RunningServer } from '../../server/serve.js';
import type { Clock } from '../../server/clock.js';

export interface TestServer extends RunningServer {
  dir: string;
  dbPath: string;
  lines: string[];
}

/** A tiny stand-in for the built web app, so server suites do not depend on a build. */
export function fixtureWebDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parole-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Parole</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'export {};');
  return dir;
}

/** A real HTTP server on a real libSQL file in a fresh temporary folder. */
export async function startTestServer(
  options: { webDir?: string; clock?: Clock; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'parole-test-'));
  const config = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    PAROLE_DATA_DIR: dir,
    PAROLE_WEB_DIR: options.webDir ?? fixtureWebDir(),
    // Trivial proofs and no rate limit, unless a test asks otherwise: test/server/proof.test.ts does.
    PAROLE_POW_BITS: '0',
    PAROLE_RATE_LIMIT: '0',
    ...options.env,
  });
  const lines: string[] = [];
  const server = await startServer(config, (line) => lines.push(line), options.clock);
  return { ...server, dir, dbPath: join(dir, 'parole.db'), lines };
}

export interface ServerProcess {
  url: string;
  /** Everything the process printed so far, stdout and stderr. */
  output(): string;
  /** SIGTERM, then resolves once the process has exited. */
  stop(): Promise<void>;
}

/** `parole serve` as its own process on a free port, as an operator would run it. */
export function spawnServer(dataDir: string, webDir = fixtureWebDir(), env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['bin/parole.js', 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      PAROLE_DATA_DIR: dataDir,
      PAROLE_WEB_DIR: webDir,
      DATABASE_URL: '',
      PAROLE_POW_BITS: '0',
      PAROLE_RATE_LIMIT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (!m) return;
      clearInterval(timer);
      resolve({
        url: m[1],
        output: () => output,
        stop: () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`server exited ${code}: ${output}`));
    });
  });
}
