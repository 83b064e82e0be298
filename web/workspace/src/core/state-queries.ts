/**
 * Reading the workspace state. Everything here resolves merges and deletions as tag-tree.ts
 * does, and is cheap for 10,000 testimonies: indexes are built on first use and cached per map.
 */
import type { AnonymiseLocale } from '../../../anonymise/labels.js';
import { clashingPlaceholders, type PlaceholderAssignment, type PlaceholderClash } from '../../../anonymise/placeholders.js';
import { entryIndex } from './entry-index.js';
import { entriesOf, getIn, type PersistentMap } from './persistent-map.js';
import { conflictsOf, type Switches } from './registers.js';
import { isApproved, publishedText } from './quote-edits.js';
import type { PlaceholderMap, QuoteRecord, TagRecord, WorkspaceState } from './state-records.js';
import { tagTree, type Tag, type TagTree } from './tag-tree.js';

export interface Quote {
  readonly id: string;
  /** The testimony it was taken from. */
  readonly entryId: string;
  /** UTF-16 offsets of the selection in the testimony's text. */
  readonly start: number;
  readonly end: number;
  /** The selected text, kept so the quote makes sense without the testimony. */
  readonly original: string;
  /** The wording to publish. */
  readonly published: string;
  /** Live tag ids, merges resolved, in tree order. */
  readonly tags: readonly string[];
  /** True when this exact published wording was approved. */
  readonly approved: boolean;
  /** Wordings written concurrently elsewhere that lost to `published`, latest first. */
  readonly conflicts: readonly string[];
}

export interface Memo {
  readonly text: string;
  /** Texts written concurrently elsewhere that lost to `text`, latest first. */
  readonly conflicts: readonly string[];
}

const collator = new Intl.Collator('fr');

/** Live tags in tree order: parents before children, siblings by name (French collation). */
export function tags(s: WorkspaceState): readonly Tag[] {
  return tagTree(s.tags).order;
}

function placeOf(s: WorkspaceState, id: string) {
  const place = tagTree(s.tags).places.get(id);
  if (place === undefined) throw new Error('unknown tag');
  return place;
}

/** 0 for a root, 1 for its children, and so on. Throws 'unknown tag' unless the tag is live. */
export function tagDepth(s: WorkspaceState, id: string): number {
  return placeOf(s, id).depth;
}

/** The names from the root down to the tag. Throws 'unknown tag' unless the tag is live. */
export function tagPath(s: WorkspaceState, id: string): readonly string[] {
  const places = tagTree(s.tags).places;
  const path: string[] = [];
  for (let at: string | null = placeOf(s, id).tag.id; at !== null; at = places.get(at)!.tag.parent) {
    path.push(places.get(at)!.tag.name);
  }
  return path.reverse();
}

/** The live tags switches stand for, merges resolved, each once, in tree order. */
function liveTagsOf(tree: TagTree, switches: Switches | undefined): string[] {
  const ids = new Set<string>();
  for (const [id, register] of switches ?? []) {
    const counts = register.value ? tree.survivor.get(id) : null;
    if (counts !== null && counts !== undefined) ids.add(counts);
  }
  return [...ids].sort((x, y) => tree.places.get(x)!.index - tree.places.get(y)!.index);
}

/** A testimony's live tags, merges resolved, in tree order; none for an unknown testimony. */
export function entryTags(s: WorkspaceState, entryId: string): readonly string[] {
  return liveTagsOf(tagTree(s.tags), getIn(s.entryTags, entryId));
}

/**
 * The testimonies tagged with a live tag (or tags merged into it), and with its descendants too
 * if asked. Empty for a tag that is not live.
 */
export function entriesTagged(s: WorkspaceState, tagId: string, withDescendants: boolean): ReadonlySet<string> {
  const tree = tagTree(s.tags);
  const place = tree.places.get(tagId);
  const out = new Set<string>();
  if (place === undefined) return out;
  const index = entryIndex(s.entryTags);
  for (const tag of tree.order.slice(place.index, withDescendants ? place.end : place.index + 1)) {
    for (const stored of tree.absorbed.get(tag.id) ?? []) for (const entryId of index.get(stored) ?? []) out.add(entryId);
  }
  return out;
}

/** A testimony's memo, or null when it has none. */
export function memo(s: WorkspaceState, entryId: string): Memo | null {
  const versions = getIn(s.memos, entryId);
  return versions === undefined ? null : { text: versions[0].text, conflicts: conflictsOf(versions) };
}

const quoteCache = new WeakMap<PersistentMap<QuoteRecord>, { tags: ReadonlyMap<string, TagRecord>; list: readonly Quote[] }>();

function quoteOf(tree: TagTree, record: QuoteRecord & { deleted: false }): Quote {
  const { id, entryId, start, end, original } = record;
  const published = publishedText(record);
  const conflicts = conflictsOf(record.published);
  return { id, entryId, start, end, original, published, tags: liveTagsOf(tree, record.tags), approved: isApproved(record), conflicts };
}

/** Live quotes, by testimony id (as a number), then start, end and id. */
export function quotes(s: WorkspaceState): readonly Quote[] {
  const cached = quoteCache.get(s.quotes);
  if (cached?.tags === s.tags) return cached.list;
  const tree = tagTree(s.tags);
  const list: Quote[] = [];
  for (const [, record] of entriesOf(s.quotes)) if (!record.deleted) list.push(quoteOf(tree, record));
  list.sort((x, y) => Number(x.entryId) - Number(y.entryId) || x.start - y.start || x.end - y.end || (x.id < y.id ? -1 : 1));
  quoteCache.set(s.quotes, { tags: s.tags, list });
  return list;
}

/** One live quote, or null. */
export function quote(s: WorkspaceState, id: string): Quote | null {
  const record = getIn(s.quotes, id);
  return record === undefined || record.deleted ? null : quoteOf(tagTree(s.tags), record);
}

const termCache = new WeakMap<ReadonlyMap<string, unknown>, readonly string[]>();

/** The sensitive terms, in French collation order. */
export function terms(s: WorkspaceState): readonly string[] {
  let list = termCache.get(s.terms);
  if (list === undefined) {
    list = [...s.terms.values()].map((versions) => versions[0].text).sort((x, y) => collator.compare(x, y) || (x < y ? -1 : x > y ? 1 : 0));
    termCache.set(s.terms, list);
  }
  return list;
}

// Per map: most edits leave the placeholders as they were.
const assignmentCache = new WeakMap<PlaceholderMap, readonly PlaceholderAssignment[]>();
const clashCache = new WeakMap<PlaceholderMap, readonly PlaceholderClash[]>();

/**
 * Every placeholder the anonymiser gave in this language, by value (`kind:key`, by UTF-16 code
 * units), each value's earliest first: what a new Placeholders set is given to remember.
 */
export function placeholderAssignments(s: WorkspaceState, locale: AnonymiseLocale): readonly PlaceholderAssignment[] {
  const map = s.placeholders[locale];
  let list = assignmentCache.get(map);
  if (list === undefined) {
    list = [...map]
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
      .flatMap(([value, given]) => {
        const at = value.indexOf(':');
        const kind = value.slice(0, at) as PlaceholderAssignment['kind'];
        return given.map((v) => ({ kind, key: value.slice(at + 1), placeholder: v.text }));
      });
    assignmentCache.set(map, list);
  }
  return list;
}

/**
 * Placeholders that stand for two different values in this language, given by delegates working
 * apart ("[Personne B]" for Garnier here and for Lefebvre there): the quotes that hold them need
 * checking. Empty when the work is consistent.
 */
export function placeholderClashes(s: WorkspaceState, locale: AnonymiseLocale): readonly PlaceholderClash[] {
  const map = s.placeholders[locale];
  let list = clashCache.get(map);
  if (list === undefined) clashCache.set(map, (list = clashingPlaceholders(placeholderAssignments(s, locale))));
  return list;
}

export interface Reply {
  readonly id: string;
  readonly entryId: string;
  readonly from: string;
  readonly text: string;
  readonly sent: string;
}

/** The replies sent to this mailbox (a key id), oldest first by the time they carry, ties by id. */
export function repliesTo(s: WorkspaceState, mailbox: string): readonly Reply[] {
  return [...s.replies.values()]
    .filter((r) => r.mailbox === mailbox)
    .sort((x, y) => (x.sent < y.sent ? -1 : x.sent > y.sent ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    .map(({ id, entryId, from, text, sent }) => ({ id, entryId, from, text, sent }));
}
