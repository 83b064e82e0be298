import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { CAMPAIGN_SLUG } from '../../crypto/bundle.js';
import { campaignStatus } from '../../crypto/campaign.js';
import { BUCKETS } from '../../crypto/padding.js';
import { MAX_ENVELOPE_BYTES, parseEnvelopeHeader } from '../../crypto/envelope.js';
import { utcDay } from '../clock.js';
import { refuse, requireMediaType } from '../errors.js';
import { isStorageFailure } from '../commit-queue.js';
import { activeKeyIds, activeKeyring, getCampaign, insertSubmission } from '../store.js';
import type { AppDeps } from '../app.js';

const envelopeLimit = bodyLimit({
  maxSize: MAX_ENVELOPE_BYTES,
  onError: () => {
    throw refuse(413, 'too_large', 'The envelope is larger than any size Parole accepts.');
  },
});

const storageUnavailable = () =>
  refuse(503, 'storage_unavailable', 'The server could not store this now. Nothing was stored; try again.');

async function findCampaign(deps: AppDeps, slug: string) {
  const campaign = CAMPAIGN_SLUG.test(slug) ? await getCampaign(deps.db, slug) : undefined;
  if (!campaign) throw refuse(404, 'unknown_campaign', 'This campaign does not exist.');
  return { ...campaign, status: campaignStatus(campaign, utcDay(deps.clock())) };
}

/**
 * Every check an envelope passes before it is stored, and only those. Structure only: the
 * server cannot and does not look inside, so a follow-up and a testimony are the same to it.
 */
async function acceptEnvelope(deps: AppDeps, c: Context, onlyWhileOpen: boolean) {
  const campaign = await findCampaign(deps, c.req.param('slug')!);
  if (onlyWhileOpen && campaign.status !== 'open') {
    throw refuse(410, 'campaign_closed', 'This campaign is not collecting testimonies now. Nothing was stored.');
  }
  requireMediaType(c, 'application/octet-stream', 'Send the envelope as application/octet-stream.');
  let envelope: Uint8Array;
  try {
    envelope = new Uint8Array(await c.req.arrayBuffer());
  } catch (err) {
    if (err instanceof HTTPException) throw err;
    throw refuse(400, 'incomplete_body', 'The envelope did not arrive whole. Nothing was stored.');
  }
  let keyIds: string[];
  try {
    keyIds = parseEnvelopeHeader(envelope).keyIds;
  } catch {
    throw refuse(400, 'invalid_envelope', 'This is not a Parole envelope of an accepted size.');
  }
  // Ids only: the full keyring decodes and checks every key, a cost paid only when refusing.
  const current = new Set(await activeKeyIds(deps.db));
  if (!keyIds.every((id) => current.has(id))) {
    throw refuse(409, 'stale_keyring', "The union's keys have changed: encrypt again to the current keys.", {
      keyring: await activeKeyring(deps.db),
    });
  }
  return { slug: campaign.slug, envelope };
}

export function campaignRoutes(deps: AppDeps) {
  /** Stores one envelope under the campaign, answering 201 only once its row is committed. */
  const storeEnvelope = (onlyWhileOpen: boolean) => async (c: Context) => {
    try {
      const { slug, envelope } = await acceptEnvelope(deps, c, onlyWhileOpen);
      await insertSubmission(deps.db, slug, envelope, utcDay(deps.clock()));
    } catch (err) {
      // A read-only, full, failing or locked database: say so plainly, never acknowledge.
      throw isStorageFailure(err) ? storageUnavailable() : err;
    }
    return c.json({ stored: true }, 201);
  };

  return new Hono()
    .get('/:slug', async (c) => {
      // Served whatever its status, so that the page can say it is closed or not open yet.
      const campaign = await findCampaign(deps, c.req.param('slug'));
      return c.json({ campaign, keyring: await activeKeyring(deps.db), buckets: BUCKETS });
    })
    .post('/:slug/submissions', envelopeLimit, storeEnvelope(true))
    // A follow-up to a testimony already sent is taken after the campaign closes too.
    .post('/:slug/followups', envelopeLimit, storeEnvelope(false));
}

/**
 * Bench only, mounted when PAROLE_BENCH=1: the submission's checks without the storing, so that
 * `npm run bench` can tell what durable storage costs (submit_ratio) on the same server.
 */
export function parseOnlyRoutes(deps: AppDeps) {
  return new Hono().post('/:slug/parse', envelopeLimit, async (c) => {
    await acceptEnvelope(deps, c, true);
    return c.json({ stored: false }, 200);
  });
}
