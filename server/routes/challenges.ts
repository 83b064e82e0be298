import { Hono } from 'hono';
import { isStorageFailure } from '../commit-queue.js';
import { refuse } from '../errors.js';
import { issueChallenge, type AbuseControls } from '../proof.js';
import type { AppDeps } from '../app.js';

/**
 * A fresh proof-of-work challenge for anyone who asks: public, stored nowhere (it is signed, not
 * remembered), counted by route pattern only like every request.
 */
export function challengeRoutes(deps: AppDeps, abuse: AbuseControls) {
  return new Hono().get('/', async (c) => {
    const nowSeconds = Math.floor(deps.clock().getTime() / 1000);
    let key;
    try {
      key = await abuse.macKey();
    } catch (err) {
      // A fresh database that cannot be written has no key to sign with yet.
      if (isStorageFailure(err)) throw refuse(503, 'storage_unavailable', 'The server cannot hand out challenges now; try again.');
      throw err;
    }
    return c.json(issueChallenge(key, abuse.difficulty.bits(), nowSeconds));
  });
}
