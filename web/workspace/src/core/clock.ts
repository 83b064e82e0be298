/**
 * Who wrote what, and in which order: hybrid logical clock stamps and the version vector that
 * says which stamps a state already holds. Merging workspace files relies on both.
 */
import { toHex } from '../../../../crypto/bytes.js';

/**
 * A hybrid logical clock stamp: wall-clock milliseconds, a counter for writes within the same
 * millisecond or while the wall clock lags behind a stamp already seen, and the actor who wrote.
 */
export interface Stamp {
  readonly time: number;
  readonly counter: number;
  readonly actor: string;
}

/**
 * Who is editing, and their clock (`now` returns milliseconds, as Date.now). One actor per
 * workspace session, from newActor(). A session must never write from a state older than one
 * it has already written: open files by merging them in, and take a new actor after replacing
 * the state. That is what lets a merge tell a concurrent edit from an overwritten one.
 */
export interface Author {
  readonly actor: string;
  readonly now: () => number;
}

/** For each actor, the latest of its stamps that a state holds: the state holds all its earlier writes too. */
export type Seen = ReadonlyMap<string, Stamp>;

const ACTOR_BYTES = 8;
const ID_BYTES = 8;
const HEX_ID = /^[0-9a-f]{16,64}$/;

function randomHex(bytes: number): string {
  return toHex(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** A fresh random actor id for one workspace session: 16 lowercase hex digits. */
export function newActor(): string {
  return randomHex(ACTOR_BYTES);
}

/** A fresh random id for a tag or a quote, never derived from its content: 16 lowercase hex digits. */
export function newId(): string {
  return randomHex(ID_BYTES);
}

/** True for what newActor and newId make, and for longer lowercase hex ids up to 64 digits. */
export function isHexId(id: unknown): id is string {
  return typeof id === 'string' && HEX_ID.test(id);
}

/** Orders stamps by time, then counter, then actor: a total order, since an actor never repeats a stamp. */
export function compareStamps(a: Stamp, b: Stamp): number {
  return a.time - b.time || a.counter - b.counter || (a.actor < b.actor ? -1 : a.actor > b.actor ? 1 : 0);
}

/** True when `seen` holds the write stamped `stamp`, or held it and saw it overwritten or removed. */
export function covers(seen: Seen, stamp: Stamp): boolean {
  const latest = seen.get(stamp.actor);
  return latest !== undefined && compareStamps(stamp, latest) <= 0;
}

/** The version vector of two states merged: each actor's later stamp. */
export function joinSeen(a: Seen, b: Seen): Seen {
  if (a === b) return a;
  const out = new Map(a);
  for (const [actor, stamp] of b) {
    const mine = out.get(actor);
    if (mine === undefined || compareStamps(mine, stamp) < 0) out.set(actor, stamp);
  }
  return out;
}

/** The greatest stamp of a version vector, which the next write must exceed; null when empty. */
export function latestOf(seen: Seen): Stamp | null {
  let latest: Stamp | null = null;
  for (const stamp of seen.values()) if (latest === null || compareStamps(latest, stamp) < 0) latest = stamp;
  return latest;
}

/**
 * The stamp of the author's next write, later than `latest` (every stamp the state holds) even
 * when the author's wall clock is behind. Throws 'invalid actor' unless the actor is a hex id,
 * 'invalid clock' unless now() is a non-negative number of milliseconds.
 */
export function nextStamp(latest: Stamp | null, author: Author): Stamp {
  if (!isHexId(author.actor)) throw new Error('invalid actor');
  const wall = Math.floor(author.now());
  if (!Number.isSafeInteger(wall) || wall < 0) throw new Error('invalid clock');
  if (latest === null || wall > latest.time) return { time: wall, counter: 0, actor: author.actor };
  return { time: latest.time, counter: latest.counter + 1, actor: author.actor };
}
