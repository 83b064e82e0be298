/**
 * The delegate's work in the workspace: tags (named, coloured, nested, merged), testimonies'
 * tags and memos, quotes with their published wording and approval, sensitive terms, the
 * anonymiser's placeholders, so that a person keeps one letter across sessions, and the replies
 * sent to testimonies' mailboxes. Pure data, no
 * DOM: every operation takes a state and returns a new one (or the same one when it changes
 * nothing), so the interface can keep it in a `$state.raw`. The state is saved as the
 * payload of an encrypted workspace file (encodeState, then sealWorkspace) and two states merge
 * without losing either side's work (merge).
 *
 * This module only gathers the parts, each in a file of its own.
 */
export { newActor, type Author } from './clock.js';
export { TAG_COLOURS } from './palette.js';
export {
  emptyState,
  MAX_MEMO,
  MAX_PLACEHOLDER,
  MAX_PLACEHOLDER_KEY,
  MAX_PLACEHOLDERS,
  MAX_QUOTE,
  MAX_REPLY,
  MAX_TAG_NAME,
  MAX_TERM,
  type WorkspaceState,
} from './state-records.js';
export type { Tag } from './tag-tree.js';
export { createTag, deleteTag, mergeTags, renameTag, setTagColour, setTagParent } from './tag-edits.js';
export { setEntryTag, setMemo } from './entry-edits.js';
export { addQuote, approveQuote, deleteQuote, editQuote, setQuoteTags } from './quote-edits.js';
export { addTerm, removeTerm } from './term-edits.js';
export { rememberPlaceholders } from './placeholder-edits.js';
export { recordReply, type SentReply } from './reply-edits.js';
export {
  entriesTagged,
  entryTags,
  memo,
  placeholderAssignments,
  placeholderClashes,
  quote,
  quotes,
  repliesTo,
  tagDepth,
  tagPath,
  tags,
  terms,
  type Memo,
  type Quote,
  type Reply,
} from './state-queries.js';
export { merge } from './merge.js';
export { decodeState, encodeState, STATE_VERSION } from './state-codec.js';
