/**
 * The follow-up page's mailbox request, read here rather than in ../api.ts so that the
 * submission page does not carry this code. The request itself goes through ../api.ts.
 */
import { fromBase64 } from '../../../crypto/bytes.js';
import { call, errorOf, record, REQUEST, text, type Loaded } from '../api.js';

/** A reply envelope as the server files it, still sealed to the mailbox key. */
export interface SealedReply {
  day: string;
  envelope: Uint8Array;
}

/**
 * The replies filed under a mailbox id, in whatever order the server keeps them. The id goes in
 * the body, never the address, so that no proxy's access log pairs it with the reader's IP.
 */
export async function getMailbox(mailbox: string): Promise<Loaded<SealedReply[]>> {
  const reply = await call('/api/mailboxes', {
    ...REQUEST,
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ mailbox }),
  });
  if (!reply.ok) return { ok: false, error: errorOf(reply) };
  const { replies } = record(reply.body);
  if (!Array.isArray(replies)) return { ok: false, error: 'server' };
  return { ok: true, value: replies.map(record).map((r) => ({ day: text(r.day), envelope: bytesOf(r.envelope) })) };
}

// Undecodable bytes become empty bytes, which opening a reply refuses.
function bytesOf(value: unknown): Uint8Array {
  try {
    return fromBase64(text(value));
  } catch {
    return new Uint8Array(0);
  }
}
