import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import { toBase64 } from '../../crypto/bytes.js';
import { sealEnvelope } from '../../crypto/envelope.js';
import { decodePublicKey } from '../../crypto/keys.js';
import { encodeTestimony } from '../../crypto/testimony.js';
import { utcDay } from '../clock.js';
import type { Db } from '../db/client.js';
import { PART_BYTES } from '../db/parts.js';
import { activeKeyring, DEFAULT_CAMPAIGN, randomId } from '../store.js';
import type { AppDeps } from '../app.js';

const SHOWN_ENVELOPE_BYTES = 48;

/** A table's columns as the database itself describes them, not as the code believes they are. */
async function liveColumns(db: Db, table: 'submissions' | 'submission_parts' | 'mailbox_replies' | 'reply_parts') {
  const columns = await db.all<{ name: string; type: string }>(
    sql`SELECT name, type FROM pragma_table_info(${table}) ORDER BY cid`,
  );
  return columns.map((col) => ({ name: col.name, type: col.type.toLowerCase() }));
}

/**
 * Shows the public what the server stores: the columns of both tables that hold testimonies,
 * read from the database itself (the envelope's row, and the parts of a larger envelope:
 * server/db/parts.ts), and a row of the first table's exact shape; then the columns of the two
 * that hold delegates' replies to follow-up mailboxes (server/mailboxes.ts). The row is made on
 * the spot (an empty testimony sealed to the current keys), never read from storage: a stored
 * row would let anyone who polls this page watch testimonies arrive.
 */
export function transparencyRoutes(deps: AppDeps) {
  return new Hono().get('/', async (c) => {
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
      columns: await liveColumns(deps.db, 'submissions'),
      example: envelope && {
        id: randomId(),
        campaign: DEFAULT_CAMPAIGN.slug,
        day: utcDay(deps.clock()),
        envelope: toBase64(envelope.subarray(0, SHOWN_ENVELOPE_BYTES)) + '…',
        envelopeBytes: envelope.length,
      },
      parts: {
        table: 'submission_parts',
        columns: await liveColumns(deps.db, 'submission_parts'),
        bytes: PART_BYTES,
      },
      replies: {
        table: 'mailbox_replies',
        columns: await liveColumns(deps.db, 'mailbox_replies'),
        parts: {
          table: 'reply_parts',
          columns: await liveColumns(deps.db, 'reply_parts'),
          bytes: PART_BYTES,
        },
      },
      keyring,
    });
  });
}
