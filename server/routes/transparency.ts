import { Hono } from 'hono';
import { asc, sql } from 'drizzle-orm';
import { toBase64 } from '../../crypto/bytes.js';
import { submissions } from '../db/schema.js';
import { activeKeyring } from '../store.js';
import type { AppDeps } from '../app.js';

const SHOWN_ENVELOPE_BYTES = 48;

/** Shows the public what the server really stores: the live table's columns and one real row. */
export function transparencyRoutes(deps: AppDeps) {
  return new Hono().get('/', async (c) => {
    const columns = await deps.db.all<{ name: string; type: string }>(sql`SELECT name, type FROM pragma_table_info('submissions') ORDER BY cid`);
    // Ids are random, so the lowest id is an arbitrary row, not the latest one.
    const [row] = await deps.db.select().from(submissions).orderBy(asc(submissions.id)).limit(1);
    return c.json({
      table: 'submissions',
      columns: columns.map((col) => ({ name: col.name, type: col.type.toLowerCase() })),
      example: row
        ? {
            id: row.id,
            campaign: row.campaign,
            day: row.day,
            envelope: toBase64(new Uint8Array(row.envelope).subarray(0, SHOWN_ENVELOPE_BYTES)) + '…',
            envelopeBytes: row.envelope.length,
          }
        : null,
      keyring: await activeKeyring(deps.db),
    });
  });
}
