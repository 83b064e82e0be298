import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Clock } from './clock.js';
import type { Db } from './db/client.js';
import { PrivacyLog, privacyHeaders } from './privacy.js';
import { abuseControls, DEFAULT_POW_BITS, DEFAULT_RATE_LIMIT, type AbuseControls } from './proof.js';
import { campaignRoutes } from './routes/campaigns.js';
import { challengeRoutes } from './routes/challenges.js';
import { delegateCampaignRoutes } from './routes/delegate-campaigns.js';
import { delegateRoutes } from './routes/delegate.js';
import { mailboxRoutes } from './routes/mailboxes.js';
import { transparencyRoutes } from './routes/transparency.js';
import { utcDay } from './clock.js';
import { firstOpenCampaign } from './store.js';
import type { Asset } from './web-assets.js';

export interface AppDeps {
  db: Db;
  clock: Clock;
  log: PrivacyLog;
  /** The built web app by URL path; see loadWebAssets. */
  web: Map<string, Asset>;
  /** Base proof-of-work difficulty (Config.powBits); 14 when not given. */
  powBits?: number;
  /** Submissions a second, burst twice that, 0 for none (Config.rateLimit); 50 when not given. */
  rateLimit?: number;
  /** This instance's difficulty and rate limit, when a route outside the app must share them (the bench's). */
  abuse?: AbuseControls;
}

/** The abuse controls of an app built from these deps: the ones given, or new ones. */
export function abuseOf(deps: AppDeps): AbuseControls {
  return deps.abuse ?? abuseControls(deps.db, deps.powBits ?? DEFAULT_POW_BITS, deps.rateLimit ?? DEFAULT_RATE_LIMIT);
}

// Client-side pages: each serves the same index.html, the app reads the path.
const PAGES = ['/c/:slug', '/c/:slug/suivi', '/transparency'];

export function createApp(deps: AppDeps) {
  const abuse = abuseOf(deps);
  const app = new Hono()
    .use(privacyHeaders())
    .use(deps.log.middleware())
    .route('/api/challenge', challengeRoutes(deps, abuse))
    .route('/api/campaigns', campaignRoutes(deps, abuse))
    .route('/api/mailboxes', mailboxRoutes(deps))
    .route('/api/transparency', transparencyRoutes(deps))
    // Before /api/delegate, whose middleware would check each signature a second time.
    .route('/api/delegate/campaigns', delegateCampaignRoutes(deps))
    .route('/api/delegate', delegateRoutes(deps))
    .get('/', async (c) => {
      const campaign = await firstOpenCampaign(deps.db, utcDay(deps.clock()));
      return campaign ? c.redirect(`/c/${campaign.slug}`, 302) : c.notFound();
    });

  const serve = (asset: Asset) =>
    new Response(asset.body, { headers: { 'Content-Type': asset.type, 'Content-Length': String(asset.body.length) } });
  for (const page of PAGES) app.get(page, () => serve(deps.web.get('/index.html')!));
  app.get('/assets/*', (c) => {
    const asset = deps.web.get(c.req.path);
    return asset ? serve(asset) : c.notFound();
  });

  app.notFound((c) => c.json({ error: 'not_found', message: 'Nothing here.' }, 404));
  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    // Counted with its status by the logger's middleware; printing it now would date the request.
    return c.json({ error: 'server_error', message: 'The server could not do this. Nothing was stored.' }, 500);
  });
  return app;
}
