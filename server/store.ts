import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { decodePublicKey, fingerprint, keyId, keyIdOfFingerprint, normaliseFingerprint } from '../crypto/keys.js';
import type { Db } from './db/client.js';
import { campaigns, keyring, submissions } from './db/schema.js';

export interface KeyringEntry {
  id: string;
  publicKey: string;
  fingerprint: string;
  label: string;
}

export type Campaign = typeof campaigns.$inferSelect;

export const DEFAULT_CAMPAIGN: Campaign = {
  slug: 'temoignages',
  titleFr: 'Témoignez, anonymement',
  titleEn: 'Tell us, anonymously',
  introFr:
    'Racontez ce que vous vivez au travail. Votre syndicat lira votre témoignage et pourra en citer des extraits anonymisés, jamais votre nom.',
  introEn:
    'Tell us what you experience at work. Your union will read your testimony and may quote anonymised extracts, never your name.',
};

/** A store error carries a short code the CLI and routes turn into a message. */
export class StoreError extends Error {
  constructor(readonly code: 'invalid_public_key' | 'key_exists' | 'unknown_key') {
    super(code);
  }
}

export async function ensureDefaultCampaign(db: Db): Promise<void> {
  const any = await db.select({ slug: campaigns.slug }).from(campaigns).limit(1);
  if (any.length === 0) await db.insert(campaigns).values(DEFAULT_CAMPAIGN).onConflictDoNothing();
}

export async function getCampaign(db: Db, slug: string): Promise<Campaign | undefined> {
  const rows = await db.select().from(campaigns).where(eq(campaigns.slug, slug)).limit(1);
  return rows[0];
}

export async function firstCampaign(db: Db): Promise<Campaign | undefined> {
  const rows = await db.select().from(campaigns).orderBy(asc(campaigns.slug)).limit(1);
  return rows[0];
}

/** True once any key has been added, even if every key was removed since. */
export async function keyringEverUsed(db: Db): Promise<boolean> {
  return (await db.select({ id: keyring.id }).from(keyring).limit(1)).length > 0;
}

export async function activeKeyring(db: Db): Promise<KeyringEntry[]> {
  const rows = await db
    .select({ id: keyring.id, publicKey: keyring.publicKey, label: keyring.label })
    .from(keyring)
    .where(isNull(keyring.removedDay))
    .orderBy(asc(keyring.id));
  return rows.map((r) => ({ ...r, fingerprint: fingerprint(decodePublicKey(r.publicKey)) }));
}

/** Adds a public key, or puts back one that was removed. Throws StoreError. */
export async function addKey(db: Db, publicKey: string, label: string, day: string): Promise<KeyringEntry> {
  let pub;
  try {
    pub = decodePublicKey(publicKey);
  } catch {
    throw new StoreError('invalid_public_key');
  }
  const id = keyId(pub);
  const existing = await db.select().from(keyring).where(eq(keyring.id, id)).limit(1);
  if (existing.length > 0 && existing[0].removedDay === null) throw new StoreError('key_exists');
  await db
    .insert(keyring)
    .values({ id, publicKey, label, addedDay: day, removedDay: null })
    .onConflictDoUpdate({ target: keyring.id, set: { label, addedDay: day, removedDay: null } });
  return { id, publicKey, label, fingerprint: fingerprint(pub) };
}

/** Removes an active key given its id or fingerprint. Throws StoreError('unknown_key'). */
export async function removeKey(db: Db, idOrFingerprint: string, day: string): Promise<KeyringEntry> {
  const fp = normaliseFingerprint(idOrFingerprint);
  const id = fp ? keyIdOfFingerprint(fp) : idOrFingerprint.trim().toLowerCase();
  const entry = (await activeKeyring(db)).find((k) => k.id === id && (!fp || k.fingerprint === fp));
  if (!entry) throw new StoreError('unknown_key');
  await db.update(keyring).set({ removedDay: day }).where(and(eq(keyring.id, id), isNull(keyring.removedDay)));
  return entry;
}

const ID_ATTEMPTS = 8;

/** Random in [1, 2^53): safe as a JavaScript number and as an SQLite rowid. */
export function randomId(): number {
  const [bits] = crypto.getRandomValues(new BigUint64Array(1));
  return Number(bits >> 11n) || 1;
}

/**
 * Stores one envelope. Resolves once the row is committed; a clash of random ids is
 * retried with a fresh id.
 */
export async function insertSubmission(db: Db, campaign: string, envelope: Uint8Array, day: string): Promise<void> {
  for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
    const inserted = await db
      .insert(submissions)
      .values({ id: randomId(), campaign, envelope: Buffer.from(envelope), day })
      .onConflictDoNothing({ target: submissions.id })
      .returning({ id: submissions.id });
    if (inserted.length === 1) return;
  }
  throw new Error('could not allocate a submission id');
}

export interface StoredEnvelope {
  id: number;
  campaign: string;
  day: string;
  envelope: Uint8Array;
}

/** Every stored envelope in id order, a page at a time, so memory stays flat however many there are. */
export async function* allSubmissions(db: Db, pageSize = 500): AsyncGenerator<StoredEnvelope> {
  let after = 0;
  for (;;) {
    const page = await db
      .select()
      .from(submissions)
      .where(gt(submissions.id, after))
      .orderBy(asc(submissions.id))
      .limit(pageSize);
    for (const row of page) yield row;
    if (page.length < pageSize) return;
    after = page[page.length - 1].id;
  }
}
