import { sqliteTable, integer, text, blob, index, primaryKey } from 'drizzle-orm/sqlite-core';

/** Campaigns as delegates define them (docs/FORMATS.md, "Campaign definition"): public by nature. */
export const campaigns = sqliteTable('campaigns', {
  slug: text().primaryKey(),
  titleFr: text().notNull(),
  titleEn: text().notNull(),
  introFr: text().notNull(),
  introEn: text().notNull(),
  // The questions as validated JSON (crypto/campaign.ts): the page renders them, answers travel only in envelopes.
  questions: text().notNull().default('[]'),
  // UTC days, inclusive; null leaves that end open.
  opensDay: text(),
  closesDay: text(),
  closed: integer({ mode: 'boolean' }).notNull().default(false),
});

/** Delegates' public keys. Secret keys never reach the server. */
export const keyring = sqliteTable('keyring', {
  id: text().primaryKey(),
  publicKey: text().notNull().unique(),
  label: text().notNull(),
  addedDay: text().notNull(),
  // Kept after removal so that later signed requests by a removed key can be told apart from unknown ones.
  removedDay: text(),
});

/**
 * One row per testimony, and deliberately nothing else: no IP, no user agent, no header,
 * no exact time, no length beyond the padding bucket.
 */
export const submissions = sqliteTable(
  'submissions',
  {
    // A random integer, not a sequence: it is the rowid too, so neither the id nor the storage
    // order reveals which testimony arrived first within a day.
    id: integer().primaryKey(),
    campaign: text()
      .notNull()
      .references(() => campaigns.slug),
    // The envelope's first part; the rest, if any, in submission_parts (server/db/parts.ts).
    envelope: blob({ mode: 'buffer' }).notNull(),
    // The UTC day only: the finest time the server keeps.
    day: text().notNull(),
  },
  (t) => [index('submissions_campaign_day').on(t.campaign, t.day), index('submissions_day').on(t.day)],
);

/**
 * The parts of an envelope after its first, so that no row outgrows a 4 KiB page
 * (server/db/parts.ts). The id is the part's number shifted left 53 bits, or'ed with the
 * submission's random id. A trigger (migration 0004) deletes them with their submission.
 */
export const submissionParts = sqliteTable('submission_parts', {
  id: integer().primaryKey(),
  bytes: blob({ mode: 'buffer' }).notNull(),
});

/**
 * Which envelopes each delegate key has confirmed holding after a pull, so that the next pull
 * brings only new ones and a purge deletes only what a delegate holds. It tells, per key,
 * which envelopes arrived since that key's last pull: no finer than the pulls themselves.
 */
export const deliveries = sqliteTable(
  'deliveries',
  {
    keyId: text()
      .notNull()
      .references(() => keyring.id),
    submissionId: integer()
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.submissionId] }), index('deliveries_submission').on(t.submissionId)],
);

/**
 * Nonces of signed delegate requests, kept only while their timestamp is acceptable, so that
 * a request cannot be replayed. Shared by every app instance through the database.
 */
export const requestNonces = sqliteTable('request_nonces', {
  nonce: text().primaryKey(),
  // Unix seconds after which the nonce's request would be refused as stale anyway.
  expires: integer().notNull(),
});

/**
 * Delegates' replies to anonymous follow-up mailboxes, each sealed to the mailbox's key alone.
 * The mailbox is named by that key's id, which only a receipt holder and the delegates can
 * compute: nothing here links a mailbox to a testimony, and no row says who reads it.
 */
export const mailboxReplies = sqliteTable(
  'mailbox_replies',
  {
    // Random, as for submissions: neither the id nor the storage order dates a reply within its day.
    id: integer().primaryKey(),
    mailbox: text().notNull(),
    // The envelope's first part; the rest, if any, in reply_parts, as for submissions.
    envelope: blob({ mode: 'buffer' }).notNull(),
    day: text().notNull(),
  },
  (t) => [index('mailbox_replies_mailbox').on(t.mailbox), index('mailbox_replies_day').on(t.day)],
);

/** The parts of a reply envelope after its first, keyed as submission_parts are. */
export const replyParts = sqliteTable('reply_parts', {
  id: integer().primaryKey(),
  bytes: blob({ mode: 'buffer' }).notNull(),
});

/**
 * Proof-of-work challenges already used, kept only until they expire, so that one solved
 * challenge buys one submission, on every app instance. The expiry is rounded up to a
 * ten-minute window (server/proof.ts): a row dates a use no finer than that.
 */
export const spentChallenges = sqliteTable('spent_challenges', {
  nonce: text().primaryKey(),
  expires: integer().notNull(),
});

/** Secrets the app instances share, made once at first start: the challenge MAC key. */
export const serverSecrets = sqliteTable('server_secrets', {
  name: text().primaryKey(),
  value: blob({ mode: 'buffer' }).notNull(),
});
