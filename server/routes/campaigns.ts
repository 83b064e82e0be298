import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { CAMPAIGN_SLUG } from '../../crypto/bundle.js';
import { campaignStatus } from '../../crypto/campaign.js';
import { BUCKETS } from '../../crypto/padding.js';
import { MAX_ENVELOPE_BYTES, parseEnvelopeHeader } from '../../crypto/envelope.js';
import { limitBody, readBody } from '../body-limit.js';
import { utcDay } from '../clock.js';
import { refuse, requireMediaType } from '../errors.js';
import { isStorageFailure } from '../commit-queue.js';
import { PROOF_HEADER } from '../../crypto/proof.js';
import { checkProof, type AbuseControls } from '../proof.js';
import { activeKeyIds, activeKeyring, getCampaign, insertSubmission } from '../store.js';
import type { AppDeps } from '../app.js';

const envelopeLimit = limitBody(MAX_ENVELOPE_BYTES, 'The envelope is larger than any size Parole accepts.');

const storageUnavailable = () =>
  refuse(503, 'storage_unavailable', 'The server could not store this now. Nothing was stored; try again.');

async function findCampaign(deps: AppDeps, slug: string) {
  const campaign = CAMPAIGN_SLUG.test(slug) ? await getCampaign(deps.db, slug) : undefined;
  if (!campaign) throw refuse(404, 'unknown_campaign', 'This campaign does not exist.');
  return { ...campaign, status: campaignStatus(campaign, utcDay(deps.clock())) };
}

const PROOF_REFUSALS = {
  proof_required: [428, 'Solve a proof-of-work challenge (GET /api/challenge) and send it. Nothing was stored.'],
  proof_invalid: [403, 'The proof of work does not check. Nothing was stored; solve a new challenge.'],
  challenge_expired: [428, 'The challenge has expired. Nothing was stored; solve a new one.'],
} as const;

/** 429 with Retry-After: the whole instance is busy, for everyone alike. */
function busy(): HTTPException {
  const body = JSON.stringify({ error: 'busy', message: 'The server is busy. Nothing was stored; try again in a few seconds.' });
  const res = new Response(body, { status: 429, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': '10' } });
  return new HTTPException(429, { res });
}

/**
 * Every check an envelope passes before it is stored, and only those. Structure only: the
 * server cannot and does not look inside, so a follow-up and a testimony are the same to it.
 * The rate limit and the proof come first, so that a flood costs no body read and no query.
 * Gives the challenge to spend; spending it is the storing's job, in the same transaction.
 */
async function acceptEnvelope(deps: AppDeps, abuse: AbuseControls, c: Context, onlyWhileOpen: boolean) {
  if (!abuse.submissions.take()) throw busy();
  // The one request header read here besides Content-Type: the proof, which says nothing of its sender.
  const proof = checkProof(c.req.header(PROOF_HEADER), await abuse.macKey(), Math.floor(deps.clock().getTime() / 1000));
  if (!proof.ok) {
    const [status, message] = PROOF_REFUSALS[proof.refusal];
    throw refuse(status, proof.refusal, message);
  }
  const campaign = await findCampaign(deps, c.req.param('slug')!);
  if (onlyWhileOpen && campaign.status !== 'open') {
    throw refuse(410, 'campaign_closed', 'This campaign is not collecting testimonies now. Nothing was stored.');
  }
  requireMediaType(c, 'application/octet-stream', 'Send the envelope as application/octet-stream.');
  const envelope = await readBody(c, 'The envelope did not arrive whole. Nothing was stored.');
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
  return { slug: campaign.slug, envelope, spends: { nonce: proof.nonce, expires: proof.expires } };
}

export function campaignRoutes(deps: AppDeps, abuse: AbuseControls) {
  /**
   * Stores one envelope under the campaign, answering 201 only once its row is committed, and
   * 409 when its challenge was spent already (the row is then not stored).
   */
  const storeEnvelope = (onlyWhileOpen: boolean) => async (c: Context) => {
    let outcome;
    try {
      const { slug, envelope, spends } = await acceptEnvelope(deps, abuse, c, onlyWhileOpen);
      outcome = await insertSubmission(deps.db, slug, envelope, utcDay(deps.clock()), spends);
    } catch (err) {
      // A read-only, full, failing or locked database: say so plainly, never acknowledge.
      throw isStorageFailure(err) ? storageUnavailable() : err;
    }
    if (outcome === 'challenge_used') {
      throw refuse(409, 'challenge_used', 'This challenge was used already. Nothing was stored; solve a new one.');
    }
    abuse.difficulty.record();
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
export function parseOnlyRoutes(deps: AppDeps, abuse: AbuseControls) {
  return new Hono().post('/:slug/parse', envelopeLimit, async (c) => {
    await acceptEnvelope(deps, abuse, c, true);
    return c.json({ stored: false }, 200);
  });
}
