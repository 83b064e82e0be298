/**
 * A campaign with questions in Debian's Chromium against a real server: every kind of question
 * is rendered and checked on the device, answers travel only inside the envelope, and a closed
 * or upcoming campaign shows no form.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignDefinition } from '../../crypto/campaign.js';
import { decodeTestimony, openEnvelope } from '../../crypto/index.js';
import { createDb, type Db } from '../../server/db/client.js';
import { createCampaign, replaceCampaign } from '../../server/store.js';
import { browserAvailable, launchChromium, openPage, seriousIssues } from '../helpers/browser.js';
import { registerDelegate, sql, type TestDelegate } from '../helpers/delegate.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const WEB_DIR = join(import.meta.dirname, '..', '..', 'web', 'dist');
const HISTORY_AFTER_LOAD = 2;

const w = (fr: string, en = '') => ({ fr, en });

/** Every kind of question; English left empty in places, where the page falls back to French. */
function survey(slug: string, overrides: Partial<CampaignDefinition> = {}): CampaignDefinition {
  return {
    slug,
    title: w('Enquête télétravail', 'Remote work survey'),
    intro: w('Dites-nous **tout**, *vraiment*.\n\n- anonyme\n- chiffré', 'Tell us **everything**.'),
    questions: [
      { id: 'service', kind: 'short_text', required: true, label: w('Votre service', 'Your department'), help: w('Sans nom de personne.', 'No names.'), choices: [] },
      { id: 'recit', kind: 'long_text', required: false, label: w('Une journée type'), help: w(''), choices: [] },
      {
        id: 'contrat',
        kind: 'single_choice',
        required: false,
        label: w('Votre contrat', 'Your contract'),
        help: w(''),
        choices: [
          { id: 'cdi', label: w('CDI', 'Permanent') },
          { id: 'cdd', label: w('CDD', 'Fixed-term') },
        ],
      },
      {
        id: 'outils',
        kind: 'multiple_choice',
        required: false,
        label: w('Outils surveillés', 'Monitored tools'),
        help: w('Cochez tout ce qui s’applique.'),
        choices: [
          { id: 'teams', label: w('Teams') },
          { id: 'badge', label: w('Badge') },
          { id: 'mail', label: w('Messagerie', 'E-mail') },
        ],
      },
      { id: 'charge', kind: 'scale', required: true, label: w('Votre charge de travail', 'Your workload'), help: w(''), choices: [] },
    ],
    opens: null,
    closes: null,
    state: 'open',
    ...overrides,
  };
}

/**
 * Question ids that named colliding elements when ids were built from them: `a`'s help and the
 * question `a-help`, `site`'s first choice and the question `site-0`.
 */
const COLLIDING: CampaignDefinition['questions'] = [
  { id: 'a', kind: 'short_text', required: true, label: w('Question a'), help: w('Aide de a'), choices: [] },
  { id: 'a-help', kind: 'short_text', required: false, label: w('Question a-help'), help: w(''), choices: [] },
  {
    id: 'site',
    kind: 'single_choice',
    required: true,
    label: w('Votre site'),
    help: w(''),
    choices: [
      { id: 'nord', label: w('Nord') },
      { id: 'sud', label: w('Sud') },
    ],
  },
  { id: 'site-0', kind: 'short_text', required: false, label: w('Question site-0'), help: w(''), choices: [] },
];

const DUPLICATE_ID_RULES = ['duplicate-id', 'duplicate-id-active', 'duplicate-id-aria'];

/** The API requests in the order they were made, as `METHOD /path`; the campaign is asked first, the challenge with it. */
function apiCalls(requests: Request[]): string[] {
  const calls = requests.filter((r) => new URL(r.url()).pathname.startsWith('/api/')).map((r) => `${r.method()} ${new URL(r.url()).pathname}`);
  // The two page-load requests leave together; which the browser reports first is not the page's doing.
  return [...calls.slice(0, 2).sort((a, b) => (a.includes('challenge') ? 1 : 0) - (b.includes('challenge') ? 1 : 0)), ...calls.slice(2)];
}

describe.skipIf(!browserAvailable())('campaign pages in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let delegate: TestDelegate;

  async function withDb<T>(work: (db: Db) => Promise<T>): Promise<T> {
    const database = await createDb(`file:${server.dbPath}`);
    try {
      return await work(database.db);
    } finally {
      database.close();
    }
  }

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'index.html'))) throw new Error('web/dist is missing: run `npm run build` first');
    server = await startTestServer({ webDir: WEB_DIR });
    browser = await launchChromium();
    delegate = await registerDelegate(server.dbPath, 'Déléguée de test');
    await withDb(async (db) => {
      await createCampaign(db, survey('enquete'));
      await createCampaign(db, survey('terminee', { state: 'closed' }));
      await createCampaign(db, survey('bientot', { opens: '2999-04-03' }));
      const optional = survey('facultatif');
      await createCampaign(db, { ...optional, questions: optional.questions.map((q) => ({ ...q, required: false })) });
      await createCampaign(db, survey('collisions', { questions: COLLIDING }));
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = (path: string, locale = 'fr-FR') => openPage(browser, `${server.url}${path}`, locale);

  /** Axe's duplicate-id rules (two of them deprecated, so off unless asked for), and a plain search for repeated ids. */
  async function duplicateIds(page: Page): Promise<string[]> {
    const results = await new AxeBuilder({ page }).withRules(DUPLICATE_ID_RULES).analyze();
    expect(results.passes.length + results.violations.length).toBeGreaterThan(0);
    const seen = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id));
    const repeated = seen.filter((id, index) => seen.indexOf(id) !== index).map((id) => `repeated: ${id}`);
    return [...results.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.html}`)), ...repeated];
  }

  async function envelopesOf(campaign: string): Promise<Uint8Array[]> {
    const rows = await sql(server.dbPath, 'SELECT envelope FROM submissions WHERE campaign = ?', [campaign]);
    return rows.map((row) => new Uint8Array(row.envelope as ArrayBuffer));
  }

  // Elements are named by the question's place in the campaign: q-0 is `service`, q-4 `charge`.
  it('renders the intro and each kind of question with its label, help and required marker', async () => {
    const { context, page } = await open('/c/enquete');
    await page.locator('#q-0').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Enquête télétravail');
    expect(await page.locator('.intro strong').textContent()).toBe('tout');
    expect(await page.locator('.intro em').textContent()).toBe('vraiment');
    expect(await page.locator('.intro li').allTextContents()).toEqual(['anonyme', 'chiffré']);

    expect(await page.locator('label[for="q-0"]').textContent()).toContain('(obligatoire)');
    expect(await page.locator('#q-0').getAttribute('maxlength')).toBe('200');
    expect(await page.locator('#q-0').getAttribute('aria-describedby')).toBe('q-0-help');
    expect(await page.locator('#q-0-help').textContent()).toBe('Sans nom de personne.');
    expect(await page.locator('textarea#q-1').count()).toBe(1);
    expect(await page.locator('label[for="q-1"]').textContent()).not.toContain('obligatoire');
    expect(await page.locator('#q-2 input[type="radio"]').count()).toBe(2);
    expect(await page.locator('#q-3 input[type="checkbox"]').count()).toBe(3);
    expect(await page.locator('fieldset#q-4 legend').textContent()).toContain('Votre charge de travail');
    expect(await page.locator('fieldset#q-4 input[type="radio"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    expect(await page.locator('#testimony').count()).toBe(1);

    // An optional choice made by mistake can be taken back; a required one cannot be left empty.
    await page.locator('#q-2 input[value="cdi"]').check();
    await page.locator('#q-2').getByRole('button', { name: 'Retirer ma réponse' }).click();
    expect(await page.locator('#q-2 input:checked').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q-2-0');
    await page.locator('#q-4 input[value="2"]').check();
    expect(await page.locator('#q-4 button').count()).toBe(0);

    await page.locator('#lang-switch').click();
    expect(await page.locator('label[for="q-0"]').textContent()).toContain('Your department');
    // No English wording for this one: French is shown rather than nothing.
    expect(await page.locator('label[for="q-1"]').textContent()).toContain('Une journée type');
    expect(await page.locator('#q-3').textContent()).toContain('E-mail');
    expect(await page.locator('#q-3').textContent()).toContain('Badge');
    await context.close();
  });

  it('shows each unanswered required question next to it, moves focus to the first, and sends nothing', async () => {
    const { context, page, requests } = await open('/c/enquete');
    await page.locator('#testimony').fill('un texte sans les réponses obligatoires');
    await page.locator('#send').click();
    await page.locator('#q-0-error').waitFor();
    expect(await page.locator('#q-0-error').getAttribute('role')).toBe('alert');
    expect(await page.locator('#q-4-error').textContent()).toBe('Cette question est obligatoire.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q-0');
    expect(await page.locator('#q-0').getAttribute('aria-describedby')).toBe('q-0-help q-0-error');

    await page.locator('#q-0').fill('Comptabilité');
    expect(await page.locator('#q-0-error').count()).toBe(0);
    await page.locator('#send').click();
    // The scale is next: focus lands on its first choice, where the legend is read.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('q-4-0');
    await page.waitForTimeout(200);
    expect(requests.filter((r) => r.method() === 'POST')).toEqual([]);
    await context.close();
  });

  it('says to write or answer something when nothing is given', async () => {
    const { context, page, requests } = await open('/c/facultatif');
    await page.locator('#q-0').waitFor();
    await page.locator('#send').click();
    await expect.poll(() => page.locator('#send-error').textContent()).toBe('Écrivez votre témoignage ou répondez à au moins une question.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('testimony');
    expect(requests.filter((r) => r.method() === 'POST')).toEqual([]);
    await context.close();
  });

  it('sends the answers only inside the envelope, and a campaign with questions takes answers alone', async () => {
    const { context, page, requests } = await open('/c/enquete');
    const planted = { service: 'service-canari-5d1e', recit: 'récit-canari-a90f\nsur deux lignes' };
    await page.locator('#q-0').fill(planted.service);
    await page.locator('#q-1').fill(planted.recit);
    await page.locator('#q-2 input[value="cdd"]').check();
    await page.locator('#q-3 input[value="mail"]').check();
    await page.locator('#q-3 input[value="teams"]').check();
    await page.locator('#q-4 input[value="4"]').check();
    await page.locator('#send').click();
    await page.locator('#confirmation').waitFor({ state: 'visible' });

    const posts = requests.filter((r) => r.method() === 'POST');
    expect(posts).toHaveLength(1);
    const body = posts[0].postDataBuffer()!;
    for (const canary of ['canari', 'cdd', 'teams', '"4"']) {
      expect(body.toString('latin1')).not.toContain(canary);
      expect(body.toString('utf8')).not.toContain(canary);
    }
    for (const r of requests) expect(decodeURIComponent(r.url())).not.toContain('canari');
    expect(new URL(posts[0].url()).pathname).toBe('/api/campaigns/enquete/submissions');
    expect(posts[0].headers()['parole-proof']).toMatch(/^[\w-]{30}\.[\w-]{22}\.\d+$/);
    // The campaign and a challenge as the page loads; then the envelope, and a new challenge for the next one.
    await expect.poll(() => apiCalls(requests)).toEqual(['GET /api/campaigns/enquete', 'GET /api/challenge', 'POST /api/campaigns/enquete/submissions', 'GET /api/challenge']);

    const [envelope] = await envelopesOf('enquete');
    const testimony = decodeTestimony(openEnvelope(envelope, delegate.key)!);
    expect(testimony).toEqual({
      v: 1,
      campaign: 'enquete',
      locale: 'fr',
      text: '',
      // Kept in the campaign's order, whatever order the boxes were ticked in.
      answers: { service: planted.service, recit: planted.recit, contrat: 'cdd', outils: ['teams', 'mail'], charge: '4' },
    });
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie, history.length])).toEqual([0, 0, '', HISTORY_AFTER_LOAD]);
    await context.close();
  });

  it.each([
    ['a closed campaign', '/c/terminee', 'Cette campagne est terminée'],
    ['an upcoming campaign', '/c/bientot', 'Vous pourrez témoigner à partir du 3 avril 2999'],
  ])('shows %s without a form', async (_, path, said) => {
    const { context, page, requests } = await open(path);
    await page.locator('#campaign-status').waitFor();
    // Asked by every visitor of a campaign page, open or not: the request says nothing of them.
    await expect.poll(() => apiCalls(requests)).toEqual([`GET /api/campaigns/${path.slice(3)}`, 'GET /api/challenge']);
    expect(await page.locator('h1').textContent()).toBe('Enquête télétravail');
    expect(await page.locator('#campaign-status').textContent()).toContain(said);
    expect(await page.locator('form, textarea, input').count()).toBe(0);
    expect(await seriousIssues(page)).toEqual([]);
    await context.close();
  });

  it('keeps the text on the page when the campaign closes before it is sent, and records nothing', async () => {
    await withDb((db) => createCampaign(db, survey('fermeture', { questions: [] })));
    const { context, page, requests } = await open('/c/fermeture');
    await page.locator('#testimony').fill('écrit juste avant la fermeture');
    await withDb((db) => replaceCampaign(db, survey('fermeture', { questions: [], state: 'closed' })));
    await page.locator('#send').click();
    await expect.poll(() => page.locator('#send-error').textContent()).toContain('La campagne vient de se terminer');
    expect(await page.locator('#send-error').textContent()).toContain('n’a pas été enregistré');
    expect(await page.locator('#testimony').inputValue()).toBe('écrit juste avant la fermeture');
    expect(requests.filter((r) => r.method() === 'POST')).toHaveLength(1);
    expect(await envelopesOf('fermeture')).toEqual([]);
    await context.close();
  });

  it('names each element once when question ids contain dashes, and files each answer under its question', async () => {
    const { context, page } = await open('/c/collisions');
    await page.locator('#q-0').waitFor();
    expect(await duplicateIds(page)).toEqual([]);
    expect(await page.locator('label[for="q-0"]').textContent()).toContain('Question a');
    expect(await page.locator('#q-0').getAttribute('aria-describedby')).toBe('q-0-help');
    expect(await page.locator('#q-0-help').textContent()).toBe('Aide de a');
    expect(await page.locator('label[for="q-1"]').textContent()).toContain('Question a-help');
    expect(await page.locator('fieldset#q-2 legend').textContent()).toContain('Votre site');
    expect(await page.locator('label[for="q-3"]').textContent()).toContain('Question site-0');

    await page.locator('#send').click();
    await page.locator('#q-0-error').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q-0');
    expect(await duplicateIds(page)).toEqual([]);
    await page.locator('#q-0').fill('réponse a');
    await page.locator('#send').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('q-2-0');

    await page.locator('#q-1').fill('réponse a-help');
    await page.locator('#q-2 input[value="sud"]').check();
    await page.locator('#q-3').fill('réponse site-0');
    await page.locator('#send').click();
    await page.locator('#confirmation').waitFor({ state: 'visible' });
    const [envelope] = await envelopesOf('collisions');
    expect(decodeTestimony(openEnvelope(envelope, delegate.key)!).answers).toEqual({
      a: 'réponse a',
      'a-help': 'réponse a-help',
      site: 'sud',
      'site-0': 'réponse site-0',
    });

    // Control: the check sees a repeated id.
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<p id="confirmation">x</p>'));
    expect(await duplicateIds(page)).toEqual(expect.arrayContaining([expect.stringMatching(/^duplicate-id/), 'repeated: confirmation']));
    await context.close();
  });

  it.each([
    ['fr-FR', '/c/enquete'],
    ['en-GB', '/c/enquete'],
  ])('axe finds no serious or critical issue on a campaign page with questions (%s), errors shown', async (locale, path) => {
    const { context, page } = await open(path, locale);
    await page.locator('#q-0').waitFor();
    expect(await seriousIssues(page)).toEqual([]);
    await page.locator('#send').click();
    await page.locator('#q-0-error').waitFor();
    expect(await seriousIssues(page)).toEqual([]);
    await context.close();
  });
});
