import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { toBase64 } from '../../crypto/bytes.js';
import type { AppDeps } from '../app.js';
import { limitBody } from '../body-limit.js';
import { refuse, requireMediaType } from '../errors.js';
import { MAILBOX_ID, repliesTo } from '../mailboxes.js';

/** `{"mailbox": "<16 hex digits>"}` with room to spare; anything larger is not a mailbox request. */
export const MAX_MAILBOX_BODY = 1024;

const mailboxBodyLimit = limitBody(MAX_MAILBOX_BODY, 'A mailbox request is a few bytes of JSON.');

const invalidMailbox = () => refuse(400, 'invalid_mailbox', 'Send {"mailbox": id}, an id of 16 lowercase hexadecimal digits.');

async function mailboxOf(c: Context): Promise<string> {
  requireMediaType(c, 'application/json', 'Send the mailbox id as application/json.');
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch (err) {
    if (err instanceof HTTPException) throw err;
    throw invalidMailbox();
  }
  const mailbox = typeof body === 'object' && body !== null ? (body as { mailbox?: unknown }).mailbox : undefined;
  if (typeof mailbox !== 'string' || !MAILBOX_ID.test(mailbox)) throw invalidMailbox();
  return mailbox;
}

/**
 * Where a receipt holder reads delegates' replies. Public and unsigned: only whoever holds the
 * receipt can compute a mailbox id and open what is filed under it. The answer is the same for
 * a mailbox nobody replied to and for one that never existed, so probing ids learns nothing.
 *
 * The id travels in a POST body, never in the address: a reverse proxy in front of the server
 * logs request lines next to the reader's IP, and a mailbox id there would tie a person to a
 * testimony's mailbox. Proxies do not log bodies by default; this server logs route counts only.
 */
export function mailboxRoutes(deps: AppDeps) {
  return new Hono().post('/', mailboxBodyLimit, async (c) => {
    const replies = await repliesTo(deps.db, await mailboxOf(c));
    return c.json({ replies: replies.map((reply) => ({ day: reply.day, envelope: toBase64(reply.envelope) })) });
  });
}
