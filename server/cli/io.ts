import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/** A failure the user can act on: printed as one line, exit code 1, never a stack trace. */
export class CliError extends Error {}

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

/**
 * Writes a file whole or not at all: into a temporary file first, renamed into place once
 * complete. `exclusive` refuses to replace an existing file.
 */
export function refuseExisting(path: string): void {
  if (existsSync(path)) throw new CliError(`${path} already exists: choose another name or move it away`);
}

export async function writeAtomically(
  path: string,
  write: (chunk: (text: string) => Promise<void>) => Promise<void>,
  { mode = 0o600, exclusive = false } = {},
): Promise<void> {
  if (exclusive) refuseExisting(path);
  const tmp = `${path}.${randomBytes(6).toString('hex')}.partial`;
  let handle;
  try {
    handle = await open(tmp, 'wx', mode);
  } catch {
    throw new CliError(`cannot write ${path}`);
  }
  try {
    await write(async (text) => {
      await handle.write(text);
    });
    await handle.sync();
    await handle.close();
    renameSync(tmp, path);
  } catch (err) {
    await handle.close().catch(() => {});
    rmSync(tmp, { force: true });
    throw err;
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
