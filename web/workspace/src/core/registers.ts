/**
 * The three kinds of field a workspace state is made of, and how each merges.
 *
 * A register holds one value and the stamp of its write; of two, the later stamp wins (last
 * writer wins). Text a delegate types (memos, a quote's published wording) is kept in versions
 * instead, so that two texts written without seeing each other both survive a merge. Texts
 * given once and never taken back (the anonymiser's placeholders) are kept in given texts,
 * where the earliest counts.
 */
import { compareStamps, covers, type Seen, type Stamp } from './clock.js';

export interface Register<T> {
  readonly value: T;
  readonly stamp: Stamp;
}

export type RegisterValue = string | boolean | null;

const rank = (v: RegisterValue) => (v === null ? 0 : v === false ? 1 : v === true ? 2 : 3);

// One actor never writes two values with one stamp; if a copied state made it do so, the
// value decides (null < false < true < strings, strings by UTF-16 code units), so that a merge
// still gives the same result in any order.
function compareValues(a: RegisterValue, b: RegisterValue): number {
  if (typeof a !== 'string' || typeof b !== 'string' || a === b) return rank(a) - rank(b);
  return a < b ? -1 : 1;
}

/** The later of two writes of one field. */
export function joinRegisters<T extends RegisterValue>(a: Register<T>, b: Register<T>): Register<T> {
  const order = compareStamps(a.stamp, b.stamp);
  if (order !== 0) return order > 0 ? a : b;
  return a.value === b.value || compareValues(a.value, b.value) > 0 ? a : b;
}

/** On/off switches keyed by tag id: a testimony's tags, a quote's tags. */
export type Switches = ReadonlyMap<string, Register<boolean>>;

/** Two sets of switches merged key by key; `a` itself when `b` adds nothing to it. */
export function joinSwitches(a: Switches, b: Switches): Switches {
  if (a === b) return a;
  let out: Map<string, Register<boolean>> | null = null;
  for (const [key, register] of b) {
    const mine = a.get(key);
    const winner = mine === undefined ? register : joinRegisters(mine, register);
    if (winner !== mine) (out ??= new Map(a)).set(key, winner);
  }
  return out ?? a;
}

export interface Version {
  readonly text: string;
  readonly stamp: Stamp;
}

/**
 * The texts of one field that no write has replaced yet, latest first: one after sequential
 * edits, several after a merge of concurrent ones. The first is the field's text, the others
 * its conflicts. A write replaces every version its state holds; clearing removes them all.
 */
export type Versions = readonly Version[];

function dot(stamp: Stamp): string {
  return `${stamp.actor}:${stamp.time}:${stamp.counter}`;
}

/**
 * The versions of one field after merging two states, each with the version vector of its
 * state. A version only one side holds survives unless the other side has seen it (and so
 * replaced or removed it); one both hold survives.
 */
export function joinVersions(a: Versions, seenA: Seen, b: Versions, seenB: Seen): Versions {
  if (a === b) return a;
  const inB = new Map(b.map((v) => [dot(v.stamp), v]));
  const out: Version[] = [];
  for (const version of a) {
    const twin = inB.get(dot(version.stamp));
    if (twin !== undefined) {
      out.push(twin.text > version.text ? twin : version);
      inB.delete(dot(version.stamp));
    } else if (!covers(seenB, version.stamp)) {
      out.push(version);
    }
  }
  for (const version of inB.values()) if (!covers(seenA, version.stamp)) out.push(version);
  return out.sort((x, y) => compareStamps(y.stamp, x.stamp));
}

/** The versions a state with version vector `seen` has not seen: what is left of a field merged with a state without it. */
export function unseenBy(versions: Versions, seen: Seen): Versions {
  const unseen = versions.filter((v) => !covers(seen, v.stamp));
  return unseen.length === versions.length ? versions : unseen;
}

/** The texts a merge left beside the winner: distinct, latest first, without the winner's own text. */
export function conflictsOf(versions: Versions): string[] {
  const seen = new Set<string>(versions.slice(0, 1).map((v) => v.text));
  const out: string[] = [];
  for (const { text } of versions.slice(1)) {
    if (seen.has(text)) continue;
    seen.add(text);
    out.push(text);
  }
  return out;
}

/**
 * Texts given to one value and never taken back (the placeholders that replaced it in published
 * quotes), each with the stamp it was first given at, earliest first, ties by text: the first
 * is the one that counts. Only delegates working apart give one value several.
 */
export type GivenTexts = readonly Version[];

function byFirstGiven(x: Version, y: Version): number {
  return compareStamps(x.stamp, y.stamp) || (x.text < y.text ? -1 : x.text > y.text ? 1 : 0);
}

/** Every text either side gave, at the earlier of its stamps; `a` itself when `b` adds nothing to it. */
export function joinGiven(a: GivenTexts, b: GivenTexts): GivenTexts {
  if (a === b) return a;
  const earliest = new Map(a.map((v) => [v.text, v]));
  let changed = false;
  for (const version of b) {
    const mine = earliest.get(version.text);
    if (mine !== undefined && compareStamps(mine.stamp, version.stamp) <= 0) continue;
    earliest.set(version.text, version);
    changed = true;
  }
  return changed ? [...earliest.values()].sort(byFirstGiven) : a;
}

/** Given texts in the order they count: earliest first, ties by text. */
export function sortGiven(list: Version[]): GivenTexts {
  return list.sort(byFirstGiven);
}
