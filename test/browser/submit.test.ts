/**
 * The real submission page in Debian's Chromium against a real server: it encrypts, sends
 * only ciphertext, talks to no other origin, writes no cookie or storage, adds no history
 * entry, and the delegate's CLI decrypts what it sent.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTestimony, encodePublicKey, generateKey, openEnvelope } from '../../crypto/index.js';
import { exportEnvelopes } from '../../server/cli/export.js';
import { createDb } from '../../server/db/client.js';
import { DEMO_KEY_FILE, DEMO_PASSPHRASE } from '../../server/serve.js';
import { activeKeyring, addKey, removeKey } from '../../server/store.js';
import { browserAvailable, launchChromium, openPage, seriousIssues } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const WEB_DIR = join(import.meta.dirname, '..', '..', 'web', 'dist');
// A new tab starts on about:blank, then loads the page: two entries, and no step may add one.
const HISTORY_AFTER_LOAD = 2;
const PLAINTEXT = 'Mon chef lit mes conversations Teams, texte-canari-navigateur-71b3';
// crypto/proof.ts: a challenge (payload.mac, base64url), a dot, a decimal counter.
const PROOF = /^[A-Za-z0-9_-]{30}\.[A-Za-z0-9_-]{22}\.(0|[1-9][0-9]*)$/;

const apiCalls = (requests: Request[]) =>
  requests.filter((r) => new URL(r.url()).pathname.startsWith('/api/')).map((r) => `${r.method()} ${new URL(r.url()).pathname}`);

describe.skipIf(!browserAvailable())('submission page in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let fingerprint: string;

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'index.html'))) throw new Error('web/dist is missing: run `npm run build` first');
    server = await startTestServer({ webDir: WEB_DIR });
    browser = await launchChromium();
    const info = await (await fetch(`${server.url}/api/campaigns/temoignages`)).json();
    fingerprint = info.keyring[0].fingerprint;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = (path: string, locale = 'fr-FR') => openPage(browser, `${server.url}${path}`, locale);

  async function storageState(page: Page) {
    return page.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      indexedDb: (await indexedDB.databases()).length,
      cookie: document.cookie,
      history: history.length,
    }));
  }

  it('encrypts in the page, sends only ciphertext to its own origin, and the CLI decrypts it', async () => {
    const { context, page, requests } = await open('/c/temoignages');
    await page.locator('#testimony').fill(PLAINTEXT);
    await page.locator('#send').click();
    await page.locator('#confirmation').waitFor({ state: 'visible' });

    const posts = requests.filter((r) => r.method() === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0].headers()['parole-proof']).toMatch(PROOF);
    const body = posts[0].postDataBuffer()!;
    expect(body.length).toBeGreaterThan(1024);
    expect(body.toString('latin1')).not.toContain('texte-canari');
    expect(body.toString('utf8')).not.toContain('texte-canari');
    const origin = new URL(server.url).origin;
    expect(requests.map((r) => new URL(r.url()).origin).filter((o) => o !== origin)).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    expect(await storageState(page)).toEqual({ local: 0, session: 0, indexedDb: 0, cookie: '', history: HISTORY_AFTER_LOAD });
    await context.close();

    const exportPath = join(server.dir, 'export.ndjson');
    const database = await createDb(`file:${server.dbPath}`);
    await exportEnvelopes(database.db, exportPath);
    database.close();
    const out = execFileSync(process.execPath, ['bin/parole.js', 'decrypt', '--key', join(server.dir, DEMO_KEY_FILE), '--in', exportPath], {
      env: { ...process.env, PAROLE_PASSPHRASE: DEMO_PASSPHRASE },
      encoding: 'utf8',
    });
    expect(JSON.parse(out.trim())).toMatchObject({ campaign: 'temoignages', locale: 'fr', text: PLAINTEXT });
  });

  it('hints, on the device, that the text seems to hold personal data, and sends nothing while typing', async () => {
    const { context, page, requests } = await open('/c/temoignages');
    await page.waitForLoadState('networkidle');
    const before = requests.length;
    await page.locator('#testimony').fill('Mon chef lit nos messages Teams.');
    expect(await page.locator('#testimony-personal').textContent()).toBe('');
    await page.locator('#testimony').fill('Mme Garnier m’a appelée au 06 12 34 56 78, écrivez-moi à nadia.b@example.fr.');
    const hint = (await page.locator('#testimony-personal').textContent()) ?? '';
    for (const kind of ['un nom', 'un numéro de téléphone', 'une adresse e-mail']) expect(hint).toContain(kind);
    expect(requests.slice(before).map((r) => r.url())).toEqual([]);
    expect(await seriousIssues(page)).toEqual([]);
    await context.close();
  });

  it('asks for a challenge as the page loads, before any typing, starts its worker, and asks nothing else until sending', async () => {
    const { context, page, requests } = await open('/c/temoignages');
    await page.locator('#testimony').waitFor();
    await page.waitForLoadState('networkidle');
    expect(apiCalls(requests).sort()).toEqual(['GET /api/campaigns/temoignages', 'GET /api/challenge']);
    const workers = requests.filter((r) => /^\/assets\/worker-[\w-]+\.js$/.test(new URL(r.url()).pathname));
    expect(workers).toHaveLength(1);
    expect(new URL(workers[0].url()).origin).toBe(new URL(server.url).origin);
    const loaded = requests.length;

    await page.locator('#testimony').fill('Un texte assez long pour partir.');
    await page.locator('#want-receipt').check();
    await page.locator('#want-receipt').uncheck();
    await page.waitForTimeout(300);
    expect(requests.slice(loaded).map((r) => r.url())).toEqual([]);

    await page.locator('#send').click();
    await page.locator('#confirmation').waitFor({ state: 'visible' });
    // A challenge is good once: the next testimony gets a new one, asked right after sending.
    await expect.poll(() => apiCalls(requests.slice(loaded))).toEqual(['POST /api/campaigns/temoignages/submissions', 'GET /api/challenge']);
    await context.close();
  });

  it('shows the progress of the calculation when it is not done yet, then sends', async () => {
    const slow = await startTestServer({ webDir: WEB_DIR, env: { PAROLE_POW_BITS: '12' } });
    try {
      const context = await browser.newContext({ locale: 'fr-FR' });
      const page = await context.newPage();
      const posts: Request[] = [];
      page.on('request', (r) => r.method() === 'POST' && posts.push(r));
      // The challenge is held back until the person has pressed send, so that the page is
      // seen waiting for it whatever the speed of the machine.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const served: { difficulty: number }[] = [];
      await page.route('**/api/challenge', async (route) => {
        await held;
        const response = await route.fetch();
        served.push(await response.json());
        await route.fulfill({ response });
      });
      await page.goto(`${slow.url}/c/temoignages`);
      await page.locator('#testimony').fill('Envoyé après un calcul plus long.');
      await page.locator('#send').click();
      await page.locator('#proof-progress').waitFor({ state: 'visible' });
      expect(await page.locator('form .status').textContent()).toBe('Votre appareil fait un petit calcul qui protège le syndicat des envois en masse…');
      expect(posts).toEqual([]);
      expect(await seriousIssues(page)).toEqual([]);
      release();
      await page.locator('#confirmation').waitFor({ state: 'visible' });
      expect(served[0].difficulty).toBe(12);
      expect(posts).toHaveLength(1);
      expect(posts[0].headers()['parole-proof']).toMatch(PROOF);
      // The page fetches its next challenge at once: let that fetch go before the context closes.
      await page.unrouteAll({ behavior: 'ignoreErrors' });
      await context.close();
    } finally {
      await slow.close();
    }
  });

  it('solves a new challenge and tries once more when the proof is refused', async () => {
    const { context, page, requests } = await open('/c/temoignages');
    let refused = 0;
    await page.route('**/api/campaigns/temoignages/submissions', async (route) => {
      if (refused++ > 0) return route.continue();
      await route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ error: 'challenge_used' }) });
    });
    await page.locator('#testimony').fill('Envoyé au second essai.');
    await page.locator('#send').click();
    await page.locator('#confirmation').waitFor({ state: 'visible' });
    const posts = requests.filter((r) => r.method() === 'POST');
    expect(posts).toHaveLength(2);
    const [first, second] = posts.map((r) => r.headers()['parole-proof']);
    expect(second).toMatch(PROOF);
    expect(second.split('.').slice(0, 2)).not.toEqual(first.split('.').slice(0, 2));
    await expect.poll(() => apiCalls(requests).filter((call) => call === 'GET /api/challenge')).toHaveLength(3);
    await context.close();
  });

  it('keeps the text and says to try again in a minute when the server is busy', async () => {
    const { context, page } = await open('/c/temoignages');
    await page.route('**/api/campaigns/temoignages/submissions', (route) =>
      route.fulfill({ status: 429, headers: { 'Retry-After': '60' }, contentType: 'application/json', body: JSON.stringify({ error: 'busy' }) }),
    );
    await page.locator('#testimony').fill('Envoyé pendant une vague.');
    await page.locator('#send').click();
    await expect.poll(() => page.locator('#send-error').textContent()).toContain('Beaucoup de témoignages arrivent en ce moment');
    expect(await page.locator('#send-error').textContent()).toContain('dans une minute');
    expect(await page.locator('#testimony').inputValue()).toBe('Envoyé pendant une vague.');
    await context.close();
  });

  it('shows the confirmation and sends nothing when a script filled the field people never see', async () => {
    const { context, page, requests } = await open('/c/temoignages');
    const trap = page.locator('#website');
    // Off-screen, not display:none, which scripts learn to skip.
    const box = (await trap.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(0);
    expect(await trap.getAttribute('tabindex')).toBe('-1');
    expect(await trap.getAttribute('autocomplete')).toBe('off');
    expect(await page.locator('.trap').getAttribute('aria-hidden')).toBe('true');
    expect(await page.locator('label[for="website"]').textContent()).toBe('Ne remplissez pas ce champ');
    await page.locator('#testimony').fill('Texte envoyé par un robot.');
    await page.evaluate(() => ((document.getElementById('website') as HTMLInputElement).value = 'https://spam.example'));
    await page.locator('#send').click();
    await page.locator('#confirmation').waitFor({ state: 'visible' });
    await page.waitForTimeout(300);
    expect(requests.filter((r) => r.method() === 'POST')).toEqual([]);
    await context.close();
  });

  it('asks for at least 10 characters when there is only text, and sends nothing', async () => {
    const { context, page, requests } = await open('/c/temoignages');
    await page.locator('#testimony').fill('   court   ');
    await page.locator('#send').click();
    await expect.poll(() => page.locator('#send-error').textContent()).toBe('Votre témoignage est très court\u00a0: écrivez au moins 10\u00a0caractères.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('testimony');
    await page.locator('#testimony').fill('dix signes');
    await page.locator('#send').click();
    await page.locator('#confirmation').waitFor({ state: 'visible' });
    expect(requests.filter((r) => r.method() === 'POST')).toHaveLength(1);
    await context.close();
  });

  it('shows the key fingerprint', async () => {
    const { context, page } = await open('/c/temoignages');
    await expect.poll(() => page.locator('#fingerprints').textContent()).toContain(fingerprint);
    await context.close();
  });

  it('encrypts to a key pinned in the #fragment', async () => {
    const { context, page, requests } = await open(`/c/temoignages#fp=${fingerprint.replace(/-/g, '').toLowerCase()}`);
    await page.locator('#testimony').fill('épinglé au lien');
    await page.locator('#send').click();
    await page.locator('#confirmation').waitFor({ state: 'visible' });
    expect(requests.filter((r) => r.method() === 'POST')).toHaveLength(1);
    await context.close();
  });

  it('refuses to encrypt when the served key is not the one pinned in the #fragment', async () => {
    const { context, page, requests } = await open('/c/temoignages#fp=0000-1111-2222-3333-4444');
    await page.locator('#pin-error').waitFor({ state: 'visible' });
    if (await page.locator('#testimony').isVisible()) await page.locator('#testimony').fill('ne doit pas partir');
    if (await page.locator('#send').isEnabled().catch(() => false)) await page.locator('#send').click();
    await page.waitForTimeout(300);
    expect(requests.filter((r) => r.method() === 'POST')).toEqual([]);
    await context.close();
  });

  it('warns when reached with tracking parameters, shows the clean address, adds no history entry', async () => {
    const { context, page } = await open('/c/temoignages?utm_source=mail&uid=12345');
    await page.locator('#redirect-warning').waitFor({ state: 'visible' });
    expect(await page.locator('#redirect-warning').textContent()).toContain(`${server.url}/c/temoignages`);
    expect(await page.evaluate(() => location.search)).toBe('');
    expect((await storageState(page)).history).toBe(HISTORY_AFTER_LOAD);
    await context.close();
  });

  it('warns when reached through a referrer', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${server.url}/c/temoignages`, { referer: 'https://surveys.example/track/abc' });
    await page.locator('#redirect-warning').waitFor({ state: 'visible' });
    await context.close();
  });

  it('speaks English when the browser prefers it, and switches language', async () => {
    const { context, page } = await open('/c/temoignages', 'en-GB');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.locator('#lang-switch').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('fr');
    expect((await storageState(page)).history).toBe(HISTORY_AFTER_LOAD);
    await context.close();
  });

  it('shows the transparency page with the stored row shape and the fingerprints', async () => {
    const { context, page, requests } = await open('/transparency');
    await expect.poll(() => page.locator('body').textContent()).toContain(fingerprint);
    const text = await page.locator('body').textContent();
    for (const column of ['id', 'campaign', 'envelope', 'day']) expect(text).toContain(column);
    // The parts table, with its size written as each language writes numbers.
    const parts = page.locator('#parts');
    expect((await parts.textContent())?.trim()).toBe(
      'Un texte chiffré de plus de 3\u202f840\u00a0octets se poursuit dans la table «\u00a0submission_parts\u00a0», une ligne par partie d’au plus 3\u202f840\u00a0octets, avec les colonnes id (integer), bytes (blob).',
    );
    expect(await parts.locator('code').allTextContents()).toEqual(['id', 'integer', 'bytes', 'blob']);
    // The replies' tables, each column with what it holds.
    const replies = page.locator('#reply-columns tbody tr');
    expect(await replies.locator('th code').allTextContents()).toEqual(['id', 'mailbox', 'envelope', 'day']);
    expect(await replies.nth(1).locator('.hint').textContent()).toContain('rien sur le serveur ne le relie à votre témoignage');
    expect(await page.locator('#reply-parts code').allTextContents()).toEqual(['id', 'integer', 'bytes', 'blob']);
    expect(await page.locator('#reply-parts').textContent()).toContain('«\u00a0reply_parts\u00a0»');
    await page.locator('#lang-switch').click();
    await expect
      .poll(async () => (await parts.textContent())?.trim())
      .toBe('Encrypted text longer than 3,840 bytes continues in the “submission_parts” table, one row per part of at most 3,840 bytes, with the columns id (integer), bytes (blob).');
    expect(await replies.nth(1).locator('.hint').textContent()).toContain('nothing on the server links it to your testimony');
    expect(requests.map((r) => new URL(r.url()).origin).every((o) => o === new URL(server.url).origin)).toBe(true);
    await context.close();
  });

  it('re-encrypts to the new keyring when the keys changed after the page loaded', async () => {
    const rotating = await startTestServer({ webDir: WEB_DIR });
    try {
      const context = await browser.newContext({ locale: 'fr-FR' });
      const page = await context.newPage();
      const posts: Request[] = [];
      page.on('request', (r) => r.method() === 'POST' && posts.push(r));
      await page.goto(`${rotating.url}/c/temoignages`);
      await page.locator('#testimony').fill('après rotation des clés');

      const fresh = generateKey();
      const database = await createDb(`file:${rotating.dbPath}`);
      const [demo] = await activeKeyring(database.db);
      await removeKey(database.db, demo.id, '2026-01-01');
      await addKey(database.db, encodePublicKey(fresh), 'Nouvelle', '2026-01-01');

      await page.locator('#send').click();
      await page.locator('#confirmation').waitFor({ state: 'visible' });
      expect(posts).toHaveLength(2);
      const [stored] = (await database.client.execute('SELECT envelope FROM submissions')).rows;
      database.close();
      const opened = openEnvelope(new Uint8Array(stored.envelope as ArrayBuffer), fresh);
      expect(decodeTestimony(opened!).text).toBe('après rotation des clés');
      await context.close();
    } finally {
      await rotating.close();
    }
  });

  it.each([
    ['the submission page', '/c/temoignages', 'fr-FR'],
    ['the submission page in English', '/c/temoignages', 'en-GB'],
    ['the redirect warning', '/c/temoignages?utm_source=x', 'fr-FR'],
    ['a pin refusal', '/c/temoignages#fp=0000-1111-2222-3333-4444', 'fr-FR'],
    ['the transparency page', '/transparency', 'fr-FR'],
  ])('axe finds no serious or critical issue on %s', async (_name, path, locale) => {
    const { context, page } = await open(path, locale);
    await page.locator('main').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await seriousIssues(page)).toEqual([]);
    await context.close();
  });

  it('sends nothing when the browser cannot encrypt, and says so', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    // A browser without a secure random source cannot draw a content key.
    await context.addInitScript(() => {
      Object.defineProperty(Crypto.prototype, 'getRandomValues', { value: undefined });
    });
    const page = await context.newPage();
    const posts: Request[] = [];
    page.on('request', (r) => r.method() === 'POST' && posts.push(r));
    await page.goto(`${server.url}/c/temoignages`);
    await page.locator('#testimony').fill('ne doit jamais partir en clair');
    await page.locator('#send').click();
    await expect.poll(() => page.locator('#send-error').textContent()).not.toBe('');
    await page.waitForTimeout(300);
    expect(posts).toEqual([]);
    await context.close();
  });

  it('can be used with the keyboard alone', async () => {
    const { context, page, requests } = await open('/c/temoignages');
    await page.locator('#testimony').waitFor();
    let reached = false;
    const visited: string[] = [];
    for (let i = 0; i < 30 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.id === 'testimony');
    }
    expect(reached).toBe(true);
    await page.keyboard.type('au clavier seulement');
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      visited.push(await page.evaluate(() => document.activeElement?.id ?? ''));
      if (visited.at(-1) === 'send') break;
    }
    // The field for scripts sits just before the button, and the keyboard goes straight past it.
    expect(visited).not.toContain('website');
    expect(visited.at(-1)).toBe('send');
    await page.keyboard.press('Enter');
    await page.locator('#confirmation').waitFor({ state: 'visible' });
    expect(requests.filter((r) => r.method() === 'POST')).toHaveLength(1);
    await context.close();
  });
});
