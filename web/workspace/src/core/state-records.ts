/**
 * How the workspace state is stored: every field with the stamp of its last write, deleted
 * tags and quotes as tombstones, and the version vector that merges rely on. The operations
 * (tag-edits, entry-edits, quote-edits, term-edits, placeholder-edits) make new states from old
 * ones; the queries (state-queries) read them; merge.ts joins two; state-codec.ts writes and
 * reads them.
 */
import type { AnonymiseLocale } from '../../../anonymise/labels.js';
import type { PlaceholderAssignment } from '../../../anonymise/placeholders.js';
import { joinSeen, latestOf, nextStamp, type Author, type Seen, type Stamp } from './clock.js';
import { emptyMap, type PersistentMap } from './persistent-map.js';
import type { GivenTexts, Register, Switches, Versions } from './registers.js';

export const MAX_TAG_NAME = 100;
export const MAX_MEMO = 20_000;
export const MAX_QUOTE = 20_000;
export const MAX_TERM = 200;
export const MAX_PLACEHOLDER_KEY = 200;
export const MAX_PLACEHOLDER = 64;
/** A reply's text, in UTF-16 code units. */
export const MAX_REPLY = 20_000;
/** Per language. Merging files can exceed it, so readers do not refuse more: only new ones are refused. */
export const MAX_PLACEHOLDERS = 10_000;
export const PLACEHOLDER_LOCALES: readonly AnonymiseLocale[] = ['en', 'fr'];

export interface TagRecord {
  readonly id: string;
  readonly name: Register<string>;
  readonly colour: Register<string>;
  readonly parent: Register<string | null>;
  /** Set by merging this tag into another: what it counts for from then on. */
  readonly mergedInto: Register<string | null>;
  /** Once true, true for ever. The record stays, so children and merged tags still find their way. */
  readonly deleted: boolean;
}

export interface LiveQuoteRecord {
  readonly id: string;
  readonly deleted: false;
  readonly entryId: string;
  readonly start: number;
  readonly end: number;
  readonly original: string;
  /**
   * Empty only when one actor wrote on two copies of a state and their merge removed every
   * version each copy had seen (see Author): the quote then reads as its original.
   */
  readonly published: Versions;
  /** The wording that was approved, or null: approval belongs to one wording. */
  readonly approval: Register<string | null>;
  readonly tags: Switches;
}

/** A deleted quote keeps only its id: nothing merged in later can bring it back. */
export interface DeletedQuoteRecord {
  readonly id: string;
  readonly deleted: true;
}

export type QuoteRecord = LiveQuoteRecord | DeletedQuoteRecord;

/**
 * A reply sent to a testimony's mailbox, kept so that colleagues who merge the work see what
 * was answered. Sent is sent: a reply is never edited nor deleted.
 */
export interface ReplyRecord {
  readonly id: string;
  /** The testimony answered, as the delegate read it. */
  readonly entryId: string;
  /** The key id of the mailbox it was sealed to: what threads a testimony and its follow-ups. */
  readonly mailbox: string;
  /** The key id of the delegate who signed it. */
  readonly from: string;
  readonly text: string;
  /** The time the reply itself carries (ISO 8601, UTC, milliseconds), by the sender's clock. */
  readonly sent: string;
  readonly stamp: Stamp;
}

/**
 * The delegate's work: tags, testimonies' tags and memos, quotes, sensitive terms, and the
 * placeholders the anonymiser gave. Treat it as opaque and immutable: the operations return new
 * states and leave the old ones untouched.
 */
export interface WorkspaceState {
  /** For each actor, its latest write held here. */
  readonly seen: Seen;
  /** The greatest stamp in `seen`, which the next write must exceed. */
  readonly latest: Stamp | null;
  readonly tags: ReadonlyMap<string, TagRecord>;
  /** Testimony id → its tag switches. */
  readonly entryTags: PersistentMap<Switches>;
  /** Testimony id → its memo's versions; a cleared memo has no record. */
  readonly memos: PersistentMap<Versions>;
  readonly quotes: PersistentMap<QuoteRecord>;
  /** Folded term (see foldName) → the versions of its wording; a removed term has no record. */
  readonly terms: ReadonlyMap<string, Versions>;
  /** Per language, the anonymiser's lettered placeholders (see rememberPlaceholders). */
  readonly placeholders: { readonly [L in AnonymiseLocale]: PlaceholderMap };
  /** Reply id → the reply sent; never removed. */
  readonly replies: ReadonlyMap<string, ReplyRecord>;
}

/**
 * `${kind}:${key}` of a value the anonymiser replaced (kind "name" or "term", key as the
 * anonymiser compares values) → every placeholder given to it, earliest first: the first counts,
 * the others were given by delegates working apart and stay taken.
 */
export type PlaceholderMap = ReadonlyMap<string, GivenTexts>;

/** A workspace with nothing in it. */
export function emptyState(): WorkspaceState {
  return {
    seen: new Map(),
    latest: null,
    tags: new Map(),
    entryTags: emptyMap(),
    memos: emptyMap(),
    quotes: emptyMap(),
    terms: new Map(),
    placeholders: { en: new Map(), fr: new Map() },
    replies: new Map(),
  };
}

/**
 * The stamp of the author's next write, and the state whose clock holds it, for the caller to
 * change. Throws 'invalid actor' or 'invalid clock' (see nextStamp).
 */
export function advance(s: WorkspaceState, author: Author): { stamp: Stamp; state: WorkspaceState } {
  const stamp = nextStamp(s.latest, author);
  return { stamp, state: { ...s, seen: joinSeen(s.seen, new Map([[stamp.actor, stamp]])), latest: stamp } };
}

/** The state's clock recomputed from its version vector, after a merge or a decode. */
export function withSeen(s: Omit<WorkspaceState, 'latest'>): WorkspaceState {
  return { ...s, latest: latestOf(s.seen) };
}

const DECIMAL_ID = /^(?:0|[1-9][0-9]{0,15})$/;

/** True for a testimony id: the server's id in decimal, a safe integer, no leading zero. */
export function isEntryId(id: unknown): id is string {
  return typeof id === 'string' && DECIMAL_ID.test(id) && Number(id) <= Number.MAX_SAFE_INTEGER;
}

/** Throws 'invalid entry' unless `id` is a testimony id. */
export function checkEntryId(id: string): string {
  if (!isEntryId(id)) throw new Error('invalid entry');
  return id;
}

// A name or term is one line: it ends up in exports, cells and headings.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The name trimmed. Throws 'invalid tag name' when empty or holding a control character, 'tag name too long'. */
export function checkTagName(name: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '' || CONTROL.test(trimmed)) throw new Error('invalid tag name');
  if (trimmed.length > MAX_TAG_NAME) throw new Error('tag name too long');
  return trimmed;
}

/** The term trimmed. Throws 'invalid term' when empty or holding a control character, 'term too long'. */
export function checkTerm(term: string): string {
  const trimmed = typeof term === 'string' ? term.trim() : '';
  if (trimmed === '' || CONTROL.test(trimmed)) throw new Error('invalid term');
  if (trimmed.length > MAX_TERM) throw new Error('term too long');
  return trimmed;
}

const KEY_ID = /^[0-9a-f]{16}$/;
const SENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * True for the fields of a reply the state can hold: a testimony id, key ids of 16 lowercase hex
 * digits, a text not blank of at most MAX_REPLY code units with no lone surrogate, and the time
 * as Date.prototype.toISOString writes it.
 */
export function isReplyContent(r: { readonly entryId: unknown; readonly mailbox: unknown; readonly from: unknown; readonly text: unknown; readonly sent: unknown }): boolean {
  return (
    isEntryId(r.entryId) &&
    typeof r.mailbox === 'string' && KEY_ID.test(r.mailbox) &&
    typeof r.from === 'string' && KEY_ID.test(r.from) &&
    typeof r.text === 'string' && r.text.trim() !== '' && r.text.length <= MAX_REPLY && isWholeText(r.text) &&
    typeof r.sent === 'string' && SENT.test(r.sent) && !Number.isNaN(Date.parse(r.sent))
  );
}

const LETTERED_KINDS = ['name', 'term'];

export function isPlaceholderLocale(locale: unknown): locale is AnonymiseLocale {
  return PLACEHOLDER_LOCALES.includes(locale as AnonymiseLocale);
}

/**
 * True for a placeholder the state can remember: a lettered kind, a key of 1 to
 * MAX_PLACEHOLDER_KEY code units and a placeholder of 1 to MAX_PLACEHOLDER, neither blank nor
 * holding a control character.
 */
export function isPlaceholderAssignment(x: { readonly kind: unknown; readonly key: unknown; readonly placeholder: unknown }): x is PlaceholderAssignment {
  const oneLine = (text: unknown, max: number) => typeof text === 'string' && text.trim() !== '' && text.length <= max && !CONTROL.test(text);
  return LETTERED_KINDS.includes(x.kind as string) && oneLine(x.key, MAX_PLACEHOLDER_KEY) && oneLine(x.placeholder, MAX_PLACEHOLDER);
}

// Half of a surrogate pair: what a selection leaves when it cuts a character in two.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when no character of the text is cut in two (no lone UTF-16 surrogate). */
export function isWholeText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** What makes two tag names or two terms the same one: case and Unicode normal form do not count. */
export function foldName(text: string): string {
  return text.normalize('NFC').toLowerCase();
}
