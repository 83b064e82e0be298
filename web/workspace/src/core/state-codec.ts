/**
 * The workspace state as bytes: UTF-8 JSON, version 1, the payload of a workspace file
 * (docs/FORMATS.md §10, "Payload: workspace state"). The writer is canonical (every list in a
 * fixed order), so equal states give equal bytes. The reader refuses anything the operations
 * could not have produced: a wrong shape or type, a text over its limit, a reference to a tag
 * the file does not hold, a stamp later than its actor's latest.
 */
import { fromUtf8, utf8 } from '../../../../crypto/bytes.js';
import { compareStamps, covers, isHexId, type Stamp } from './clock.js';
import { TAG_COLOURS } from './palette.js';
import { entriesOf, mapFrom } from './persistent-map.js';
import { sortGiven, type Register, type Switches, type Version, type Versions } from './registers.js';
import {
  checkTagName,
  checkTerm,
  foldName,
  isEntryId,
  isPlaceholderAssignment,
  isPlaceholderLocale,
  isReplyContent,
  isWholeText,
  MAX_MEMO,
  MAX_QUOTE,
  PLACEHOLDER_LOCALES,
  withSeen,
  type LiveQuoteRecord,
  type QuoteRecord,
  type ReplyRecord,
  type TagRecord,
  type WorkspaceState,
} from './state-records.js';

export const STATE_VERSION = 1;

const TOP_KEYS = ['v', 'actors', 'tags', 'entries', 'quotes', 'terms'];
// Written only when there are some, so that files without any still open in workspaces built before them.
const OPTIONAL_TOP_KEYS = ['placeholders', 'replies'];
const TAG_KEYS = ['id', 'name', 'colour', 'parent', 'mergedInto', 'deleted'];
const ENTRY_KEYS = ['id', 'tags', 'memo'];
const QUOTE_KEYS = ['id', 'entry', 'start', 'end', 'original', 'published', 'approval', 'tags'];
const TOMBSTONE_KEYS = ['id', 'deleted'];
const REPLY_KEYS = ['id', 'entry', 'mailbox', 'from', 'text', 'sent', 'stamp'];

type StampJson = [number, number, number];

const byCodeUnits = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** The state as canonical UTF-8 JSON. Never throws. */
export function encodeState(s: WorkspaceState): Uint8Array {
  const actors = [...s.seen.keys()].sort(byCodeUnits);
  const actorIndex = new Map(actors.map((actor, i) => [actor, i]));
  const stamp = (st: Stamp): StampJson => [st.time, st.counter, actorIndex.get(st.actor)!];
  const register = <T>(r: Register<T>) => [r.value, stamp(r.stamp)];
  const versions = (list: Versions) => [...list].sort((x, y) => compareStamps(y.stamp, x.stamp)).map((v) => [v.text, stamp(v.stamp)]);
  const switches = (map: Switches | undefined) =>
    [...(map ?? [])].sort(([x], [y]) => byCodeUnits(x, y)).map(([id, r]) => [id, r.value, stamp(r.stamp)]);

  const memos = new Map(entriesOf(s.memos));
  const entryTags = new Map(entriesOf(s.entryTags));
  const entryIds = [...new Set([...entryTags.keys(), ...memos.keys()])].sort((x, y) => Number(x) - Number(y));
  const quoteRecords = [...entriesOf(s.quotes)].map(([, q]) => q).sort((x, y) => byCodeUnits(x.id, y.id));
  const termVersions = [...s.terms].sort(([x], [y]) => byCodeUnits(x, y)).flatMap(([, list]) => versions(list));
  const placeholders = PLACEHOLDER_LOCALES.flatMap((locale) =>
    [...s.placeholders[locale]]
      .sort(([x], [y]) => byCodeUnits(x, y))
      .flatMap(([value, given]) => {
        const at = value.indexOf(':');
        return sortGiven([...given]).map((v) => [locale, value.slice(0, at), value.slice(at + 1), v.text, stamp(v.stamp)]);
      }),
  );

  const replies = [...s.replies.values()]
    .sort((x, y) => byCodeUnits(x.id, y.id))
    .map((r) => ({ id: r.id, entry: r.entryId, mailbox: r.mailbox, from: r.from, text: r.text, sent: r.sent, stamp: stamp(r.stamp) }));

  const json = {
    v: STATE_VERSION,
    actors: actors.map((actor) => [actor, s.seen.get(actor)!.time, s.seen.get(actor)!.counter]),
    tags: [...s.tags.values()]
      .sort((x, y) => byCodeUnits(x.id, y.id))
      .map((t) => ({ id: t.id, name: register(t.name), colour: register(t.colour), parent: register(t.parent), mergedInto: register(t.mergedInto), deleted: t.deleted })),
    entries: entryIds.map((id) => ({ id, tags: switches(entryTags.get(id)), memo: versions(memos.get(id) ?? []) })),
    quotes: quoteRecords.map((q) =>
      q.deleted
        ? { id: q.id, deleted: true }
        : { id: q.id, entry: q.entryId, start: q.start, end: q.end, original: q.original, published: versions(q.published), approval: register(q.approval), tags: switches(q.tags) },
    ),
    terms: termVersions,
  };
  return utf8(JSON.stringify({ ...json, ...(placeholders.length > 0 && { placeholders }), ...(replies.length > 0 && { replies }) }));
}

function fail(): never {
  throw new Error('invalid workspace state');
}

function expect(condition: unknown): asserts condition {
  if (!condition) fail();
}

function isObjectWith(x: unknown, keys: readonly string[]): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const own = Object.keys(x);
  return own.length === keys.length && keys.every((key) => Object.hasOwn(x, key));
}

/** An object with every top-level key, any of the optional ones, and nothing else. */
function hasTopKeys(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const own = Object.keys(x);
  return TOP_KEYS.every((key) => Object.hasOwn(x, key)) && own.every((key) => TOP_KEYS.includes(key) || OPTIONAL_TOP_KEYS.includes(key));
}

function isCount(x: unknown): x is number {
  return Number.isSafeInteger(x) && (x as number) >= 0;
}

function isTuple(x: unknown, length: number): x is unknown[] {
  return Array.isArray(x) && x.length === length;
}

function isTagName(x: unknown): x is string {
  try {
    return typeof x === 'string' && checkTagName(x) === x;
  } catch {
    return false;
  }
}

function isTerm(x: unknown): x is string {
  try {
    return typeof x === 'string' && checkTerm(x) === x;
  } catch {
    return false;
  }
}

function isText(x: unknown, max: number): x is string {
  return typeof x === 'string' && x.trim() !== '' && x.length <= max;
}

/**
 * Reads a workspace state written by encodeState (or another implementation of the format).
 * Throws 'invalid workspace state' on anything malformed: not UTF-8 JSON, another version, a
 * missing or extra key, a wrong type, a text over its limit, a duplicate id, a reference to a tag
 * the state does not hold, a stamp beyond its actor's latest.
 */
export function decodeState(bytes: Uint8Array): WorkspaceState {
  try {
    expect(bytes instanceof Uint8Array);
    return readState(JSON.parse(fromUtf8(bytes)));
  } catch {
    fail();
  }
}

function readState(json: unknown): WorkspaceState {
  expect(hasTopKeys(json) && json.v === STATE_VERSION);
  expect(Array.isArray(json.actors) && Array.isArray(json.tags) && Array.isArray(json.entries));
  expect(Array.isArray(json.quotes) && Array.isArray(json.terms));

  const actors: string[] = [];
  const seen = new Map<string, Stamp>();
  for (const item of json.actors) {
    expect(isTuple(item, 3) && isHexId(item[0]) && isCount(item[1]) && isCount(item[2]) && !seen.has(item[0]));
    actors.push(item[0]);
    seen.set(item[0], { time: item[1], counter: item[2], actor: item[0] });
  }
  const stamp = (x: unknown): Stamp => {
    expect(isTuple(x, 3) && isCount(x[0]) && isCount(x[1]) && isCount(x[2]) && x[2] < actors.length);
    const read = { time: x[0], counter: x[1], actor: actors[x[2]] };
    expect(covers(seen, read));
    return read;
  };
  const register = <T>(x: unknown, isValue: (v: unknown) => v is T): Register<T> => {
    expect(isTuple(x, 2) && isValue(x[0]));
    return { value: x[0], stamp: stamp(x[1]) };
  };
  const versions = (x: unknown, isValue: (v: unknown) => v is string): Version[] => {
    expect(Array.isArray(x));
    const list = x.map((item) => {
      expect(isTuple(item, 2) && isValue(item[0]));
      return { text: item[0], stamp: stamp(item[1]) };
    });
    const sorted = list.sort((a, b) => compareStamps(b.stamp, a.stamp));
    expect(sorted.every((v, i) => i === 0 || compareStamps(sorted[i - 1].stamp, v.stamp) !== 0));
    return sorted;
  };

  const tags = new Map<string, TagRecord>();
  const isTagRef = (v: unknown): v is string | null => v === null || isHexId(v);
  for (const t of json.tags) {
    expect(isObjectWith(t, TAG_KEYS) && isHexId(t.id) && !tags.has(t.id) && typeof t.deleted === 'boolean');
    tags.set(t.id, {
      id: t.id,
      name: register(t.name, isTagName),
      colour: register(t.colour, (v): v is string => typeof v === 'string' && TAG_COLOURS.includes(v)),
      parent: register(t.parent, isTagRef),
      mergedInto: register(t.mergedInto, isTagRef),
      deleted: t.deleted,
    });
  }
  for (const t of tags.values()) {
    for (const ref of [t.parent.value, t.mergedInto.value]) expect(ref === null || tags.has(ref));
  }

  const switches = (x: unknown): Switches => {
    expect(Array.isArray(x));
    const out = new Map<string, Register<boolean>>();
    for (const item of x) {
      expect(isTuple(item, 3) && typeof item[0] === 'string' && tags.has(item[0]) && !out.has(item[0]) && typeof item[1] === 'boolean');
      out.set(item[0], { value: item[1], stamp: stamp(item[2]) });
    }
    return out;
  };

  const entryTags: [string, Switches][] = [];
  const memos: [string, Versions][] = [];
  const entryIds = new Set<string>();
  for (const e of json.entries) {
    expect(isObjectWith(e, ENTRY_KEYS) && isEntryId(e.id) && !entryIds.has(e.id));
    entryIds.add(e.id);
    const on = switches(e.tags);
    const memo = versions(e.memo, (v): v is string => isText(v, MAX_MEMO));
    if (on.size > 0) entryTags.push([e.id, on]);
    if (memo.length > 0) memos.push([e.id, memo]);
  }

  const quotes = new Map<string, QuoteRecord>();
  for (const q of json.quotes) {
    if (isObjectWith(q, TOMBSTONE_KEYS)) {
      expect(isHexId(q.id) && !quotes.has(q.id) && q.deleted === true);
      quotes.set(q.id, { id: q.id, deleted: true });
      continue;
    }
    expect(isObjectWith(q, QUOTE_KEYS) && isHexId(q.id) && !quotes.has(q.id) && isEntryId(q.entry));
    const { start, end, original } = q;
    expect(isCount(start) && isCount(end) && start < end && isText(original, MAX_QUOTE));
    expect(original.length === end - start && isWholeText(original));
    const published = versions(q.published, (v): v is string => isText(v, MAX_QUOTE));
    const record: LiveQuoteRecord = {
      id: q.id,
      deleted: false,
      entryId: q.entry,
      start,
      end,
      original,
      published,
      approval: register(q.approval, (v): v is string | null => v === null || (typeof v === 'string' && v.length <= MAX_QUOTE)),
      tags: switches(q.tags),
    };
    quotes.set(q.id, record);
  }

  const terms = new Map<string, Version[]>();
  for (const version of versions(json.terms, isTerm)) {
    const key = foldName(version.text);
    const list = terms.get(key);
    if (list) list.push(version);
    else terms.set(key, [version]);
  }

  const rows = Object.hasOwn(json, 'placeholders') ? json.placeholders : [];
  expect(Array.isArray(rows));
  const placeholders = { en: new Map<string, Version[]>(), fr: new Map<string, Version[]>() };
  for (const row of rows) {
    expect(isTuple(row, 5) && isPlaceholderLocale(row[0]));
    const assignment = { kind: row[1], key: row[2], placeholder: row[3] };
    expect(isPlaceholderAssignment(assignment));
    const value = `${assignment.kind}:${assignment.key}`;
    const map = placeholders[row[0]];
    const given = map.get(value) ?? [];
    expect(!given.some((v) => v.text === assignment.placeholder));
    given.push({ text: assignment.placeholder, stamp: stamp(row[4]) });
    map.set(value, given);
  }
  for (const map of Object.values(placeholders)) for (const given of map.values()) sortGiven(given);

  const replyRows = Object.hasOwn(json, 'replies') ? json.replies : [];
  expect(Array.isArray(replyRows));
  const replies = new Map<string, ReplyRecord>();
  for (const r of replyRows) {
    expect(isObjectWith(r, REPLY_KEYS) && isHexId(r.id) && !replies.has(r.id));
    const content = { entryId: r.entry, mailbox: r.mailbox, from: r.from, text: r.text, sent: r.sent };
    expect(isReplyContent(content));
    replies.set(r.id, { id: r.id, ...(content as Omit<ReplyRecord, 'id' | 'stamp'>), stamp: stamp(r.stamp) });
  }

  return withSeen({ seen, tags, entryTags: mapFrom(entryTags), memos: mapFrom(memos), quotes: mapFrom(quotes), terms, placeholders, replies });
}
