/**
 * Quotes: a passage selected in a testimony, and the wording to publish beside it. The
 * original never changes; the published wording is edited (concurrent edits all kept, see
 * registers.ts); approval names the wording it approved, so that any later edit, here or merged
 * from elsewhere, leaves the quote unapproved.
 */
import { newId, type Author } from './clock.js';
import { getIn, setIn } from './persistent-map.js';
import type { Register, Switches } from './registers.js';
import { advance, checkEntryId, isWholeText, MAX_QUOTE, type LiveQuoteRecord, type WorkspaceState } from './state-records.js';
import { liveTag } from './tag-edits.js';
import { tagTree } from './tag-tree.js';

/** The record of a live quote. Throws 'unknown quote'. */
export function liveQuote(s: WorkspaceState, id: string): LiveQuoteRecord {
  const record = typeof id === 'string' ? getIn(s.quotes, id) : undefined;
  if (record === undefined || record.deleted) throw new Error('unknown quote');
  return record;
}

/** The wording to publish: the latest version. */
export function publishedText(record: LiveQuoteRecord): string {
  return record.published[0]?.text ?? record.original;
}

/** True when the quote's approval names its current wording. */
export function isApproved(record: LiveQuoteRecord): boolean {
  return record.approval.value === publishedText(record);
}

function withQuote(s: WorkspaceState, record: LiveQuoteRecord): WorkspaceState {
  return { ...s, quotes: setIn(s.quotes, record.id, record) };
}

function checkPublished(text: string): string {
  if (typeof text !== 'string' || text.trim() === '') throw new Error('invalid quote');
  if (text.length > MAX_QUOTE) throw new Error('quote too long');
  return text;
}

/**
 * A new quote of `original`, the text at UTF-16 offsets start to end of a testimony, published
 * as it is at first, with a new random id. Throws 'invalid entry', 'invalid quote' (offsets
 * that are not integers with 0 ≤ start < end, an original whose length is not end − start,
 * blank, or cutting a character in two), 'quote too long' (over MAX_QUOTE), 'unknown tag'.
 */
export function addQuote(
  s: WorkspaceState,
  a: Author,
  init: { entryId: string; start: number; end: number; original: string; tags?: readonly string[] },
): { state: WorkspaceState; id: string } {
  const entryId = checkEntryId(init.entryId);
  const { start, end, original } = init;
  const offsetsFit = Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && end > start;
  if (!offsetsFit || typeof original !== 'string' || original.length !== end - start) throw new Error('invalid quote');
  if (original.trim() === '' || !isWholeText(original)) throw new Error('invalid quote');
  if (original.length > MAX_QUOTE) throw new Error('quote too long');
  const tagIds = [...new Set(init.tags ?? [])];
  for (const tagId of tagIds) liveTag(s, tagId);
  const { stamp, state } = advance(s, a);
  let id = newId();
  while (getIn(s.quotes, id) !== undefined) id = newId();
  const record: LiveQuoteRecord = {
    id,
    deleted: false,
    entryId,
    start,
    end,
    original,
    published: [{ text: original, stamp }],
    approval: { value: null, stamp },
    tags: new Map(tagIds.map((tagId) => [tagId, { value: true, stamp }])),
  };
  return { state: withQuote(state, record), id };
}

/**
 * Sets the published wording, resolving any conflict; a new wording is no longer approved.
 * Throws 'unknown quote', 'invalid quote' (blank), 'quote too long'.
 */
export function editQuote(s: WorkspaceState, a: Author, id: string, published: string): WorkspaceState {
  const record = liveQuote(s, id);
  const text = checkPublished(published);
  if (record.published.length === 1 && record.published[0].text === text) return s;
  const { stamp, state } = advance(s, a);
  const approval: Register<string | null> = text === publishedText(record) ? record.approval : { value: null, stamp };
  return withQuote(state, { ...record, published: [{ text, stamp }], approval });
}

/**
 * Gives a quote exactly these live tags. Tags merged into one of them count as it: removing a
 * tag switches them off too. Throws 'unknown quote', 'unknown tag'.
 */
export function setQuoteTags(s: WorkspaceState, a: Author, id: string, tags: readonly string[]): WorkspaceState {
  const record = liveQuote(s, id);
  const wanted = new Set(tags);
  for (const tagId of wanted) liveTag(s, tagId);
  const survivor = tagTree(s.tags).survivor;
  const counted = new Set<string>();
  const off: string[] = [];
  for (const [tagId, register] of record.tags) {
    const counts = register.value ? survivor.get(tagId) : null;
    if (counts === null || counts === undefined) continue;
    if (wanted.has(counts)) counted.add(counts);
    else off.push(tagId);
  }
  const on = [...wanted].filter((tagId) => !counted.has(tagId));
  if (on.length === 0 && off.length === 0) return s;
  const { stamp, state } = advance(s, a);
  const switches = new Map(record.tags);
  for (const tagId of on) switches.set(tagId, { value: true, stamp });
  for (const tagId of off) switches.set(tagId, { value: false, stamp });
  return withQuote(state, { ...record, tags: switches satisfies Switches });
}

/** Approves the quote's current wording, or withdraws approval. Throws 'unknown quote'. */
export function approveQuote(s: WorkspaceState, a: Author, id: string, approved: boolean): WorkspaceState {
  const record = liveQuote(s, id);
  if (isApproved(record) === approved) return s;
  const { stamp, state } = advance(s, a);
  return withQuote(state, { ...record, approval: { value: approved ? publishedText(record) : null, stamp } });
}

/**
 * Deletes a quote, leaving a tombstone with its id only; it needs no stamp, so the author is
 * not asked for one. Throws 'unknown quote'.
 */
export function deleteQuote(s: WorkspaceState, a: Author, id: string): WorkspaceState {
  liveQuote(s, id);
  return { ...s, quotes: setIn(s.quotes, id, { id, deleted: true }) };
}
