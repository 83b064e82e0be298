/**
 * Threads: a testimony written with a receipt names a mailbox key, and the follow-ups its writer
 * sent later name the same key and carry its signature. A follow-up joins the thread of the
 * testimony with its mailbox only when that key signed it: anyone who read the page could send
 * a message naming someone else's mailbox, but only the receipt holder can sign for it.
 */
import { decodePublicKey, keyId } from '../../../crypto/keys.js';
import { verifyFollowUp } from '../../../crypto/mailbox.js';
import type { Testimony } from '../../../crypto/testimony.js';

export type FollowUpCheck = 'verified' | 'unverified';

/** What a decrypted testimony says about its thread. */
export interface ThreadFields {
  /** The mailbox public key (`parole-pk1:` form), which replies are sealed to. */
  mailbox?: string;
  /** The mailbox key's id: what replies are filed under, and what threads messages together. */
  mailboxId?: string;
  /** Present on a follow-up: whether its mailbox key signed it. */
  followUp?: FollowUpCheck;
}

/** The thread fields of a decrypted testimony, its follow-up signature checked here. Never throws. */
export function threadFields(t: Testimony): ThreadFields {
  if (t.mailbox === undefined) return {};
  let mailboxId: string;
  let verified: boolean;
  try {
    const key = decodePublicKey(t.mailbox);
    mailboxId = keyId(key);
    verified = t.followUp !== undefined && verifyFollowUp(key, { campaign: t.campaign, locale: t.locale, text: t.text }, t.followUp);
  } catch {
    return {};
  }
  if (t.followUp === undefined) return { mailbox: t.mailbox, mailboxId };
  return { mailbox: t.mailbox, mailboxId, followUp: verified ? 'verified' : 'unverified' };
}

interface Threadable extends ThreadFields {
  id: string;
  day: string;
}

export interface Threads<E extends Threadable> {
  /** What the inbox lists: testimonies, and the follow-ups that found no thread. */
  listed: E[];
  /** Mailbox id → the verified follow-ups threaded under its testimony, oldest first. */
  followUps: ReadonlyMap<string, E[]>;
  /** The follow-ups among the listed: verified ones whose testimony is not loaded, and those no key signed. */
  apart: ReadonlySet<string>;
}

// Ids are random: within one day, nothing tells which came first, and id order is only a fixed one.
const byDay = (x: Threadable, y: Threadable) => (x.day < y.day ? -1 : x.day > y.day ? 1 : Number(x.id) - Number(y.id));

/**
 * Sorts the entries into threads. A verified follow-up goes under the testimony (not itself a
 * follow-up) that gave its mailbox; an unverified one is never threaded, whatever key it names.
 */
export function threadsOf<E extends Threadable>(entries: readonly E[]): Threads<E> {
  const roots = new Set(entries.filter((e) => e.followUp === undefined && e.mailboxId !== undefined).map((e) => e.mailboxId!));
  const followUps = new Map<string, E[]>();
  const listed: E[] = [];
  const apart = new Set<string>();
  for (const entry of entries) {
    if (entry.followUp === 'verified' && roots.has(entry.mailboxId!)) {
      const list = followUps.get(entry.mailboxId!);
      if (list) list.push(entry);
      else followUps.set(entry.mailboxId!, [entry]);
      continue;
    }
    if (entry.followUp !== undefined) apart.add(entry.id);
    listed.push(entry);
  }
  for (const list of followUps.values()) list.sort(byDay);
  return { listed, followUps, apart };
}
