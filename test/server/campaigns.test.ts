/**
 * Campaigns against a real server on a real libSQL file: delegates create, list and replace
 * them with signed requests, every refusal leaves the tables as they were; the public routes
 * tell the page a campaign's status, refuse testimonies outside its days and still take follow-ups.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignDefinition } from '../../crypto/campaign.js';
import { encodePublicKey, generateKey, toBase64, utf8, type SigningKey } from '../../crypto/index.js';
import { DELEGATE_PATHS } from '../../server/delegate-protocol.js';
import { DEFAULT_CAMPAIGN } from '../../server/store.js';
import { removeDelegate, send, serverWithDelegates, signedOn, sql, type TestDelegate } from '../helpers/delegate.js';
import { envelopeFor, fetchKeyring, postEnvelope, proofHeaders, type KeyringEntry } from '../helpers/envelopes.js';
import type { TestServer } from '../helpers/server.js';

const MARKER = 'Zx7MARKERqQ';
const START = Date.parse('2026-03-04T15:16:17.250Z');
let serverNow = START;
const clock = () => new Date(serverNow);

function campaign(slug: string, changes: Partial<CampaignDefinition> = {}): CampaignDefinition {
  return {
    slug,
    title: { fr: `Campagne ${slug}`, en: `Campaign ${slug}` },
    intro: { fr: 'Dites-nous **tout**.\n\n- horaires\n- salaires', en: '' },
    questions: [
      { id: 'site', kind: 'single_choice', required: true, label: { fr: 'Site', en: 'Site' }, help: { fr: '', en: '' }, choices: [
        { id: 'lyon', label: { fr: 'Lyon', en: 'Lyon' } },
        { id: 'paris', label: { fr: 'Paris', en: 'Paris' } },
      ] },
      { id: 'stress', kind: 'scale', required: false, label: { fr: 'Stress', en: 'Stress' }, help: { fr: '1 faible, 5 fort', en: '' }, choices: [] },
    ],
    opens: null,
    closes: null,
    state: 'open',
    ...changes,
  };
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function answerOf(response: Response): Promise<Answer> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json(; charset=utf-8)?$/);
  return { status: response.status, body: await response.json() };
}

const signedNow = signedOn(() => serverNow);

function call(server: TestServer, key: SigningKey, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
  return send(server.url, signedNow(key, method, path, body)).then(answerOf);
}

/** Every row of every table a campaign request could change, in a fixed order; nonces aside. */
async function contents(dbPath: string): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const table of ['campaigns', 'submissions', 'deliveries', 'mailbox_replies', 'keyring']) {
    const rows = await sql(dbPath, `SELECT * FROM ${table}`);
    tables[table] = rows
      .map((row) => JSON.stringify(Object.entries(row).map(([k, v]) => [k, v instanceof ArrayBuffer ? toBase64(new Uint8Array(v)) : v])))
      .sort();
  }
  return tables;
}

/** A refusal: its code, a short message that echoes nothing, and no change to any table. */
async function refused(server: TestServer, attempt: () => Promise<Answer>, status: number, error: string, what = ''): Promise<Record<string, unknown>> {
  const before = await contents(server.dbPath);
  const answer = await attempt();
  expect(answer.status, `${what} ${JSON.stringify(answer.body)}`).toBe(status);
  expect(answer.body.error, what).toBe(error);
  expect(typeof answer.body.message).toBe('string');
  expect(JSON.stringify(answer.body)).not.toMatch(new RegExp(`${MARKER}|Error|\\.ts\\b|\\bat \\S+ \\(`));
  expect(await contents(server.dbPath), what).toEqual(before);
  return answer.body;
}

const publicCampaign = async (server: TestServer, slug: string) => answerOf(await fetch(`${server.url}/api/campaigns/${slug}`));
const countFor = async (server: TestServer, slug: string) =>
  Number((await sql(server.dbPath, 'SELECT count(*) AS n FROM submissions WHERE campaign = ?', [slug]))[0].n);

async function postTo(server: TestServer, slug: string, route: 'submissions' | 'followups', body: Uint8Array<ArrayBuffer>, type = 'application/octet-stream') {
  const headers = { 'Content-Type': type, ...(await proofHeaders(server.url)) };
  return fetch(`${server.url}/api/campaigns/${slug}/${route}`, { method: 'POST', headers, body }).then(answerOf);
}

describe('delegates define campaigns with signed requests', () => {
  let server: TestServer;
  let alice: TestDelegate;
  let removed: TestDelegate;
  const nao = campaign('nao-2026', { opens: '2026-03-01', closes: '2026-03-31' });

  beforeAll(async () => {
    serverNow = START;
    [server, alice, removed] = await serverWithDelegates(clock, 'Alice', 'Retirée');
    await removeDelegate(server.dbPath, removed);
  });
  afterAll(() => server.close());

  it('lists the default campaign of a fresh server', async () => {
    const listed = await call(server, alice.key, 'GET', DELEGATE_PATHS.campaigns);
    expect(listed).toEqual({ status: 200, body: { campaigns: [DEFAULT_CAMPAIGN], keyring: expect.any(Array) } });
  });

  it('lists the active keyring with the campaigns, as the public page serves it, for the tract kit', async () => {
    const listed = await call(server, alice.key, 'GET', DELEGATE_PATHS.campaigns);
    const page = await publicCampaign(server, DEFAULT_CAMPAIGN.slug);
    expect((listed.body as { keyring: unknown }).keyring).toEqual(page.body.keyring);
    expect(JSON.stringify(listed.body)).not.toContain('Retirée');
  });

  it('creates a campaign, lists every campaign in slug order, and the page gets it with its status', async () => {
    expect(await call(server, alice.key, 'POST', DELEGATE_PATHS.campaigns, nao)).toEqual({ status: 201, body: { campaign: nao } });
    const stored = await sql(server.dbPath, 'SELECT * FROM campaigns WHERE slug = ?', [nao.slug]);
    expect({ ...stored[0] }).toEqual({
      slug: nao.slug,
      title_fr: nao.title.fr,
      title_en: nao.title.en,
      intro_fr: nao.intro.fr,
      intro_en: nao.intro.en,
      questions: JSON.stringify(nao.questions),
      opens_day: '2026-03-01',
      closes_day: '2026-03-31',
      closed: 0,
    });
    expect(await call(server, alice.key, 'GET', DELEGATE_PATHS.campaigns)).toEqual({
      status: 200,
      body: { campaigns: [nao, DEFAULT_CAMPAIGN], keyring: expect.any(Array) },
    });
    const page = await publicCampaign(server, nao.slug);
    expect(page.status).toBe(200);
    expect(page.body.campaign).toEqual({ ...nao, status: 'open' });
    expect(page.body.keyring).toHaveLength(2);
  });

  it('refuses to create a campaign whose slug is taken: 409 campaign_exists', async () => {
    for (const slug of [nao.slug, DEFAULT_CAMPAIGN.slug]) {
      await refused(server, () => call(server, alice.key, 'POST', DELEGATE_PATHS.campaigns, campaign(slug, { title: { fr: MARKER, en: '' } })), 409, 'campaign_exists');
    }
  });

  const invalid: [string, unknown, string, string][] = [
    ['a list', [nao], 'wrong_type', ''],
    ['an unknown field', { ...nao, [MARKER]: 1 }, 'unknown_field', ''],
    ['a missing state', { ...nao, state: undefined }, 'missing_field', 'state'],
    ['an invalid slug', { ...nao, slug: `x ${MARKER}` }, 'invalid_slug', 'slug'],
    ['raw HTML in the intro', { ...nao, intro: { fr: `<script>${MARKER}</script>`, en: '' } }, 'raw_html', 'intro.fr'],
    ['a duplicate question', { ...nao, questions: [nao.questions[0], nao.questions[0]] }, 'duplicate_id', 'questions[1].id'],
    ['choices on a scale', { ...nao, questions: [{ ...nao.questions[1], choices: nao.questions[0].choices }] }, 'choices_not_allowed', 'questions[0].choices'],
    ['reversed days', { ...nao, opens: '2026-04-01' }, 'opens_after_closes', 'closes'],
  ];

  it.each(invalid)('refuses to create a definition with %s: 400 invalid_campaign with problem and at', async (_name, body, problem, at) => {
    const refusal = await refused(server, () => call(server, alice.key, 'POST', DELEGATE_PATHS.campaigns, body), 400, 'invalid_campaign');
    expect(refusal).toMatchObject({ problem, at });
    expect(Object.keys(refusal).sort()).toEqual(['at', 'error', 'message', 'problem']);
  });

  it('refuses a body that is not JSON: 400 invalid_request', async () => {
    for (const body of [utf8(`{"slug":"${MARKER}"`), new Uint8Array([0xff, 0xfe, 0x7b])]) {
      await refused(server, () => call(server, alice.key, 'POST', DELEGATE_PATHS.campaigns, body), 400, 'invalid_request');
    }
  });

  it('replaces a campaign whole, and the page sees the new definition at once', async () => {
    const next = { ...nao, title: { fr: 'NAO 2026 : dernière ligne droite', en: '' }, questions: [nao.questions[1]], state: 'closed' as const };
    expect(await call(server, alice.key, 'POST', DELEGATE_PATHS.campaign(nao.slug), next)).toEqual({ status: 200, body: { campaign: next } });
    expect((await publicCampaign(server, nao.slug)).body.campaign).toEqual({ ...next, status: 'closed' });
    expect(await call(server, alice.key, 'POST', DELEGATE_PATHS.campaign(nao.slug), nao)).toEqual({ status: 200, body: { campaign: nao } });
  });

  it('refuses a replacement whose slug differs from the address: 400 at slug', async () => {
    const refusal = await refused(server, () => call(server, alice.key, 'POST', DELEGATE_PATHS.campaign(nao.slug), campaign(DEFAULT_CAMPAIGN.slug)), 400, 'invalid_campaign');
    expect(refusal).toMatchObject({ problem: 'slug_mismatch', at: 'slug' });
  });

  it('refuses to replace a campaign that does not exist: 404 unknown_campaign', async () => {
    await refused(server, () => call(server, alice.key, 'POST', DELEGATE_PATHS.campaign('absente'), campaign('absente')), 404, 'unknown_campaign');
  });

  it('refuses an invalid replacement: 400, and the campaign is unchanged', async () => {
    const refusal = await refused(server, () => call(server, alice.key, 'POST', DELEGATE_PATHS.campaign(nao.slug), { ...nao, title: { fr: '', en: MARKER } }), 400, 'invalid_campaign');
    expect(refusal).toMatchObject({ problem: 'empty', at: 'title.fr' });
  });

  it('refuses unsigned requests, removed keys and unknown keys, before reading anything', async () => {
    const unsigned = (method: string, path: string, body?: unknown) => () =>
      send(server.url, { method, path, body: body === undefined ? new Uint8Array(0) : utf8(JSON.stringify(body)) }).then(answerOf);
    await refused(server, unsigned('GET', DELEGATE_PATHS.campaigns), 401, 'unsigned');
    await refused(server, unsigned('POST', DELEGATE_PATHS.campaigns, campaign('pirate')), 401, 'unsigned');
    await refused(server, unsigned('POST', DELEGATE_PATHS.campaign(nao.slug), { ...nao, state: 'closed' }), 401, 'unsigned');
    await refused(server, () => call(server, removed.key, 'POST', DELEGATE_PATHS.campaigns, campaign('pirate')), 403, 'key_removed');
    await refused(server, () => call(server, generateKey(), 'POST', DELEGATE_PATHS.campaign(nao.slug), { ...nao, state: 'closed' }), 401, 'unknown_key');
    const request = signedNow(alice.key, 'POST', DELEGATE_PATHS.campaigns, campaign('rejouee'));
    expect((await send(server.url, request)).status).toBe(201);
    await refused(server, () => send(server.url, request).then(answerOf), 401, 'replayed');
    const tampered = { ...signedNow(alice.key, 'POST', DELEGATE_PATHS.campaigns, campaign('a')), body: utf8(JSON.stringify(campaign('b'))) };
    await refused(server, () => send(server.url, tampered).then(answerOf), 401, 'bad_signature');
  });

  it('answers 404 to a signed request for a campaign path it does not serve, not a replay', async () => {
    await refused(server, () => call(server, alice.key, 'GET', DELEGATE_PATHS.campaign(nao.slug)), 404, 'not_found');
    await refused(server, () => call(server, alice.key, 'POST', `${DELEGATE_PATHS.campaign(nao.slug)}/state`, { state: 'closed' }), 404, 'not_found');
  });

  it('answers the workspace preflight from any origin, as the other delegate routes do', async () => {
    const res = await fetch(`${server.url}${DELEGATE_PATHS.campaigns}`, {
      method: 'OPTIONS',
      headers: { Origin: 'null', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST');
  });

  it('treats a row edited by hand into something invalid as absent, until a delegate replaces it', async () => {
    await sql(server.dbPath, "INSERT INTO campaigns (slug, title_fr, title_en, intro_fr, intro_en, questions) VALUES ('abimee', 'Abîmée', '', '<b>x</b>', '', '{')");
    expect(await publicCampaign(server, 'abimee')).toEqual({ status: 404, body: { error: 'unknown_campaign', message: 'This campaign does not exist.' } });
    expect((await postTo(server, 'abimee', 'followups', new Uint8Array(1130))).status).toBe(404);
    const listed = (await call(server, alice.key, 'GET', DELEGATE_PATHS.campaigns)).body.campaigns as CampaignDefinition[];
    expect(listed.map((c) => c.slug)).not.toContain('abimee');
    await refused(server, () => call(server, alice.key, 'POST', DELEGATE_PATHS.campaigns, campaign('abimee')), 409, 'campaign_exists');
    expect((await call(server, alice.key, 'POST', DELEGATE_PATHS.campaign('abimee'), campaign('abimee'))).status).toBe(200);
    expect((await publicCampaign(server, 'abimee')).body.campaign).toEqual({ ...campaign('abimee'), status: 'open' });
  });
});

describe('a campaign outside its days', () => {
  let server: TestServer;
  let alice: TestDelegate;
  let keyring: KeyringEntry[];
  const march = campaign('mars', { opens: '2026-03-01', closes: '2026-03-31' });
  const byHand = campaign('fermee', { state: 'closed' });
  const upcoming = campaign('a-venir', { opens: '2026-03-05' });
  const over = campaign('finie', { closes: '2026-03-03' });

  beforeAll(async () => {
    serverNow = START;
    [server, alice] = await serverWithDelegates(clock, 'Alice');
    for (const def of [march, byHand, upcoming, over]) {
      expect((await call(server, alice.key, 'POST', DELEGATE_PATHS.campaigns, def)).status).toBe(201);
    }
    keyring = await fetchKeyring(server.url);
  });
  afterAll(() => server.close());

  it('is served with its status, so that the page can say so', async () => {
    for (const [def, status] of [[march, 'open'], [byHand, 'closed'], [upcoming, 'upcoming'], [over, 'closed']] as const) {
      expect(await publicCampaign(server, def.slug)).toMatchObject({ status: 200, body: { campaign: { ...def, status } } });
    }
  });

  it.each(['fermee', 'a-venir', 'finie'])('refuses a testimony for %s with 410 campaign_closed and stores nothing', async (slug) => {
    await refused(server, () => postTo(server, slug, 'submissions', envelopeFor(keyring, 'trop tard', slug)), 410, 'campaign_closed');
  });

  it('refuses a testimony to a closed campaign whatever the body, before looking at it', async () => {
    await refused(server, () => postTo(server, 'fermee', 'submissions', new Uint8Array(3), 'text/plain'), 410, 'campaign_closed');
  });

  it('takes a follow-up on a closed or upcoming campaign, stored as a testimony is', async () => {
    for (const slug of ['fermee', 'a-venir', 'mars']) {
      const envelope = envelopeFor(keyring, 'complément', slug);
      expect(await postTo(server, slug, 'followups', envelope)).toEqual({ status: 201, body: { stored: true } });
      const rows = await sql(server.dbPath, 'SELECT campaign, day, envelope FROM submissions WHERE campaign = ?', [slug]);
      expect(rows.map((r) => [r.campaign, r.day, new Uint8Array(r.envelope as ArrayBuffer)])).toEqual([[slug, '2026-03-04', envelope]]);
    }
  });

  it('checks a follow-up as a testimony: unknown campaign, media type, envelope, keyring', async () => {
    const good = envelopeFor(keyring, 'x', 'fermee');
    await refused(server, () => postTo(server, 'inconnue', 'followups', good), 404, 'unknown_campaign');
    await refused(server, () => postTo(server, 'fermee', 'followups', good, 'application/json'), 415, 'unsupported_media_type');
    await refused(server, () => postTo(server, 'fermee', 'followups', new Uint8Array(1130)), 400, 'invalid_envelope');
    await refused(server, () => postTo(server, 'fermee', 'followups', envelopeFor([{ ...keyring[0], publicKey: encodePublicKey(generateKey()) }], 'x')), 409, 'stale_keyring');
    await refused(server, () => postTo(server, 'fermee', 'followups', new Uint8Array(70_000)), 413, 'too_large');
  });

  it('closes at the end of its last UTC day and opens at the start of its first', async () => {
    serverNow = Date.parse('2026-03-31T23:59:59.999Z');
    expect((await postEnvelope(server.url, envelopeFor(keyring, 'dernier jour', 'mars'), 'mars')).status).toBe(201);
    serverNow = Date.parse('2026-04-01T00:00:00.000Z');
    expect((await postEnvelope(server.url, envelopeFor(keyring, 'lendemain', 'mars'), 'mars')).status).toBe(410);
    expect((await publicCampaign(server, 'mars')).body.campaign).toMatchObject({ status: 'closed' });
    serverNow = Date.parse('2026-03-04T23:59:59.999Z');
    expect((await postEnvelope(server.url, envelopeFor(keyring, 'veille', 'a-venir'), 'a-venir')).status).toBe(410);
    serverNow = Date.parse('2026-03-05T00:00:00.000Z');
    expect((await postEnvelope(server.url, envelopeFor(keyring, 'premier jour', 'a-venir'), 'a-venir')).status).toBe(201);
    serverNow = START;
  });
});

describe('the home page', () => {
  let server: TestServer;
  let alice: TestDelegate;

  beforeAll(async () => {
    serverNow = START;
    [server, alice] = await serverWithDelegates(clock, 'Alice');
  });
  afterAll(() => server.close());

  const home = () => fetch(`${server.url}/`, { redirect: 'manual' });

  it('leads to the first open campaign in slug order, past closed and upcoming ones', async () => {
    for (const def of [campaign('a-fermee', { state: 'closed' }), campaign('b-a-venir', { opens: '2026-04-01' }), campaign('c-ouverte'), campaign('d-ouverte')]) {
      expect((await call(server, alice.key, 'POST', DELEGATE_PATHS.campaigns, def)).status).toBe(201);
    }
    const res = await home();
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/c/c-ouverte');
  });

  it('answers 404 in JSON when no campaign is open', async () => {
    for (const slug of ['c-ouverte', 'd-ouverte', DEFAULT_CAMPAIGN.slug]) {
      const def = slug === DEFAULT_CAMPAIGN.slug ? DEFAULT_CAMPAIGN : campaign(slug);
      expect((await call(server, alice.key, 'POST', DELEGATE_PATHS.campaign(slug), { ...def, state: 'closed' })).status).toBe(200);
    }
    const res = await home();
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not_found', message: 'Nothing here.' });
  });
});
