import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { UserError } from '../user-error.js';

export class CliError extends UserError {}

export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`cannot read ${what} ${path}`);
  }
}

export function readJson(path: string, what: string): unknown {
  const text = readText(path, what);
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${path} is not a ${what} (not JSON)`);
  }
}

const EXISTS = (path: string) => new CliError(`${path} already exists: choose another name or move it away`);

/** Checked before slow work (a passphrase, an export); writeNewFile checks again as it links. */
export function refuseExisting(path: string): void {
  if (existsSync(path)) throw EXISTS(path);
}

/**
 * Writes a new file whole or not at all, readable by its owner only: into a temporary file,
 * synced, then linked into place, which fails rather than replace a file that appeared meanwhile.
 */
export async function writeNewFile(
  path: string,
  write: (chunk: (text: string) => Promise<void>) => Promise<void>,
): Promise<void> {
  refuseExisting(path);
  const tmp = `${path}.${randomBytes(6).toString('hex')}.partial`;
  let handle;
  try {
    handle = await open(tmp, 'wx', 0o600);
  } catch {
    throw new CliError(`cannot write ${path}`);
  }
  try {
    await write(async (text) => {
      await handle.write(text);
    });
    await handle.sync();
    await handle.close();
    try {
      linkSync(tmp, path);
    } catch (err) {
      throw (err as NodeJS.ErrnoException).code === 'EEXIST' ? EXISTS(path) : new CliError(`cannot write ${path}`);
    }
    await syncFolder(dirname(path));
  } catch (err) {
    await handle.close().catch(() => {});
    throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Makes the new directory entry itself survive a power cut. */
async function syncFolder(folder: string): Promise<void> {
  const dir = await open(folder, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** The passphrase from PAROLE_PASSPHRASE, or asked on the terminal without echo. */
export async function passphrase(prompt: string, confirm = false): Promise<string> {
  const fromEnv = process.env.PAROLE_PASSPHRASE;
  if (fromEnv !== undefined) return fromEnv;
  if (!process.stdin.isTTY) throw new CliError('no passphrase: set PAROLE_PASSPHRASE or run in a terminal');
  const first = await askHidden(prompt);
  if (confirm && (await askHidden('Repeat the passphrase: ')) !== first) {
    throw new CliError('the two passphrases differ');
  }
  return first;
}

function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stderr.write(prompt);
    // Echo nothing while the passphrase is typed.
    output._writeToOutput = () => {};
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
