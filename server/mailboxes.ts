/**
 * Replies to anonymous follow-up mailboxes (crypto/mailbox.ts). A row is a reply envelope, the
 * mailbox key id it is sealed to, and the UTC day: nothing says which testimony gave the
 * mailbox, which delegate wrote, or whether anyone has read it.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db } from './db/client.js';
import { splitEnvelope, tailStatements, withWholeEnvelopes } from './db/parts.js';
import { mailboxReplies } from './db/schema.js';
import { randomId } from './store.js';

/** A mailbox id as replies are filed under it: a key id, 16 lowercase hex digits. */
export const MAILBOX_ID = /^[0-9a-f]{16}$/;

const ID_ATTEMPTS = 8;

const INSERT = 'INSERT INTO mailbox_replies (id, mailbox, envelope, day) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id';

/**
 * Stores one reply envelope, its row and its parts (server/db/parts.ts) in one transaction.
 * Resolves once committed; a clash of random ids is retried with a fresh id.
 */
export async function insertReply(db: Db, mailbox: string, envelope: Uint8Array, day: string): Promise<void> {
  const { head, tail } = splitEnvelope(envelope);
  for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
    const id = randomId();
    const [inserted] = await db.$client.batch(
      [{ sql: INSERT, args: [id, mailbox, head, day] }, ...tailStatements('reply_parts', id, tail)],
      'write',
    );
    if (inserted.rows.length === 1) return;
  }
  throw new Error('could not allocate a reply id');
}

export interface StoredReply {
  day: string;
  envelope: Uint8Array;
}

/** A mailbox's replies by day, then by (random) id; empty whether or not the mailbox was ever written to. */
export async function repliesTo(db: Db, mailbox: string): Promise<StoredReply[]> {
  const rows = await db
    .select({ id: mailboxReplies.id, day: mailboxReplies.day, envelope: mailboxReplies.envelope })
    .from(mailboxReplies)
    .where(eq(mailboxReplies.mailbox, mailbox))
    .orderBy(asc(mailboxReplies.day), asc(mailboxReplies.id));
  return (await withWholeEnvelopes(db, 'reply_parts', rows)).map(({ day, envelope }) => ({ day, envelope }));
}

/** Deletes every reply to a mailbox (secure_delete overwrites them on an embedded file); returns how many. */
export async function purgeMailbox(db: Db, mailbox: string): Promise<number> {
  const deleted = await db.delete(mailboxReplies).where(eq(mailboxReplies.mailbox, mailbox)).returning({ id: mailboxReplies.id });
  return deleted.length;
}
