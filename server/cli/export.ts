import { bundleHeaderLine, bundleLine } from '../../crypto/bundle.js';
import type { Db } from '../db/client.js';
import { allSubmissions } from '../store.js';
import { writeNewFile } from './io.js';

const WRITE_CHUNK = 256 * 1024;

/** Streams every stored envelope into a new bundle file (docs/FORMATS.md); returns the count. */
export async function exportEnvelopes(db: Db, out: string): Promise<number> {
  let count = 0;
  await writeNewFile(out, async (write) => {
    let chunk = bundleHeaderLine();
    for await (const row of allSubmissions(db)) {
      chunk += bundleLine(row);
      count++;
      if (chunk.length >= WRITE_CHUNK) {
        await write(chunk);
        chunk = '';
      }
    }
    await write(chunk);
  });
  return count;
}
