/**
 * The CLI as a delegate or operator runs it: `node bin/parole.js …` in a child process, in a
 * temporary folder of the suite's own, with a clean environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/parole.js', import.meta.url));
// Blocks every network call in the CLI process and reports any attempt (see the file).
const NO_NETWORK = fileURLToPath(new URL('../cli/no-network.cjs', import.meta.url));

/** The environment of a run whose every attempt to reach the network fails and is reported. */
export const OFFLINE = { NODE_OPTIONS: `--require "${NO_NETWORK}"` };
/** What such a run writes on stderr once it has tried. */
export const NETWORK_ATTEMPTED = 'NETWORK ATTEMPTED:';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Launched {
  child: ChildProcess;
  done: Promise<Run>;
  /** Resolves with the match once stderr matches; rejects if the process ends first. */
  stderrMatches(pattern: RegExp): Promise<RegExpExecArray>;
}

export interface LaunchOptions {
  /** Written to stdin, which is then closed; without it stdin is no terminal and holds nothing. */
  input?: string | Uint8Array;
  /** A shell script to run the CLI through, where `"$@"` stands for `node bin/parole.js ARGS`. */
  shell?: string;
  /** Kills the run after this long; without it a run takes as long as it needs. */
  timeoutMs?: number;
}

/** A fresh temporary folder for one suite, and `dir(name)`, which makes a folder in it. */
export function suiteFolder(prefix: string): { root: string; dir: (name: string) => string } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const dir = (name: string): string => {
    const path = join(root, name);
    mkdirSync(path, { recursive: true });
    return path;
  };
  return { root, dir };
}

/** Whatever the caller's shell holds must not leak into a run: each test sets what it needs. */
function cleanEnv(root: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    'PAROLE_PASSPHRASE',
    'DATABASE_URL',
    'DATABASE_AUTH_TOKEN',
    'PAROLE_DATA_DIR',
    'PAROLE_WEB_DIR',
    'PAROLE_DEBUG',
    'PORT',
    'HOST',
    'NODE_OPTIONS',
  ]) {
    delete env[name];
  }
  // Never the project's own data/ folder, whatever the command.
  env.PAROLE_DATA_DIR = join(root, 'default-data');
  return env;
}

/** Starts `node bin/parole.js ARGS` in `root`, with `env` on top of a clean environment. */
export function launchCli(root: string, args: string[], env: Record<string, string> = {}, options: LaunchOptions = {}): Launched {
  const argv = [BIN, ...args];
  const [command, commandArgs] = options.shell
    ? ['/bin/sh', ['-c', options.shell, 'sh', process.execPath, ...argv]]
    : [process.execPath, argv];
  const child = spawn(command, commandArgs, {
    cwd: root,
    env: { ...cleanEnv(root), ...env },
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    timeout: options.timeoutMs,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  if (options.input !== undefined) {
    // A command that refuses its arguments may exit before reading: that is not the test's failure.
    child.stdin!.on('error', () => {});
    child.stdin!.end(options.input);
  }
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  const stderrMatches = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(stderr);
        if (!match) return;
        child.stderr!.off('data', check);
        resolve(match);
      };
      child.stderr!.on('data', check);
      check();
      void done.then(() => reject(new Error(`ended before stderr matched ${pattern}: ${JSON.stringify(stderr)}`)));
    });
  return { child, done, stderrMatches };
}
