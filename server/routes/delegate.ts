import { Hono } from 'hono';
import { bundleHeaderLine, bundleLine } from '../../crypto/bundle.js';
import { fromBase64, fromUtf8, utf8 } from '../../crypto/bytes.js';
import { parseEnvelopeHeader } from '../../crypto/envelope.js';
import type { AppDeps } from '../app.js';
import { utcDay } from '../clock.js';
import type { Db } from '../db/client.js';
import { MAX_IDS_PER_REQUEST } from '../delegate-protocol.js';
import { confirmDeliveries, findDelegateKey, purgeDelivered, undeliveredEnvelopes, type PurgeItem } from '../delegates.js';
import { refuse } from '../errors.js';
import { insertReply, MAILBOX_ID, purgeMailbox } from '../mailboxes.js';
import { delegateCors, signedBodyLimit, signedRequests, type SignedVariables } from '../signed-requests.js';

const DIGEST = /^[0-9a-f]{64}$/;

const invalid = () => refuse(400, 'invalid_request', 'The request body is not what this route expects.');

function jsonBody(body: Uint8Array): unknown {
  try {
    return JSON.parse(fromUtf8(body));
  } catch {
    throw invalid();
  }
}

function isId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 1;
}

function idList(body: Uint8Array): number[] {
  const value = jsonBody(body) as { ids?: unknown };
  const ids = value?.ids;
  if (!Array.isArray(ids) || ids.length > MAX_IDS_PER_REQUEST || !ids.every(isId) || new Set(ids).size !== ids.length) {
    throw invalid();
  }
  return ids;
}

function purgeList(body: Uint8Array): PurgeItem[] {
  const value = jsonBody(body) as { envelopes?: unknown };
  const items = value?.envelopes;
  const wellFormed = (item: unknown): item is PurgeItem =>
    typeof item === 'object' && item !== null && isId((item as PurgeItem).id) &&
    typeof (item as PurgeItem).digest === 'string' && DIGEST.test((item as PurgeItem).digest);
  if (!Array.isArray(items) || items.length > MAX_IDS_PER_REQUEST || !items.every(wellFormed)) throw invalid();
  if (new Set(items.map((item) => item.id)).size !== items.length) throw invalid();
  return items.map((item) => ({ id: item.id, digest: item.digest }));
}

const invalidReply = () => refuse(400, 'invalid_reply', 'A reply must be one envelope sealed to a single mailbox key. Nothing was stored.');

/**
 * The reply envelope and the mailbox it is filed under: its one recipient. A keyring key is no
 * mailbox: otherwise anyone reading mailboxes could fetch what is sealed to a delegate, outside
 * the signed pulls and the purge rules that govern testimonies.
 */
async function replyOf(db: Db, body: Uint8Array): Promise<{ mailbox: string; envelope: Uint8Array }> {
  const value = jsonBody(body) as { envelope?: unknown };
  if (typeof value !== 'object' || value === null || typeof value.envelope !== 'string') throw invalid();
  let envelope: Uint8Array;
  let keyIds: string[];
  try {
    envelope = fromBase64(value.envelope);
    keyIds = parseEnvelopeHeader(envelope).keyIds;
  } catch {
    throw invalidReply();
  }
  if (keyIds.length !== 1 || (await findDelegateKey(db, keyIds[0])) !== undefined) throw invalidReply();
  return { mailbox: keyIds[0], envelope };
}

function mailboxOf(body: Uint8Array): string {
  const value = jsonBody(body) as { mailbox?: unknown };
  const mailbox = value?.mailbox;
  if (typeof mailbox !== 'string' || !MAILBOX_ID.test(mailbox)) throw invalid();
  return mailbox;
}

/**
 * What delegates do with signed requests: pull the envelopes sealed to their key, confirm
 * they hold them, and purge them from the server; file replies to follow-up mailboxes, and
 * delete a mailbox's replies early. Open to any origin, because the workspace
 * runs from a file and every request is authenticated by its signature, never by a cookie.
 */
export function delegateRoutes(deps: AppDeps) {
  return new Hono<{ Variables: SignedVariables }>()
    .use(delegateCors)
    .use(signedBodyLimit)
    .use(signedRequests(deps))
    .get('/envelopes', (c) => {
      const pages = undeliveredEnvelopes(deps.db, c.get('keyId'));
      let started = false;
      // Pulled by the reader: a page is read from the database only when the last one was sent.
      const body = new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            if (!started) {
              started = true;
              controller.enqueue(utf8(bundleHeaderLine()));
              return;
            }
            const next = await pages.next();
            if (next.done) controller.close();
            else controller.enqueue(utf8(next.value.map(bundleLine).join('')));
          },
          async cancel() {
            await pages.return(undefined);
          },
        },
        { highWaterMark: 1 },
      );
      return c.body(body, 200, { 'Content-Type': 'application/x-ndjson; charset=utf-8' });
    })
    .post('/envelopes/confirm', async (c) => {
      const confirmed = await confirmDeliveries(deps.db, c.get('keyId'), idList(c.get('body')));
      return c.json({ confirmed });
    })
    .post('/envelopes/purge', async (c) => {
      return c.json(await purgeDelivered(deps.db, c.get('keyId'), purgeList(c.get('body'))));
    })
    .post('/replies', async (c) => {
      const reply = await replyOf(deps.db, c.get('body'));
      await insertReply(deps.db, reply.mailbox, reply.envelope, utcDay(deps.clock()));
      return c.json({ stored: true }, 201);
    })
    // Any keyring key may: replies are the delegates' own messages, not anyone's testimony.
    .post('/replies/purge', async (c) => {
      return c.json({ deleted: await purgeMailbox(deps.db, mailboxOf(c.get('body'))) });
    });
}
