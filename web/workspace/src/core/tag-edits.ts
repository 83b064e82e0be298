/**
 * Creating and reshaping tags. Every check runs against the tags as the delegate sees them
 * (tag-tree.ts), merges and deletions resolved. A deleted or merged tag keeps its record: the
 * tree reads children of a deleted tag as its parent's and anything of a merged tag as the
 * surviving tag's, including what another delegate adds to it before seeing the merge.
 */
import { newId, type Author } from './clock.js';
import { nextColour, TAG_COLOURS } from './palette.js';
import { advance, checkTagName, foldName, type TagRecord, type WorkspaceState } from './state-records.js';
import { tagTree, type TagTree } from './tag-tree.js';

/** The record of a live tag. Throws 'unknown tag' for any other id, deleted and merged ones included. */
export function liveTag(s: WorkspaceState, id: string): TagRecord {
  if (typeof id !== 'string' || !tagTree(s.tags).places.has(id)) throw new Error('unknown tag');
  return s.tags.get(id)!;
}

function checkColour(colour: string): string {
  if (!TAG_COLOURS.includes(colour)) throw new Error('invalid colour');
  return colour;
}

function checkFreeName(tree: TagTree, name: string, parent: string | null, self: string | null): void {
  const folded = foldName(name);
  if (tree.order.some((t) => t.parent === parent && t.id !== self && foldName(t.name) === folded)) {
    throw new Error('duplicate tag name');
  }
}

/** True when `id` is `ancestor` or lies below it. */
function isWithin(tree: TagTree, id: string, ancestor: string): boolean {
  const at = tree.places.get(id)!;
  const top = tree.places.get(ancestor)!;
  return at.index >= top.index && at.index < top.end;
}

function withTag(s: WorkspaceState, record: TagRecord): WorkspaceState {
  return { ...s, tags: new Map(s.tags).set(record.id, record) };
}

/**
 * A new tag, with a new random id; its colour defaults to the palette's least used. Throws
 * 'invalid tag name', 'tag name too long', 'unknown tag' (parent), 'invalid colour',
 * 'duplicate tag name' (a sibling has the same name, ignoring case).
 */
export function createTag(
  s: WorkspaceState,
  a: Author,
  init: { name: string; colour?: string; parent?: string | null },
): { state: WorkspaceState; id: string } {
  const name = checkTagName(init.name);
  const parent = init.parent ?? null;
  if (parent !== null) liveTag(s, parent);
  const tree = tagTree(s.tags);
  const colour = init.colour === undefined ? nextColour(tree.order.map((t) => t.colour)) : checkColour(init.colour);
  checkFreeName(tree, name, parent, null);
  const { stamp, state } = advance(s, a);
  let id = newId();
  while (s.tags.has(id)) id = newId();
  const record: TagRecord = {
    id,
    name: { value: name, stamp },
    colour: { value: colour, stamp },
    parent: { value: parent, stamp },
    mergedInto: { value: null, stamp },
    deleted: false,
  };
  return { state: withTag(state, record), id };
}

/** Throws 'unknown tag', 'invalid tag name', 'tag name too long', 'duplicate tag name'. */
export function renameTag(s: WorkspaceState, a: Author, id: string, name: string): WorkspaceState {
  const record = liveTag(s, id);
  const trimmed = checkTagName(name);
  const tree = tagTree(s.tags);
  checkFreeName(tree, trimmed, tree.places.get(id)!.tag.parent, id);
  if (trimmed === record.name.value) return s;
  const { stamp, state } = advance(s, a);
  return withTag(state, { ...record, name: { value: trimmed, stamp } });
}

/** Throws 'unknown tag', 'invalid colour' (not one of TAG_COLOURS). */
export function setTagColour(s: WorkspaceState, a: Author, id: string, colour: string): WorkspaceState {
  const record = liveTag(s, id);
  checkColour(colour);
  if (colour === record.colour.value) return s;
  const { stamp, state } = advance(s, a);
  return withTag(state, { ...record, colour: { value: colour, stamp } });
}

/**
 * Moves a tag under another, or to the top with null. Throws 'unknown tag', 'tag cycle' (the
 * new parent is the tag or lies below it), 'duplicate tag name' (a new sibling has its name).
 */
export function setTagParent(
  s: WorkspaceState,
  a: Author,
  id: string,
  parent: string | null,
): WorkspaceState {
  const record = liveTag(s, id);
  const tree = tagTree(s.tags);
  if (parent !== null) {
    liveTag(s, parent);
    if (isWithin(tree, parent, id)) throw new Error('tag cycle');
  }
  if (tree.places.get(id)!.tag.parent === parent) return s;
  checkFreeName(tree, record.name.value, parent, id);
  const { stamp, state } = advance(s, a);
  return withTag(state, { ...record, parent: { value: parent, stamp } });
}

/**
 * Merges `from` into `into`: every testimony and quote tagged `from`, now or by a merge later,
 * counts as tagged `into`; `from` disappears and its children move under `into`. Throws
 * 'unknown tag', 'tag cycle' (`into` is `from` or lies below it).
 */
export function mergeTags(s: WorkspaceState, a: Author, from: string, into: string): WorkspaceState {
  const record = liveTag(s, from);
  liveTag(s, into);
  if (isWithin(tagTree(s.tags), into, from)) throw new Error('tag cycle');
  const { stamp, state } = advance(s, a);
  return withTag(state, { ...record, mergedInto: { value: into, stamp } });
}

/**
 * Deletes a tag and its assignments; its children move up to its parent. The tombstone needs
 * no stamp (once deleted, deleted in every merge), so the author is not asked for one.
 * Throws 'unknown tag'.
 */
export function deleteTag(s: WorkspaceState, a: Author, id: string): WorkspaceState {
  const record = liveTag(s, id);
  return withTag(s, { ...record, deleted: true });
}
