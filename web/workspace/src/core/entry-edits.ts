/** What the delegate attaches to one testimony: its tags and its memo. */
import type { Author } from './clock.js';
import { carryEntryIndex } from './entry-index.js';
import { deleteIn, getIn, setIn } from './persistent-map.js';
import type { Register } from './registers.js';
import { advance, checkEntryId, MAX_MEMO, type WorkspaceState } from './state-records.js';
import { liveTag } from './tag-edits.js';
import { tagTree } from './tag-tree.js';

/**
 * Tags a testimony with a live tag, or untags it. Untagging also switches off the tags merged
 * into that one, which count as it. Throws 'invalid entry' (not a testimony id), 'unknown tag'.
 */
export function setEntryTag(s: WorkspaceState, a: Author, entryId: string, tagId: string, on: boolean): WorkspaceState {
  checkEntryId(entryId);
  liveTag(s, tagId);
  const survivor = tagTree(s.tags).survivor;
  const old = getIn(s.entryTags, entryId);
  const counting = [...(old ?? [])].filter(([id, register]) => register.value && survivor.get(id) === tagId).map(([id]) => id);
  if (on ? counting.length > 0 : counting.length === 0) return s;
  const { stamp, state } = advance(s, a);
  const switches = new Map(old);
  for (const id of on ? [tagId] : counting) switches.set(id, { value: on, stamp } satisfies Register<boolean>);
  const entryTags = setIn(s.entryTags, entryId, switches);
  carryEntryIndex(s.entryTags, entryTags, entryId, old, switches);
  return { ...state, entryTags };
}

/**
 * Sets a testimony's memo, resolving any conflict; text that is empty or only spaces clears
 * it. Throws 'invalid entry', 'memo too long' (over MAX_MEMO UTF-16 code units).
 */
export function setMemo(s: WorkspaceState, a: Author, entryId: string, text: string): WorkspaceState {
  checkEntryId(entryId);
  if (text.length > MAX_MEMO) throw new Error('memo too long');
  const versions = getIn(s.memos, entryId);
  // Clearing removes the versions this state holds; one written elsewhere meanwhile survives a merge.
  if (text.trim() === '') return versions === undefined ? s : { ...s, memos: deleteIn(s.memos, entryId) };
  if (versions?.length === 1 && versions[0].text === text) return s;
  const { stamp, state } = advance(s, a);
  return { ...state, memos: setIn(s.memos, entryId, [{ text, stamp }]) };
}
