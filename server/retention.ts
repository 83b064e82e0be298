/**
 * Nothing is kept forever: testimonies and replies older than the retention period are deleted,
 * whether or not a delegate pulled or purged them. secure_delete overwrites them on an embedded
 * file; the reshuffle that follows (server/serve.ts) leaves no trace of them in the WAL either.
 */
import { inArray, lt } from 'drizzle-orm';
import type { Db } from './db/client.js';
import { deliveries, mailboxReplies, submissions } from './db/schema.js';

const DAY_MS = 86_400_000;

/** The first day still kept: `today` minus `maxAgeDays`. A row of that day is kept, one of the day before is not. */
export function oldestKeptDay(today: string, maxAgeDays: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - maxAgeDays * DAY_MS).toISOString().slice(0, 10);
}

export interface PurgeCounts {
  submissions: number;
  replies: number;
}

/**
 * Deletes, in one transaction, the submissions (with their deliveries) and the mailbox replies
 * whose day is more than `maxAgeDays` before `today`. Deliveries are deleted by name rather than
 * left to the foreign key's cascade, which a remote libSQL server may not enforce.
 */
export async function purgeExpired(db: Db, today: string, maxAgeDays: number): Promise<PurgeCounts> {
  const cutoff = oldestKeptDay(today, maxAgeDays);
  const expired = db.select({ id: submissions.id }).from(submissions).where(lt(submissions.day, cutoff));
  const [, deletedSubmissions, deletedReplies] = await db.batch([
    db.delete(deliveries).where(inArray(deliveries.submissionId, expired)),
    db.delete(submissions).where(lt(submissions.day, cutoff)).returning({ id: submissions.id }),
    db.delete(mailboxReplies).where(lt(mailboxReplies.day, cutoff)).returning({ id: mailboxReplies.id }),
  ]);
  return { submissions: deletedSubmissions.length, replies: deletedReplies.length };
}
