import { toBase64 } from '../../crypto/bytes.js';
import type { Db } from '../db/client.js';
import { allSubmissions } from '../store.js';
import { writeNewFile } from './io.js';

export const EXPORT_HEADER = { parole: 'export', version: 1 } as const;
const WRITE_CHUNK = 256 * 1024;

/** Streams every stored envelope into a new NDJSON file (docs/FORMATS.md); returns the count. */
export async function exportEnvelopes(db: Db, out: string): Promise<number> {
  let count = 0;
  await writeNewFile(out, async (write) => {
    let chunk = JSON.stringify(EXPORT_HEADER) + '\n';
    for await (const row of allSubmissions(db)) {
      const line = { id: row.id, campaign: row.campaign, day: row.day, envelope: toBase64(new Uint8Array(row.envelope)) };
      chunk += JSON.stringify(line) + '\n';
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
