/**
 * Which testimonies each stored tag id is switched on for: the reverse of the state's
 * testimony → tags map, for filtering by tag. Built on first use for a map and cached; a
 * one-testimony edit carries a built index over to the new map at the cost of that one change,
 * so that tagging testimonies one after another never rebuilds it.
 */
import { entriesOf, type PersistentMap } from './persistent-map.js';
import type { Switches } from './registers.js';

export type EntryIndex = ReadonlyMap<string, ReadonlySet<string>>;

const cache = new WeakMap<PersistentMap<Switches>, EntryIndex>();

function onTags(switches: Switches | undefined): Set<string> {
  const on = new Set<string>();
  for (const [tagId, register] of switches ?? []) if (register.value) on.add(tagId);
  return on;
}

/** Stored tag id → the testimonies it is switched on for (merges not resolved). */
export function entryIndex(entryTags: PersistentMap<Switches>): EntryIndex {
  let index = cache.get(entryTags);
  if (index === undefined) {
    const built = new Map<string, Set<string>>();
    for (const [entryId, switches] of entriesOf(entryTags)) {
      for (const tagId of onTags(switches)) {
        const entries = built.get(tagId);
        if (entries) entries.add(entryId);
        else built.set(tagId, new Set([entryId]));
      }
    }
    index = built;
    cache.set(entryTags, index);
  }
  return index;
}

/** Gives `after` (which differs from `before` in one testimony's switches) the index of `before`, updated, if it was built. */
export function carryEntryIndex(
  before: PersistentMap<Switches>,
  after: PersistentMap<Switches>,
  entryId: string,
  old: Switches | undefined,
  next: Switches,
): void {
  const index = cache.get(before);
  if (index === undefined) return;
  const wasOn = onTags(old);
  const isOn = onTags(next);
  const updated = new Map(index);
  for (const tagId of new Set([...wasOn, ...isOn])) {
    if (wasOn.has(tagId) === isOn.has(tagId)) continue;
    const entries = new Set(index.get(tagId));
    if (isOn.has(tagId)) entries.add(entryId);
    else entries.delete(entryId);
    if (entries.size === 0) updated.delete(tagId);
    else updated.set(tagId, entries);
  }
  cache.set(after, updated);
}
