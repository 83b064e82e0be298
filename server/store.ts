import { and, asc, eq, gt, gte, isNull, lte, or, sql } from 'drizzle-orm';
import { campaignStatus, validateCampaign, type CampaignDefinition } from '../crypto/campaign.js';
import { decodePublicKey, fingerprint, keyId, keyIdOfFingerprint, normaliseFingerprint } from '../crypto/keys.js';
import { CommitQueue, type InsertOutcome, type NewSubmission } from './commit-queue.js';
import { writerOf, type Db } from './db/client.js';
import { withWholeEnvelopes } from './db/parts.js';
import { ReadCache } from './read-cache.js';
import { campaigns, keyring, submissions } from './db/schema.js';

export interface KeyringEntry {
  id: string;
  publicKey: string;
  fingerprint: string;
  label: string;
}

/**
 * The campaign served when the database holds none, so that a fresh server has a page to
 * show. Delegates replace it like any other (`parole campaign edit`).
 */
export const DEFAULT_CAMPAIGN: CampaignDefinition = {
  slug: 'temoignages',
  title: { fr: 'Témoignez, anonymement', en: 'Tell us, anonymously' },
  intro: {
    fr: 'Racontez ce que vous vivez au travail. Votre syndicat lira votre témoignage et pourra en citer des extraits anonymisés, jamais votre nom.',
    en: 'Tell us what you experience at work. Your union will read your testimony and may quote anonymised extracts, never your name.',
  },
  questions: [],
  opens: null,
  closes: null,
  state: 'open',
};

/** A store error carries a short code the CLI and routes turn into a message. */
export class StoreError extends Error {
  constructor(readonly code: 'invalid_public_key' | 'key_exists' | 'unknown_key' | 'campaign_exists' | 'unknown_campaign') {
    super(code);
  }
}

type CampaignRow = typeof campaigns.$inferSelect;

/** Validates again whatever it is given, so that nothing invalid is ever written. Throws CampaignError. */
function campaignRow(value: CampaignDefinition): CampaignRow {
  const def = validateCampaign(value);
  return {
    slug: def.slug,
    titleFr: def.title.fr,
    titleEn: def.title.en,
    introFr: def.intro.fr,
    introEn: def.intro.en,
    questions: JSON.stringify(def.questions),
    opensDay: def.opens,
    closesDay: def.closes,
    closed: def.state === 'closed',
  };
}

/**
 * A row as a definition, or undefined when it no longer validates (edited by hand in the
 * database): routes then treat it as absent rather than fail, until a delegate replaces it.
 */
function definitionOf(row: CampaignRow): CampaignDefinition | undefined {
  try {
    return validateCampaign({
      slug: row.slug,
      title: { fr: row.titleFr, en: row.titleEn },
      intro: { fr: row.introFr, en: row.introEn },
      questions: JSON.parse(row.questions),
      opens: row.opensDay,
      closes: row.closesDay,
      state: row.closed ? 'closed' : 'open',
    });
  } catch {
    return undefined;
  }
}

function definitionsOf(rows: CampaignRow[]): CampaignDefinition[] {
  return rows.map(definitionOf).filter((def) => def !== undefined);
}

// One cache per database handle, like the commit queues below.
const readCaches = new WeakMap<Db, ReadCache>();

/** The campaign and keyring reads of this handle (see ReadCache); writes below clear it. */
function readsOf(db: Db): ReadCache {
  let cache = readCaches.get(db);
  if (!cache) readCaches.set(db, (cache = new ReadCache(db)));
  return cache;
}

export async function ensureDefaultCampaign(db: Db): Promise<void> {
  const any = await db.select({ slug: campaigns.slug }).from(campaigns).limit(1);
  if (any.length === 0) await db.insert(campaigns).values(campaignRow(DEFAULT_CAMPAIGN)).onConflictDoNothing();
  readsOf(db).clear();
}

/** The campaign with this slug, as every submission reads it: through the read cache. */
export function getCampaign(db: Db, slug: string): Promise<CampaignDefinition | undefined> {
  return readsOf(db).get(`campaign:${slug}`, async () => {
    const rows = await db.select().from(campaigns).where(eq(campaigns.slug, slug)).limit(1);
    return rows.length === 1 ? definitionOf(rows[0]) : undefined;
  });
}

/** Every campaign that validates, open or not, in slug order. */
export async function listCampaigns(db: Db): Promise<CampaignDefinition[]> {
  return definitionsOf(await db.select().from(campaigns).orderBy(asc(campaigns.slug)));
}

/** The first campaign open on `today`, in slug order: where the server's home page leads. */
export async function firstOpenCampaign(db: Db, today: string): Promise<CampaignDefinition | undefined> {
  const rows = await db
    .select()
    .from(campaigns)
    .where(
      and(
        eq(campaigns.closed, false),
        or(isNull(campaigns.opensDay), lte(campaigns.opensDay, today)),
        or(isNull(campaigns.closesDay), gte(campaigns.closesDay, today)),
      ),
    )
    .orderBy(asc(campaigns.slug));
  return definitionsOf(rows).find((def) => campaignStatus(def, today) === 'open');
}

/** Stores a new campaign. Throws CampaignError, or StoreError('campaign_exists') when its slug is taken. */
export async function createCampaign(db: Db, def: CampaignDefinition): Promise<CampaignDefinition> {
  const row = campaignRow(def);
  const inserted = await db.insert(campaigns).values(row).onConflictDoNothing().returning();
  if (inserted.length === 0) throw new StoreError('campaign_exists');
  readsOf(db).clear();
  return definitionOf(inserted[0])!;
}

/**
 * Replaces every field of the campaign with this slug; testimonies already stored stay filed
 * under it. Throws CampaignError, or StoreError('unknown_campaign').
 */
export async function replaceCampaign(db: Db, def: CampaignDefinition): Promise<CampaignDefinition> {
  const { slug, ...fields } = campaignRow(def);
  const updated = await db.update(campaigns).set(fields).where(eq(campaigns.slug, slug)).returning();
  if (updated.length === 0) throw new StoreError('unknown_campaign');
  readsOf(db).clear();
  return definitionOf(updated[0])!;
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

/**
 * The ids of the active keys, without decoding the keys: what a submission is checked against,
 * through the read cache.
 */
export function activeKeyIds(db: Db): Promise<string[]> {
  return readsOf(db).get('active key ids', async () => {
    const rows = await db.select({ id: keyring.id }).from(keyring).where(isNull(keyring.removedDay));
    return rows.map((r) => r.id);
  });
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
  readsOf(db).clear();
  return { id, publicKey, label, fingerprint: fingerprint(pub) };
}

/**
 * Adds a key only to a keyring that never held one, in one statement, so that of instances
 * started together on a fresh database exactly one adds it. Gives the entry, or undefined when
 * the keyring held a key already.
 */
export async function addKeyToEmptyKeyring(db: Db, publicKey: string, label: string, day: string): Promise<KeyringEntry | undefined> {
  const pub = decodePublicKey(publicKey);
  const id = keyId(pub);
  const added = await db.run(
    sql`INSERT INTO keyring (id, public_key, label, added_day) SELECT ${id}, ${publicKey}, ${label}, ${day} WHERE NOT EXISTS (SELECT 1 FROM keyring)`,
  );
  readsOf(db).clear();
  return added.rowsAffected === 1 ? { id, publicKey, label, fingerprint: fingerprint(pub) } : undefined;
}

/** Deletes a key's row outright, as if it had never been added: for a demo key whose file could not be written. */
export async function forgetKey(db: Db, id: string): Promise<void> {
  await db.delete(keyring).where(eq(keyring.id, id));
  readsOf(db).clear();
}

/** Removes an active key given its id or fingerprint. Throws StoreError('unknown_key'). */
export async function removeKey(db: Db, idOrFingerprint: string, day: string): Promise<KeyringEntry> {
  const fp = normaliseFingerprint(idOrFingerprint);
  const id = fp ? keyIdOfFingerprint(fp) : idOrFingerprint.trim().toLowerCase();
  const entry = (await activeKeyring(db)).find((k) => k.id === id && (!fp || k.fingerprint === fp));
  if (!entry) throw new StoreError('unknown_key');
  await db.update(keyring).set({ removedDay: day }).where(and(eq(keyring.id, id), isNull(keyring.removedDay)));
  readsOf(db).clear();
  return entry;
}

/** Random in [1, 2^53): safe as a JavaScript number and as an SQLite rowid. */
export function randomId(): number {
  const [bits] = crypto.getRandomValues(new BigUint64Array(1));
  return Number(bits >> 11n) || 1;
}

// One queue per database handle: every submission stored through a handle joins the same
// group commit, and a handle that is dropped takes its queue with it.
const commitQueues = new WeakMap<Db, CommitQueue>();

/** The group-commit queue of this database handle; tests read its stats. */
export function commitQueueOf(db: Db): CommitQueue {
  let queue = commitQueues.get(db);
  if (!queue) commitQueues.set(db, (queue = new CommitQueue(writerOf(db), randomId)));
  return queue;
}

/**
 * Stores one envelope under a fresh random id. Resolves once the transaction holding its row
 * is committed, together with the submissions that arrived meanwhile (see CommitQueue).
 * Rejects with StorageUnavailable when that transaction failed: nothing of it was stored.
 * Given the challenge it spends, resolves 'challenge_used' and stores nothing when that
 * challenge was spent already.
 */
export function insertSubmission(
  db: Db,
  campaign: string,
  envelope: Uint8Array,
  day: string,
  spends?: NewSubmission['spends'],
): Promise<InsertOutcome> {
  return commitQueueOf(db).insert({ campaign, envelope, day, spends });
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
    yield* await withWholeEnvelopes(db, 'submission_parts', page);
    if (page.length < pageSize) return;
    after = page[page.length - 1].id;
  }
}
