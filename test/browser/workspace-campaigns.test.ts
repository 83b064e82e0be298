/**
 * Campaigns in the built workspace, opened from disk in Chromium against a real server: list
 * them with a signed request, create one in the form (a problem shown next to its field, a
 * refusal by the server shown too), close and reopen it, read testimonies' answers by the
 * questions' wording, and download the tract kit: QR code as SVG and PNG, A4 and A5 flyers
 * pinning the keys' fingerprints.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePublicKey, fingerprint, generateKey, openKeyFile, type SecretKey } from '../../crypto/index.js';
import { createDb } from '../../server/db/client.js';
import { DEMO_KEY_FILE, DEMO_PASSPHRASE } from '../../server/serve.js';
import { addKey } from '../../server/store.js';
import { browserAvailable, launchChromium, seriousIssues, unlockWorkspace, watch } from '../helpers/browser.js';
import { envelopeFor, fetchKeyring, postEnvelope } from '../helpers/envelopes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { readQrPng, readQrSvg } from '../tract/qr-reader.js';

const WORKSPACE = join(import.meta.dirname, '..', '..', 'web', 'workspace', 'dist', 'parole-workspace.html');
const SLUG = 'nao-2026';

describe.skipIf(!browserAvailable())('campaigns in the workspace, from file://', () => {
  let server: TestServer;
  let browser: Browser;
  let key: SecretKey;
  let keyFile: string;
  let context: BrowserContext;
  let page: Page;
  let requests: Request[];
  let errors: string[];

  beforeAll(async () => {
    if (!existsSync(WORKSPACE)) throw new Error('the workspace is not built: run `npm run build` first');
    server = await startTestServer();
    keyFile = join(server.dir, DEMO_KEY_FILE);
    key = await openKeyFile(JSON.parse(readFileSync(keyFile, 'utf8')), DEMO_PASSPHRASE);
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'fr-FR', acceptDownloads: true });
    page = await context.newPage();
    ({ requests, errors } = watch(page));
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(pathToFileURL(WORKSPACE).href);
    await unlockWorkspace(page, keyFile, DEMO_PASSPHRASE);
    await page.locator('#unlocked-as').waitFor();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const serious = () => seriousIssues(page, 'main');

  async function downloaded(click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
    const event = page.waitForEvent('download');
    await click();
    const download = await event;
    return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
  }

  const publicStatus = async (slug: string) => (await (await fetch(`${server.url}/api/campaigns/${slug}`)).json()).campaign.status;

  it('lists the server’s campaigns, creates one through the form, shows a problem next to its field, closes and reopens it', async () => {
    await page.locator('#tab-campaigns').click();
    await page.locator('#campaigns-server').fill(server.url);
    await page.locator('#campaigns-fetch').click();
    await page.locator('#campaign-row-temoignages').waitFor();
    expect(await page.locator('#campaign-row-temoignages .campaign-status').textContent()).toBe('ouverte');

    await page.locator('#campaigns-new').click();
    await page.locator('#campaign-slug').fill(SLUG);
    await page.locator('#campaign-title-fr').fill('Négociations annuelles 2026');
    await page.locator('#campaign-title-en').fill('Annual negotiations 2026');
    await page.locator('#campaign-intro-fr').fill('Dites-nous ce qui compte.\n\n- les salaires\n- les horaires');
    await page.locator('#campaign-add-question').click();
    await page.locator('#campaign-questions-0-id').fill('site');
    await page.locator('#campaign-questions-0-kind').selectOption('single_choice');
    await page.locator('#campaign-questions-0-required').check();
    await page.locator('#campaign-questions-0-label-fr').fill('Sur quel site travaillez-vous ?');
    await page.locator('#campaign-questions-0-choices-0-id').fill('lyon');
    await page.locator('#campaign-questions-0-choices-0-label-fr').fill('Lyon Part-Dieu');
    await page.locator('#campaign-questions-0-choices-1-id').fill('Saint Priest');
    await page.locator('#campaign-questions-0-choices-1-label-fr').fill('Saint-Priest');
    await page.locator('#campaign-add-question').click();
    await page.locator('#campaign-questions-1-id').fill('charge');
    await page.locator('#campaign-questions-1-kind').selectOption('scale');
    await page.locator('#campaign-questions-1-label-fr').fill('Votre charge de travail, de 1 à 5');
    await page.locator('#campaign-questions-1-help-fr').fill('1 : légère\n5 : intenable');

    // The choice id holds a space and an upper case letter: refused where it was typed, nothing sent.
    const before = requests.length;
    await page.locator('#campaign-save').click();
    await page.locator('#campaign-problem').waitFor();
    expect(await page.locator('#campaign-questions-0-choices-1-id-error').textContent()).toContain('Identifiant invalide');
    expect(await page.locator('#campaign-questions-0-choices-1-id').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('campaign-questions-0-choices-1-id');
    expect(requests.length).toBe(before);
    expect(await serious()).toEqual([]);

    await page.locator('#campaign-questions-0-choices-1-id').fill('saint-priest');
    await page.locator('#campaign-save').click();
    await page.locator(`#campaign-row-${SLUG}`).waitFor();
    expect(await page.locator('#campaign-form').count()).toBe(0);
    const stored = (await (await fetch(`${server.url}/api/campaigns/${SLUG}`)).json()).campaign;
    expect(stored.questions.map((q: { id: string }) => q.id)).toEqual(['site', 'charge']);
    expect(stored.questions[0].choices[1]).toEqual({ id: 'saint-priest', label: { fr: 'Saint-Priest', en: '' } });
    expect(stored.questions[1].help.fr).toBe('1 : légère\n5 : intenable');
    expect(stored.status).toBe('open');

    // The server's own refusal: the slug is taken.
    await page.locator('#campaigns-new').click();
    await page.locator('#campaign-slug').fill(SLUG);
    await page.locator('#campaign-title-fr').fill('Doublon');
    await page.locator('#campaign-save').click();
    await expect.poll(() => page.locator('#campaign-form-status').textContent()).toBe('Une campagne porte déjà cet identifiant sur le serveur.');
    await page.locator('#campaign-cancel').click();

    await page.locator(`#campaign-close-${SLUG}`).click();
    await expect.poll(() => page.locator(`#campaign-row-${SLUG} .campaign-status`).textContent()).toBe('fermée');
    expect(await publicStatus(SLUG)).toBe('closed');
    await page.locator(`#campaign-open-${SLUG}`).click();
    await expect.poll(() => page.locator(`#campaign-row-${SLUG} .campaign-status`).textContent()).toBe('ouverte');
    expect(await publicStatus(SLUG)).toBe('open');

    await page.locator(`#campaign-edit-${SLUG}`).click();
    expect(await page.locator('#campaign-slug').getAttribute('readonly')).not.toBeNull();
    await page.locator('#campaign-intro-fr').fill('<b>Important</b>');
    await page.locator('#campaign-save').click();
    await page.locator('#campaign-intro-fr-error').waitFor();
    expect(await page.locator('#campaign-intro-fr-error').textContent()).toContain('Pas de HTML');
    await page.locator('#campaign-intro-fr').fill('Important : dites-nous tout.');
    await page.locator('#campaign-save').click();
    await page.locator('#campaign-form').waitFor({ state: 'detached' });
    expect((await (await fetch(`${server.url}/api/campaigns/${SLUG}`)).json()).campaign.intro.fr).toBe('Important : dites-nous tout.');
    expect(await serious()).toEqual([]);

    const signed = requests.filter((r) => /^https?:/.test(r.url()) && r.method() !== 'OPTIONS');
    expect(signed.map((r) => `${r.method()} ${new URL(r.url()).pathname}`)).toEqual([
      'GET /api/delegate/campaigns',
      'POST /api/delegate/campaigns',
      'POST /api/delegate/campaigns',
      `POST /api/delegate/campaigns/${SLUG}`,
      `POST /api/delegate/campaigns/${SLUG}`,
      `POST /api/delegate/campaigns/${SLUG}`,
    ]);
    for (const request of signed) expect((await request.allHeaders()).authorization).toMatch(/^Parole-Ed25519 key=/);
    // The browser reports the refused creation on the console; nothing else went wrong.
    expect(errors.splice(0)).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)']);
  });

  it('shows answers by the questions’ wording once the definitions are known', async () => {
    const keyring = await fetchKeyring(server.url, SLUG);
    for (const [site, charge] of [['lyon', '4'], ['saint-priest', '5'], ['lyon', '2']]) {
      expect((await postEnvelope(server.url, envelopeFor(keyring, `Sur le site ${site}.`, SLUG, { site, charge }), SLUG)).status).toBe(201);
    }
    await page.locator('#tab-file').click();
    expect(await page.locator('#server').inputValue()).toBe(server.url);
    const pulled = page.waitForEvent('download');
    await page.locator('#sync-pull').click();
    await pulled;
    await page.locator('#tab-inbox').click();
    await expect.poll(() => page.locator('#inbox-count').textContent()).toBe('3 sur 3');
    await page.locator('.row').filter({ hasText: 'saint-priest' }).click();
    expect(await page.locator('#reader-answers dt').allTextContents()).toEqual(['Sur quel site travaillez-vous ?', 'Votre charge de travail, de 1 à 5']);
    expect(await page.locator('#reader-answers dd').allTextContents()).toEqual(['Saint-Priest', '5']);
    await page.locator('#filter-question').selectOption('site');
    expect(await page.locator('#filter-question option:checked').textContent()).toBe('Sur quel site travaillez-vous ?');
    expect(await page.locator('#filter-answer option').allTextContents()).toEqual(['Toutes les réponses', 'Lyon Part-Dieu', 'Saint-Priest']);
    await page.locator('#filter-answer').selectOption('lyon');
    await expect.poll(() => page.locator('#inbox-count').textContent()).toBe('2 sur 3');
    await page.locator('#filter-question').selectOption('');

    await page.locator('#tab-figures').click();
    expect(await page.locator('#figures-rows option').allTextContents()).toContain('Réponse à « Sur quel site travaillez-vous ? »');
  });

  it('downloads the tract kit: the QR code as SVG and PNG, and A4 and A5 flyers pinning the keys', async () => {
    // A second key in the server's keyring, which this workspace has never seen.
    const stranger = generateKey();
    const database = await createDb(`file:${server.dbPath}`);
    await addKey(database.db, encodePublicKey(stranger), 'autre', '2026-01-01');
    database.close();
    await page.locator('#tab-campaigns').click();
    await page.locator(`#campaign-tract-${SLUG}`).click();
    await page.locator('#tract-link, #tract-status.error').first().waitFor();
    expect(await page.locator('#tract-status').textContent()).toBe('');
    const link = (await page.locator('#tract-link').textContent())!;
    // In the order the server lists its keyring; the workspace's own key is in it already.
    const pinned = (await fetchKeyring(server.url, SLUG)).map((k) => k.fingerprint);
    expect(new Set(pinned)).toEqual(new Set([fingerprint(key), fingerprint(stranger)]));
    expect(link).toBe(`${server.url}/c/${SLUG}#fp=${pinned.map((fp) => fp.replace(/-/g, '')).join(',')}`);
    const said = (fp: string) =>
      fp === fingerprint(key) ? `${fp} — votre clé` : `${fp} — clé inconnue de cet espace : vérifiez cette empreinte avec la personne qui détient la clé avant d’imprimer`;
    expect(await page.locator('#tract-fingerprints li').allTextContents()).toEqual(pinned.map(said));
    expect(await page.locator('#tract-fingerprints li.unknown-key').count()).toBe(1);
    expect(await serious()).toEqual([]);

    const svg = await downloaded(() => page.locator('#tract-svg').click());
    expect(svg.name).toBe(`${SLUG}-qr.svg`);
    expect(readQrSvg(svg.bytes.toString('utf8'))).toBe(link);
    const png = await downloaded(() => page.locator('#tract-png').click());
    expect(png.name).toBe(`${SLUG}-qr.png`);
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(readQrPng(png.bytes)).toBe(link);
    for (const size of ['a4', 'a5']) {
      const flyer = await downloaded(() => page.locator(`#tract-${size}`).click());
      expect(flyer.name).toBe(`${SLUG}-flyer-${size}.html`);
      const html = flyer.bytes.toString('utf8');
      expect(html).toContain('Négociations annuelles 2026');
      for (const fp of pinned) expect(html).toContain(fp);
      expect(html).toContain(`size: ${size.toUpperCase()}`);
      expect(html).not.toContain('<script');
    }
    expect(errors).toEqual([]);
  });
});
