/**
 * Replies to anonymous follow-up mailboxes (crypto/mailbox.ts). A row is a reply envelope, the
 * mailbox key id it is sealed to, and the UTC day: nothing says which testimony gave the
 * mailbox, which delegate wrote, or whether anyone has read it.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db } from './db/client.js';
import { mailboxReplies } from './db/schema.js';
import { randomId } from './store.js';

/** A mailbox id as replies are filed under it: a key id, 16 lowercase hex digits. */
export const MAILBOX_ID = /^[0-9a-f]{16}$/;

const ID_ATTEMPTS = 8;

/** Stores one reply envelope. Resolves once the row is committed; a clash of random ids is retried with a fresh id. */
export async function insertReply(db: Db, mailbox: string, envelope: Uint8Array, day: string): Promise<void> {
  for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
    const inserted = await db
      .insert(mailboxReplies)
      .values({ id: randomId(), mailbox, envelope: Buffer.from(envelope), day })
      .onConflictDoNothing({ target: mailboxReplies.id })
      .returning({ id: mailboxReplies.id });
    if (inserted.length === 1) return;
  }
  throw new Error('could not allocate a reply id');
}

export interface StoredReply {
  day: string;
  envelope: Uint8Array;
}

/** A mailbox's replies by day, then by (random) id; empty whether or not the mailbox was ever written to. */
export async function repliesTo(db: Db, mailbox: string): Promise<StoredReply[]> {
  return db
    .select({ day: mailboxReplies.day, envelope: mailboxReplies.envelope })
    .from(mailboxReplies)
    .where(eq(mailboxReplies.mailbox, mailbox))
    .orderBy(asc(mailboxReplies.day), asc(mailboxReplies.id));
}

/** Deletes every reply to a mailbox (secure_delete overwrites them on an embedded file); returns how many. */
export async function purgeMailbox(db: Db, mailbox: string): Promise<number> {
  const deleted = await db.delete(mailboxReplies).where(eq(mailboxReplies.mailbox, mailbox)).returning({ id: mailboxReplies.id });
  return deleted.length;
}
