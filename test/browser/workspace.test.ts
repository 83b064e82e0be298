/**
 * The delegate workspace, the built single file, opened from disk in Debian's Chromium: it
 * unlocks a real key file, decrypts a bundle pulled from a real server, and does the delegate's
 * work, with every request watched. Offline, it makes no network request at all.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleHeaderLine, bundleLine, openKeyFile, type SecretKey } from '../../crypto/index.js';
import { DelegateClient } from '../../server/delegate-client.js';
import { DEMO_KEY_FILE, DEMO_PASSPHRASE } from '../../server/serve.js';
import { browserAvailable, launchChromium } from '../helpers/browser.js';
import { envelopeFor, fetchKeyring, postEnvelope } from '../helpers/envelopes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const WORKSPACE = join(import.meta.dirname, '..', '..', 'web', 'workspace', 'dist', 'parole-workspace.html');
const CANARY = 'canari-espace-9f3e';
const TEXTS = [
  `Mon responsable lit nos conversations Teams depuis mars. ${CANARY}-1`,
  `Le badge enregistre chaque passage à la cantine. ${CANARY}-2`,
  `Viva Insights envoie mes heures de réunion à la direction. ${CANARY}-3`,
];

describe.skipIf(!browserAvailable())('the delegate workspace from file://', () => {
  let server: TestServer;
  let browser: Browser;
  let key: SecretKey;
  let keyFile: string;
  let bundle: string;

  beforeAll(async () => {
    if (!existsSync(WORKSPACE)) throw new Error('the workspace is not built: run `npm run build` first');
    server = await startTestServer();
    keyFile = join(server.dir, DEMO_KEY_FILE);
    key = await openKeyFile(JSON.parse(readFileSync(keyFile, 'utf8')), DEMO_PASSPHRASE);
    const keyring = await fetchKeyring(server.url);
    for (const text of TEXTS) expect((await postEnvelope(server.url, envelopeFor(keyring, text))).status).toBe(201);
    const lines = [bundleHeaderLine()];
    for await (const entry of new DelegateClient(new URL(server.url), key).pull()) lines.push(bundleLine(entry));
    expect(lines).toHaveLength(TEXTS.length + 1);
    bundle = join(server.dir, 'bundle.ndjson');
    writeFileSync(bundle, lines.join(''));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(online = false): Promise<{ context: BrowserContext; page: Page; requests: Request[]; errors: string[] }> {
    const context = await browser.newContext({ locale: 'fr-FR', acceptDownloads: true });
    await context.setOffline(!online);
    const page = await context.newPage();
    const requests: Request[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(WORKSPACE).href);
    return { context, page, requests, errors };
  }

  /** Requests that would leave the machine: anything but the file itself and its worker blobs. */
  const offMachine = (requests: Request[]) => requests.map((r) => r.url()).filter((url) => !/^(file|blob):/.test(url));

  /** Everywhere a page can keep something between visits. */
  const storage = (page: Page) =>
    page.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      indexedDb: (await indexedDB.databases()).length,
      caches: 'caches' in globalThis ? (await caches.keys()).length : 0,
      cookie: document.cookie,
    }));

  async function unlock(page: Page, passphrase = DEMO_PASSPHRASE) {
    await page.locator('#key-file').setInputFiles(keyFile);
    await page.locator('#passphrase').fill(passphrase);
    await page.getByRole('button', { name: 'Ouvrir' }).click();
  }

  it('unlocks the key, decrypts a bundle from the server, searches and reads, with no network request', async () => {
    const { context, page, requests, errors } = await open();
    await unlock(page, 'pas la bonne');
    await expect.poll(() => page.locator('#unlock-error').textContent()).toContain('Phrase de passe incorrecte');
    await unlock(page);
    await page.locator('#unlocked-as').waitFor();

    await page.locator('#bundle-files').setInputFiles(bundle);
    await expect.poll(() => page.locator('#load-report').textContent()).toContain('3 témoignage(s) ajouté(s)');
    await page.locator('#bundle-files').setInputFiles(bundle);
    await expect.poll(() => page.locator('#load-report').textContent()).toContain('3 déjà chargé(s)');
    expect(await page.locator('#inbox-count').textContent()).toBe('3 sur 3');

    await page.locator('#search').fill('cantine');
    await expect.poll(() => page.locator('#inbox-count').textContent()).toBe('1 sur 3');
    await page.locator('.row').first().click();
    expect(await page.locator('#reader-text').textContent()).toBe(TEXTS[1]);

    expect(offMachine(requests)).toEqual([]);
    expect(errors).toEqual([]);
    expect(await storage(page)).toEqual({ local: 0, session: 0, indexedDb: 0, caches: 0, cookie: '' });
    await page.locator('#lock').click();
    await page.locator('#key-file').waitFor();
    expect(await page.locator('body').textContent()).not.toContain(CANARY);
    await context.close();
  });

  it('syncs: pulls ciphertext with signed requests, saves it as a bundle, decrypts it, then purges the server', async () => {
    const { context, page, requests, errors } = await open(true);
    await unlock(page);
    await page.locator('#tab-file').click();
    await page.locator('#server').fill(server.url);
    const saved = page.waitForEvent('download');
    await page.locator('#sync-pull').click();
    const file = await (await saved).path();
    await expect.poll(() => page.locator('#sync-status').textContent()).toContain('3 témoignage(s) reçu(s)');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(readFileSync(file, 'utf8')).not.toContain(CANARY);
    await page.locator('#tab-inbox').click();
    await expect.poll(() => page.locator('#inbox-count').textContent()).toBe('3 sur 3');

    await page.locator('#tab-file').click();
    await page.locator('#sync-pull').click();
    await expect.poll(() => page.locator('#sync-status').textContent()).toBe('Rien de nouveau pour votre clé.');
    expect(await page.locator('#sync-purge').getAttribute('aria-disabled')).toBe('true');
    await page.locator('#purge-confirm').check();
    await page.locator('#sync-purge').click();
    await expect.poll(() => page.locator('#sync-status').textContent()).toContain('3 supprimé(s) du serveur ; 0 conservé(s)');

    const network = requests.filter((r) => /^https?:/.test(r.url()));
    expect(network.map((r) => new URL(r.url()).origin).filter((o) => o !== new URL(server.url).origin)).toEqual([]);
    const signed = network.filter((r) => r.method() !== 'OPTIONS');
    expect(signed.map((r) => `${r.method()} ${new URL(r.url()).pathname}`)).toEqual([
      'GET /api/delegate/envelopes',
      'POST /api/delegate/envelopes/confirm',
      'GET /api/delegate/envelopes',
      'POST /api/delegate/envelopes/purge',
    ]);
    for (const request of signed) {
      expect((await request.allHeaders()).authorization).toMatch(/^Parole-Ed25519 key=/);
      expect(request.postData() ?? '').not.toContain(CANARY);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('runs under its own content security policy, which lists the hash of its only script', () => {
    const html = readFileSync(WORKSPACE, 'utf8');
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(policy).toContain("default-src 'none'");
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(html).not.toMatch(/<(link|img|iframe)\b[^>]*\b(href|src)="(https?:)?\/\//);
  });

  it('has no serious or critical accessibility issue, locked and unlocked', async () => {
    const { context, page } = await open();
    const serious = async () =>
      (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    expect(await serious()).toEqual([]);
    await unlock(page);
    await page.locator('#bundle-files').setInputFiles(bundle);
    await page.locator('.row').first().click();
    expect(await serious()).toEqual([]);
    await context.close();
  });
});
