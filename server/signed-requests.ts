/**
 * Delegate routes accept only requests signed by a key of the keyring. The server keeps
 * public keys only: no password, no session, no cookie. The one request header read here is
 * Authorization, on delegate routes only; public routes never see this middleware.
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { parseAuthorization, verifyRequest } from '../crypto/signature.js';
import { limitBody, readBody } from './body-limit.js';
import type { Clock } from './clock.js';
import type { Db } from './db/client.js';
import { acceptNonce, findDelegateKey } from './delegates.js';
import { nodeEd25519Verify } from './ed25519.js';
import { refuse } from './errors.js';

/** How far a request's clock may stray from the server's, either way. */
export const MAX_CLOCK_SKEW_SECONDS = 300;
/** Delegate requests carry lists of ids, never envelopes. */
export const MAX_SIGNED_BODY = 512 * 1024;

export interface SignedVariables {
  keyId: string;
  body: Uint8Array;
}

/**
 * Delegate routes are open to any origin: the workspace runs from a file, and every request is
 * authenticated by its signature, never by a cookie.
 */
export const delegateCors = cors({ origin: '*', allowMethods: ['GET', 'POST'], allowHeaders: ['Authorization', 'Content-Type'], maxAge: 600 });

/** Refuses a body over MAX_SIGNED_BODY before reading it whole. */
export const signedBodyLimit = limitBody(MAX_SIGNED_BODY, 'This request is larger than delegate requests may be.');

/**
 * Checks, in this order: a well-formed signature header, a timestamp within
 * MAX_CLOCK_SKEW_SECONDS, a key in the keyring (401 if unknown, 403 if removed), the
 * signature over method, path, timestamp, nonce and body, and a nonce never seen before.
 */
export function signedRequests(deps: { db: Db; clock: Clock }): MiddlewareHandler<{ Variables: SignedVariables }> {
  return async (c, next) => {
    const header = c.req.header('Authorization');
    if (header === undefined) throw refuse(401, 'unsigned', 'This request must be signed with a delegate key.');
    let signed;
    try {
      signed = parseAuthorization(header);
    } catch {
      throw refuse(401, 'invalid_signature', 'The request signature is malformed.');
    }
    const now = Math.floor(deps.clock().getTime() / 1000);
    if (Math.abs(now - signed.timestamp) > MAX_CLOCK_SKEW_SECONDS) {
      throw refuse(401, 'stale_timestamp', "The request's time is more than 5 minutes away from the server's: check the computer's clock.", {
        serverTime: now,
      });
    }
    const delegate = await findDelegateKey(deps.db, signed.keyId);
    if (!delegate) throw refuse(401, 'unknown_key', 'This key is not in the keyring of this server.');
    if (delegate.removed) throw refuse(403, 'key_removed', 'This key was removed from the keyring.');
    const body = await readBody(c, 'The request did not arrive whole. Nothing was changed.');
    const url = new URL(c.req.url);
    if (!verifyRequest(signed, delegate.key, { method: c.req.method, path: url.pathname + url.search, body }, nodeEd25519Verify)) {
      throw refuse(401, 'bad_signature', 'The signature does not match this request.');
    }
    if (!(await acceptNonce(deps.db, signed.nonce, signed.timestamp + MAX_CLOCK_SKEW_SECONDS + 1, now))) {
      throw refuse(401, 'replayed', 'This exact request was already received.');
    }
    c.set('keyId', delegate.id);
    c.set('body', body);
    await next();
  };
}
