import { toBase64 } from '../../crypto/bytes.js';
import type { Db } from '../db/client.js';
import { allSubmissions } from '../store.js';
import { writeAtomically } from './io.js';

export const EXPORT_HEADER = { parole: 'export', version: 1 } as const;

/** Streams every stored envelope into an NDJSON file (docs/FORMATS.md); returns the count. */
export async function exportEnvelopes(db: Db, out: string): Promise<number> {
  let count = 0;
  await writeAtomically(out, async (write) => {
    await write(JSON.stringify(EXPORT_HEADER) + '\n');
    for await (const row of allSubmissions(db)) {
      const line = { id: row.id, campaign: row.campaign, day: row.day, envelope: toBase64(new Uint8Array(row.envelope)) };
      await write(JSON.stringify(line) + '\n');
      count++;
    }
  });
  return count;
}
