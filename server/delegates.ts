/**
 * What signed delegate requests read and change: keys, nonces, deliveries, purges. Rows
 * describe delegates and envelopes, never the people who wrote them.
 */
import { and, asc, eq, gt, inArray, lt, notExists } from 'drizzle-orm';
import { envelopeDigest } from '../crypto/bundle.js';
import { parseEnvelopeHeader } from '../crypto/envelope.js';
import { decodePublicKey, type PublicKey } from '../crypto/keys.js';
import type { Db } from './db/client.js';
import { withWholeEnvelopes } from './db/parts.js';
import { deliveries, keyring, requestNonces, submissions } from './db/schema.js';
import type { StoredEnvelope } from './store.js';

export interface DelegateKey {
  id: string;
  key: PublicKey;
  removed: boolean;
}

/** A keyring entry by key id, removed keys included; undefined when the key was never added. */
export async function findDelegateKey(db: Db, id: string): Promise<DelegateKey | undefined> {
  const rows = await db.select().from(keyring).where(eq(keyring.id, id)).limit(1);
  if (rows.length === 0) return undefined;
  return { id, key: decodePublicKey(rows[0].publicKey), removed: rows[0].removedDay !== null };
}

/**
 * Records a request's nonce; false when it was seen before (a replay). Nonces whose requests
 * would be refused as stale anyway are forgotten on the way.
 */
export async function acceptNonce(db: Db, nonce: string, expires: number, now: number): Promise<boolean> {
  const [, inserted] = await db.batch([
    db.delete(requestNonces).where(lt(requestNonces.expires, now)),
    db.insert(requestNonces).values({ nonce, expires }).onConflictDoNothing().returning({ nonce: requestNonces.nonce }),
  ]);
  return inserted.length === 1;
}

/** Forgets the nonces of requests that would be refused as stale anyway. */
export async function forgetExpiredNonces(db: Db, now: number): Promise<void> {
  await db.delete(requestNonces).where(lt(requestNonces.expires, now));
}

function addressedTo(envelope: Uint8Array, keyId: string): boolean {
  return parseEnvelopeHeader(envelope).keyIds.includes(keyId);
}

/**
 * Envelopes sealed to this key that it has not confirmed yet, in id order, a page at a time:
 * memory stays flat however many there are.
 */
export async function* undeliveredEnvelopes(db: Db, keyId: string, pageSize = 500): AsyncGenerator<StoredEnvelope[]> {
  let after = 0;
  for (;;) {
    const page = await db
      .select()
      .from(submissions)
      .where(
        and(
          gt(submissions.id, after),
          notExists(
            db
              .select({ one: deliveries.keyId })
              .from(deliveries)
              .where(and(eq(deliveries.keyId, keyId), eq(deliveries.submissionId, submissions.id))),
          ),
        ),
      )
      .orderBy(asc(submissions.id))
      .limit(pageSize);
    // Whole envelopes before their headers are read: the header gives the length of the whole.
    const mine = (await withWholeEnvelopes(db, 'submission_parts', page)).filter((row) => addressedTo(row.envelope, keyId));
    if (mine.length > 0) yield mine;
    if (page.length < pageSize) return;
    after = page[page.length - 1].id;
  }
}

/** Marks envelopes as held by this key; ids that are not stored are ignored. Returns how many are now marked. */
export async function confirmDeliveries(db: Db, keyId: string, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db
    .select({ id: submissions.id, envelope: submissions.envelope })
    .from(submissions)
    .where(inArray(submissions.id, ids));
  const mine = (await withWholeEnvelopes(db, 'submission_parts', rows)).filter((row) => addressedTo(row.envelope, keyId)).map((row) => ({ keyId, submissionId: row.id }));
  if (mine.length > 0) await db.insert(deliveries).values(mine).onConflictDoNothing();
  return mine.length;
}

export interface PurgeItem {
  id: number;
  digest: string;
}

/**
 * Deletes the envelopes this key has confirmed holding and whose digest matches the stored
 * bytes; any other item is kept. secure_delete overwrites what is deleted.
 */
export async function purgeDelivered(db: Db, keyId: string, items: PurgeItem[]): Promise<{ deleted: number; kept: number }> {
  if (items.length === 0) return { deleted: 0, kept: 0 };
  const wanted = new Map(items.map((item) => [item.id, item.digest]));
  const held = await db
    .select({ id: submissions.id, envelope: submissions.envelope })
    .from(submissions)
    .innerJoin(deliveries, and(eq(deliveries.submissionId, submissions.id), eq(deliveries.keyId, keyId)))
    .where(inArray(submissions.id, [...wanted.keys()]));
  const whole = await withWholeEnvelopes(db, 'submission_parts', held);
  const ids = whole.filter((row) => envelopeDigest(row.envelope) === wanted.get(row.id)).map((row) => row.id);
  if (ids.length > 0) await db.delete(submissions).where(inArray(submissions.id, ids));
  return { deleted: ids.length, kept: wanted.size - ids.length };
}
