/**
 * The tags as the delegate sees them, worked out from the stored records: which tags are live,
 * what every tag id counts for, and the tree. Built once per tag map and cached, since every
 * query on tags goes through it and a tag edit is rare beside them.
 *
 * A merge of two workspace files can join edits that make sense apart and not together. They
 * are resolved here, the same way whatever order the files were merged in, and never by looping:
 * - tags merged into each other in a ring (A into B on one side, B into A on the other): the
 *   ring's latest merge is ignored, as it would have been refused had it come after the others;
 * - a tag placed under a deleted tag goes up to that tag's parent; under a merged tag, under
 *   the tag it was merged into;
 * - tags made each other's ancestors (A under B here, B under A there): the ring's latest move
 *   is ignored and that tag becomes a root.
 */
import { compareStamps, type Stamp } from './clock.js';
import type { TagRecord } from './state-records.js';

export interface Tag {
  readonly id: string;
  readonly name: string;
  /** One of TAG_COLOURS. */
  readonly colour: string;
  /** The live parent, or null for a root. */
  readonly parent: string | null;
}

export interface TreePlace {
  readonly tag: Tag;
  /** Position in tree order. */
  readonly index: number;
  /** Position just past the last descendant: descendants fill index + 1 to end - 1. */
  readonly end: number;
  readonly depth: number;
}

export interface TagTree {
  /** Live tags: parents before children, siblings by name (French collation), then by id. */
  readonly order: readonly Tag[];
  readonly places: ReadonlyMap<string, TreePlace>;
  /** Every tag id ever created → the live tag its assignments count for, or null if none. */
  readonly survivor: ReadonlyMap<string, string | null>;
  /** Every live tag → the tag ids whose assignments count for it, itself included. */
  readonly absorbed: ReadonlyMap<string, readonly string[]>;
}

const collator = new Intl.Collator('fr');
const cache = new WeakMap<ReadonlyMap<string, TagRecord>, TagTree>();

/** The tree of a state's tags (cached per tag map). */
export function tagTree(tags: ReadonlyMap<string, TagRecord>): TagTree {
  let tree = cache.get(tags);
  if (tree === undefined) {
    tree = buildTree(tags);
    cache.set(tags, tree);
  }
  return tree;
}

/**
 * The edges of a graph where each node points to at most one other, minus the heaviest edge of
 * each ring (by the stamp of the write that made it, then by source id), which leaves no ring.
 */
function withoutRings(edges: ReadonlyMap<string, string>, stampOf: (source: string) => Stamp): Map<string, string> {
  const kept = new Map(edges);
  const done = new Set<string>();
  for (const start of edges.keys()) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let at: string | undefined = start;
    while (at !== undefined && !done.has(at) && !onPath.has(at)) {
      onPath.set(at, path.length);
      path.push(at);
      at = edges.get(at);
    }
    if (at !== undefined && onPath.has(at)) {
      const ring = path.slice(onPath.get(at));
      const heaviest = ring.reduce((a, b) => {
        const order = compareStamps(stampOf(a), stampOf(b)) || (a < b ? -1 : 1);
        return order >= 0 ? a : b;
      });
      kept.delete(heaviest);
    }
    for (const node of path) done.add(node);
  }
  return kept;
}

/**
 * Follows `step` from `start` until `stop` gives an answer, remembering it for every node on
 * the way. A step to null, or to a node met before on the way (a ring), answers null.
 */
function follow(
  start: string,
  memo: Map<string, string | null>,
  stop: (id: string) => string | null | undefined,
  step: (id: string) => string | null,
): string | null {
  const path: string[] = [];
  const onPath = new Set<string>();
  let at: string | null = start;
  let answer: string | null | undefined;
  while (answer === undefined) {
    if (at === null || onPath.has(at)) answer = null;
    else if (memo.has(at)) answer = memo.get(at)!;
    else {
      path.push(at);
      onPath.add(at);
      answer = stop(at);
      if (answer === undefined) at = step(at);
    }
  }
  for (const node of path) memo.set(node, answer);
  return answer;
}

function buildTree(tags: ReadonlyMap<string, TagRecord>): TagTree {
  const merges = new Map<string, string>();
  for (const tag of tags.values()) {
    if (tag.mergedInto.value !== null) merges.set(tag.id, tag.mergedInto.value);
  }
  const mergedInto = withoutRings(merges, (id) => tags.get(id)!.mergedInto.stamp);
  const isLive = (id: string) => !tags.get(id)!.deleted && !mergedInto.has(id);

  // What a merged tag's assignments count for; a deleted tag anywhere on the way takes them with it.
  const survivor = new Map<string, string | null>();
  for (const id of tags.keys()) {
    follow(id, survivor, (at) => (tags.get(at)!.deleted ? null : isLive(at) ? at : undefined), (at) => mergedInto.get(at)!);
  }

  // Where the children of a tag go: itself if live, its parent's place if deleted, its survivor's if merged.
  const host = new Map<string, string | null>();
  const hostOf = (id: string | null) =>
    id === null
      ? null
      : follow(
          id,
          host,
          (at) => (isLive(at) ? at : undefined),
          (at) => (tags.get(at)!.deleted ? tags.get(at)!.parent.value : mergedInto.get(at)!),
        );

  const live = [...tags.values()].filter((tag) => isLive(tag.id));
  const parents = new Map<string, string>();
  for (const tag of live) {
    const parent = hostOf(tag.parent.value);
    if (parent !== null) parents.set(tag.id, parent);
  }
  const treeParent = withoutRings(parents, (id) => tags.get(id)!.parent.stamp);

  const children = new Map<string | null, TagRecord[]>();
  for (const tag of live) {
    const parent = treeParent.get(tag.id) ?? null;
    const siblings = children.get(parent);
    if (siblings) siblings.push(tag);
    else children.set(parent, [tag]);
  }
  for (const siblings of children.values()) {
    siblings.sort((a, b) => collator.compare(a.name.value, b.name.value) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  // Depth first, with a stack of its own: a file may hold a chain of tags deeper than the call stack.
  const order: Tag[] = [];
  const depths: number[] = [];
  const pending: { record: TagRecord; depth: number }[] = (children.get(null) ?? []).map((record) => ({ record, depth: 0 })).reverse();
  while (pending.length > 0) {
    const { record, depth } = pending.pop()!;
    order.push({ id: record.id, name: record.name.value, colour: record.colour.value, parent: treeParent.get(record.id) ?? null });
    depths.push(depth);
    const below = children.get(record.id) ?? [];
    for (let i = below.length - 1; i >= 0; i--) pending.push({ record: below[i], depth: depth + 1 });
  }
  const places = new Map<string, TreePlace>();
  const open: number[] = [];
  const close = (index: number, end: number) => places.set(order[index].id, { tag: order[index], index, end, depth: depths[index] });
  for (let index = 0; index < order.length; index++) {
    while (open.length > 0 && depths[open[open.length - 1]] >= depths[index]) close(open.pop()!, index);
    open.push(index);
  }
  while (open.length > 0) close(open.pop()!, order.length);

  const absorbed = new Map<string, string[]>();
  for (const [id, target] of survivor) {
    if (target === null) continue;
    const list = absorbed.get(target);
    if (list) list.push(id);
    else absorbed.set(target, [id]);
  }
  return { order, places, survivor, absorbed };
}
