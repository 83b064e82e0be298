/**
 * Replies sent to testimonies' mailboxes. The work records each one once it has left, so that
 * colleagues who merge the file see what was answered and by whom; a reply is never edited or
 * removed, for the person who received it cannot unread it.
 */
import { newId, type Author } from './clock.js';
import { advance, isReplyContent, MAX_REPLY, type ReplyRecord, type WorkspaceState } from './state-records.js';

export interface SentReply {
  readonly entryId: string;
  readonly mailbox: string;
  readonly from: string;
  readonly text: string;
  readonly sent: string;
}

/**
 * Records a reply that was sent, under a new random id. Throws 'reply too long' (over MAX_REPLY
 * UTF-16 code units), 'invalid reply' (see isReplyContent for the rest).
 */
export function recordReply(s: WorkspaceState, a: Author, reply: SentReply): { state: WorkspaceState; id: string } {
  if (typeof reply.text === 'string' && reply.text.length > MAX_REPLY) throw new Error('reply too long');
  if (!isReplyContent(reply)) throw new Error('invalid reply');
  const { stamp, state } = advance(s, a);
  const id = newId();
  const record: ReplyRecord = { id, entryId: reply.entryId, mailbox: reply.mailbox, from: reply.from, text: reply.text, sent: reply.sent, stamp };
  return { state: { ...state, replies: new Map(s.replies).set(id, record) }, id };
}
