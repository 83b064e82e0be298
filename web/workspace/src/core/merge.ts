/**
 * Merging two workspace states, e.g. the one in memory and a file a colleague saved: a join,
 * so the result is the same in any order and grouping, and merging twice changes nothing.
 * Nothing created on either side is lost: tags, quotes, memos and terms survive; of two writes
 * of one field, the later stamp wins, except typed text (memos, published wordings), where
 * every version neither side replaced stays, the others as conflicts; tombstones win. Every
 * placeholder either side gave stays, the earliest given to a value counting for it.
 */
import { compareStamps, joinSeen, type Seen } from './clock.js';
import { unionWith } from './persistent-map.js';
import { joinGiven, joinRegisters, joinSwitches, joinVersions, unseenBy, type Versions } from './registers.js';
import { withSeen, type LiveQuoteRecord, type PlaceholderMap, type QuoteRecord, type ReplyRecord, type TagRecord, type WorkspaceState } from './state-records.js';

function joinTags(a: TagRecord, b: TagRecord): TagRecord {
  return {
    id: a.id,
    name: joinRegisters(a.name, b.name),
    colour: joinRegisters(a.colour, b.colour),
    parent: joinRegisters(a.parent, b.parent),
    mergedInto: joinRegisters(a.mergedInto, b.mergedInto),
    deleted: a.deleted || b.deleted,
  };
}

// A quote's selection never changes once made; two that differ under one id can only come from
// a forged file, and picking the greater keeps the merge a join all the same.
function selectionKey(q: LiveQuoteRecord): string {
  return JSON.stringify([q.entryId, q.start, q.end, q.original]);
}

function joinQuotes(a: QuoteRecord, b: QuoteRecord, seenA: Seen, seenB: Seen): QuoteRecord {
  if (a === b) return a;
  if (a.deleted) return a;
  if (b.deleted) return b;
  const selection = selectionKey(a) >= selectionKey(b) ? a : b;
  return {
    ...selection,
    published: joinVersions(a.published, seenA, b.published, seenB),
    approval: joinRegisters(a.approval, b.approval),
    tags: joinSwitches(a.tags, b.tags),
  };
}

/** A quote only one side holds, less the versions the other side has seen (and so replaced). */
function oneSided(quote: QuoteRecord, seenByOther: Seen): QuoteRecord {
  if (quote.deleted) return quote;
  const published = unseenBy(quote.published, seenByOther);
  return published === quote.published ? quote : { ...quote, published };
}

/** Keyed versions merged; a key whose versions the other side has all seen and removed goes. */
function joinKeyedVersions(a: ReadonlyMap<string, Versions>, b: ReadonlyMap<string, Versions>, seenA: Seen, seenB: Seen): Map<string, Versions> {
  const out = new Map<string, Versions>();
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const versions = joinVersions(a.get(key) ?? [], seenA, b.get(key) ?? [], seenB);
    if (versions.length > 0) out.set(key, versions);
  }
  return out;
}

function joinPlaceholders(a: PlaceholderMap, b: PlaceholderMap): PlaceholderMap {
  if (a === b || b.size === 0) return a;
  if (a.size === 0) return b;
  const out = new Map(a);
  for (const [value, given] of b) {
    const mine = out.get(value);
    out.set(value, mine === undefined ? given : joinGiven(mine, given));
  }
  return out;
}

// One id names one reply: two that differ under it can only come from a forged file, and taking
// the greater keeps the merge a join all the same.
function replyKey(r: ReplyRecord): string {
  return JSON.stringify([r.entryId, r.mailbox, r.from, r.text, r.sent]);
}

function joinReplies(a: ReadonlyMap<string, ReplyRecord>, b: ReadonlyMap<string, ReplyRecord>): ReadonlyMap<string, ReplyRecord> {
  if (a === b || b.size === 0) return a;
  if (a.size === 0) return b;
  let out: Map<string, ReplyRecord> | null = null;
  for (const [id, theirs] of b) {
    const mine = a.get(id);
    if (mine === theirs) continue;
    const order = mine === undefined ? -1 : compareStamps(mine.stamp, theirs.stamp) || (replyKey(mine) < replyKey(theirs) ? -1 : replyKey(mine) > replyKey(theirs) ? 1 : 0);
    if (order < 0) (out ??= new Map(a)).set(id, theirs);
  }
  return out ?? a;
}

const nonEmpty = (versions: Versions) => (versions.length > 0 ? versions : null);

/** The join of two workspace states. Never throws. */
export function merge(a: WorkspaceState, b: WorkspaceState): WorkspaceState {
  if (a === b) return a;
  const tags = new Map(a.tags);
  for (const [id, tag] of b.tags) {
    const mine = tags.get(id);
    tags.set(id, mine === undefined ? tag : joinTags(mine, tag));
  }
  return withSeen({
    seen: joinSeen(a.seen, b.seen),
    tags,
    entryTags: unionWith(a.entryTags, b.entryTags, joinSwitches, (switches) => switches),
    memos: unionWith(
      a.memos,
      b.memos,
      (x, y) => nonEmpty(joinVersions(x, a.seen, y, b.seen)),
      (versions, side) => nonEmpty(unseenBy(versions, side === 'a' ? b.seen : a.seen)),
    ),
    quotes: unionWith(
      a.quotes,
      b.quotes,
      (x, y) => joinQuotes(x, y, a.seen, b.seen),
      (quote, side) => oneSided(quote, side === 'a' ? b.seen : a.seen),
    ),
    terms: joinKeyedVersions(a.terms, b.terms, a.seen, b.seen),
    placeholders: { en: joinPlaceholders(a.placeholders.en, b.placeholders.en), fr: joinPlaceholders(a.placeholders.fr, b.placeholders.fr) },
    replies: joinReplies(a.replies, b.replies),
  });
}
