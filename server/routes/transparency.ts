import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import { toBase64 } from '../../crypto/bytes.js';
import { sealEnvelope } from '../../crypto/envelope.js';
import { decodePublicKey } from '../../crypto/keys.js';
import { encodeTestimony } from '../../crypto/testimony.js';
import { utcDay } from '../clock.js';
import { activeKeyring, DEFAULT_CAMPAIGN, randomId } from '../store.js';
import type { AppDeps } from '../app.js';

const SHOWN_ENVELOPE_BYTES = 48;

/**
 * Shows the public what the server stores: the live table's columns, read from the database
 * itself, and a row of that exact shape. The row is made on the spot (an empty testimony
 * sealed to the current keys), never read from storage: a stored row would let anyone who
 * polls this page watch testimonies arrive.
 */
export function transparencyRoutes(deps: AppDeps) {
  return new Hono().get('/', async (c) => {
    const columns = await deps.db.all<{ name: string; type: string }>(
      sql`SELECT name, type FROM pragma_table_info('submissions') ORDER BY cid`,
    );
    const keyring = await activeKeyring(deps.db);
    const envelope =
      keyring.length > 0
        ? sealEnvelope(
            encodeTestimony({ campaign: DEFAULT_CAMPAIGN.slug, locale: 'fr', text: '' }),
            keyring.map((k) => decodePublicKey(k.publicKey)),
          )
        : null;
    return c.json({
      table: 'submissions',
      columns: columns.map((col) => ({ name: col.name, type: col.type.toLowerCase() })),
      example: envelope && {
        id: randomId(),
        campaign: DEFAULT_CAMPAIGN.slug,
        day: utcDay(deps.clock()),
        envelope: toBase64(envelope.subarray(0, SHOWN_ENVELOPE_BYTES)) + '…',
        envelopeBytes: envelope.length,
      },
      keyring,
    });
  });
}
