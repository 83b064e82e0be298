/**
 * Network world: `parole pull` and `parole purge`. They move ciphertext between a server and
 * a bundle file with signed requests; they never open an envelope.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { bundleHeaderLine, envelopeDigest, isBundleHeader, parseBundleLine, type BundleEntry } from '../../crypto/bundle.js';
import { DelegateApiError, DelegateClient, inBatches, serverAddress } from '../delegate-client.js';
import { MAX_IDS_PER_REQUEST } from '../delegate-protocol.js';
import { CliError, refuseExisting, writeNewFile } from './io.js';
import { unlockSigningKey } from './unlock.js';

const WRITE_CHUNK = 256 * 1024;

type Note = (line: string) => void;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Turns the client's errors into one CLI line. */
async function talking<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DelegateApiError) throw new CliError(`server: ${err.message}`);
    throw err;
  }
}

async function connect(server: string, keyPath: string): Promise<DelegateClient> {
  const address = await talking(async () => serverAddress(server));
  return new DelegateClient(address, await unlockSigningKey(keyPath));
}

/** Progress on a terminal only, on one line, so that scripts' logs stay clean. */
function progress(note: Note, label: string): (count: number, done?: boolean) => void {
  if (!process.stderr.isTTY) return () => {};
  let last = 0;
  return (count, done = false) => {
    if (!done && count - last < 1000) return;
    last = count;
    process.stderr.write(`\r${label} ${count}${done ? '\n' : ''}`);
  };
}

/** Reads a bundle file line by line: constant memory whatever its size. Throws CliError. */
async function* readBundle(path: string): AsyncGenerator<BundleEntry> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      if (lineNo === 1) {
        if (!isBundleHeader(line)) throw new CliError(`${path} is not a Parole bundle`);
        continue;
      }
      if (line === '') continue;
      try {
        yield parseBundleLine(line);
      } catch {
        throw new CliError(`${path}: line ${lineNo} is damaged`);
      }
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`cannot read bundle ${path}`);
  } finally {
    lines.close();
  }
  if (lineNo === 0) throw new CliError(`${path} is empty, not a Parole bundle`);
}

class NothingNew extends Error {}

/**
 * Writes the envelopes not yet pulled by this key into a new bundle file, streamed, then
 * tells the server this key holds them, once the file is safely on disk.
 */
export async function pull(server: string, keyPath: string, out: string, note: Note): Promise<void> {
  refuseExisting(out);
  const client = await connect(server, keyPath);
  const shown = progress(note, 'pulled');
  // Eight bytes an envelope, against some 1.5 KB each in the file: cheaper than reading the file again.
  const writtenIds: number[] = [];
  try {
    await talking(() =>
      writeNewFile(out, async (write) => {
        let chunk = bundleHeaderLine();
        for await (const { entry, text } of client.pullLines()) {
          chunk += text;
          writtenIds.push(entry.id);
          shown(writtenIds.length);
          if (chunk.length >= WRITE_CHUNK) {
            await write(chunk);
            chunk = '';
          }
        }
        if (writtenIds.length === 0) throw new NothingNew();
        await write(chunk);
      }),
    );
  } catch (err) {
    if (err instanceof NothingNew) {
      note('no new envelopes for this key; no file written');
      return;
    }
    throw err;
  }
  const count = writtenIds.length;
  shown(count, true);
  let confirmed = 0;
  try {
    await talking(() =>
      inBatches(writtenIds, MAX_IDS_PER_REQUEST, async (ids) => {
        confirmed += await client.confirm(ids);
      }),
    );
  } catch (err) {
    throw new CliError(
      `pulled ${plural(count, 'envelope')} into ${out}, but could not confirm them (${(err as Error).message}); the next pull will bring them again`,
    );
  }
  note(`pulled ${plural(count, 'envelope')} into ${out}; confirmed ${confirmed}`);
}

/**
 * Asks the server to delete the envelopes of a bundle file. The whole file is checked first;
 * the server deletes only envelopes this key confirmed holding, whose bytes match the file.
 */
export async function purge(server: string, keyPath: string, inPath: string, note: Note): Promise<void> {
  let total = 0;
  for await (const _ of readBundle(inPath)) total++;
  if (total === 0) {
    note('the bundle holds no envelope; nothing to purge');
    return;
  }
  const client = await connect(server, keyPath);
  const shown = progress(note, 'purged');
  const result = { deleted: 0, kept: 0 };
  async function* items() {
    for await (const entry of readBundle(inPath)) yield { id: entry.id, digest: envelopeDigest(entry.envelope) };
  }
  await talking(() =>
    inBatches(items(), MAX_IDS_PER_REQUEST, async (batch) => {
      const answer = await client.purge(batch);
      result.deleted += answer.deleted;
      result.kept += answer.kept;
      shown(result.deleted + result.kept);
    }),
  );
  shown(result.deleted + result.kept, true);
  const kept = result.kept > 0 ? `; ${result.kept} kept (not pulled by this key, already deleted, or different from this bundle)` : '';
  note(`deleted ${plural(result.deleted, 'envelope')} from the server${kept}`);
}
