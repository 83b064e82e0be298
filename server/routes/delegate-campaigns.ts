import { Hono } from 'hono';
import { fromUtf8 } from '../../crypto/bytes.js';
import { CAMPAIGN_PROBLEM_TEXT, CampaignError, validateCampaign, type CampaignDefinition } from '../../crypto/campaign.js';
import type { AppDeps } from '../app.js';
import { refuse } from '../errors.js';
import { delegateCors, signedBodyLimit, signedRequests, type SignedVariables } from '../signed-requests.js';
import { activeKeyring, createCampaign, listCampaigns, replaceCampaign, StoreError } from '../store.js';

// `at` is built from the format's field names and indexes, never from input: safe to repeat.
const invalidCampaign = (problem: string, at: string, why: string) =>
  refuse(400, 'invalid_campaign', `The campaign definition is not valid: ${why} at ${at || 'the top'}. Nothing was changed.`, { problem, at });

/** The signed body as a definition. Throws a 400 naming the problem and where it is. */
function definition(body: Uint8Array): CampaignDefinition {
  let value: unknown;
  try {
    value = JSON.parse(fromUtf8(body));
  } catch {
    throw refuse(400, 'invalid_request', 'The request body is not what this route expects.');
  }
  try {
    return validateCampaign(value);
  } catch (err) {
    if (err instanceof CampaignError) throw invalidCampaign(err.code, err.at, CAMPAIGN_PROBLEM_TEXT[err.code]);
    throw err;
  }
}

/**
 * Delegates define campaigns with signed requests: list, create, replace. Opening and closing
 * are replacements with another `state`. Mounted before the other delegate routes, whose
 * middleware would otherwise check each signature twice and refuse the second as a replay.
 */
export function delegateCampaignRoutes(deps: AppDeps) {
  return new Hono<{ Variables: SignedVariables }>()
    .use(delegateCors)
    .use(signedBodyLimit)
    .use(signedRequests(deps))
    // The keyring too, so that a tract made from the workspace pins the keys the pages encrypt to.
    .get('/', async (c) => c.json({ campaigns: await listCampaigns(deps.db), keyring: await activeKeyring(deps.db) }))
    .post('/', async (c) => {
      try {
        return c.json({ campaign: await createCampaign(deps.db, definition(c.get('body'))) }, 201);
      } catch (err) {
        if (err instanceof StoreError) throw refuse(409, 'campaign_exists', 'A campaign with this slug exists already. Nothing was changed.');
        throw err;
      }
    })
    .post('/:slug', async (c) => {
      const def = definition(c.get('body'));
      if (def.slug !== c.req.param('slug')) throw invalidCampaign('slug_mismatch', 'slug', 'slug differs from the address');
      try {
        return c.json({ campaign: await replaceCampaign(deps.db, def) });
      } catch (err) {
        if (err instanceof StoreError) throw refuse(404, 'unknown_campaign', 'This campaign does not exist.');
        throw err;
      }
    })
    // Answered here: falling through to the other delegate routes would check the signature again, as a replay.
    .all('*', (c) => c.notFound());
}
