/**
 * The delegate workspace, the built single file, opened from disk in Debian's Chromium: it
 * unlocks a real key file, decrypts a bundle pulled from a real server, and does the delegate's
 * work, with every request watched. Offline, it makes no network request at all.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleHeaderLine, bundleLine, fingerprint, openKeyFile, sealWorkspace, type SecretKey, type Testimony } from '../../crypto/index.js';
import { DelegateClient } from '../../server/delegate-client.js';
import { DEMO_KEY_FILE, DEMO_PASSPHRASE } from '../../server/serve.js';
import { emptyState, encodeState, rememberPlaceholders } from '../../web/workspace/src/core/state.js';
import { browserAvailable, keptInBrowser, launchChromium, seriousIssues, signedRequestsTo, unlockWorkspace, watch } from '../helpers/browser.js';
import { envelopeFor, fetchKeyring, postEnvelope } from '../helpers/envelopes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const WORKSPACE = join(import.meta.dirname, '..', '..', 'web', 'workspace', 'dist', 'parole-workspace.html');
const CANARY = 'canari-espace-9f3e';
const PASSAGE = "Mme Garnier m'a appelée au 06 12 34 56 78 pour me dire que Viva comptait mes pauses.";
const SUBMISSIONS: { text: string; answers?: Testimony['answers'] }[] = [
  { text: `Mon responsable lit nos conversations Teams depuis mars. ${CANARY}-1` },
  { text: `Le badge enregistre chaque passage à la cantine. ${CANARY}-2` },
  { text: `Viva Insights envoie mes heures de réunion à la direction. ${CANARY}-3` },
  { text: `Bonjour. ${PASSAGE} ${CANARY}-4`, answers: { site: 'Lyon', outils: ['teams', 'viva'] } },
];
const TEXTS = SUBMISSIONS.map((s) => s.text);

describe.skipIf(!browserAvailable())('the delegate workspace from file://', () => {
  let server: TestServer;
  let browser: Browser;
  let key: SecretKey;
  let keyFile: string;
  let bundle: string;
  const ids: string[] = [];
  const days = new Set<string>();

  beforeAll(async () => {
    if (!existsSync(WORKSPACE)) throw new Error('the workspace is not built: run `npm run build` first');
    server = await startTestServer();
    keyFile = join(server.dir, DEMO_KEY_FILE);
    key = await openKeyFile(JSON.parse(readFileSync(keyFile, 'utf8')), DEMO_PASSPHRASE);
    const keyring = await fetchKeyring(server.url);
    for (const { text, answers } of SUBMISSIONS) {
      expect((await postEnvelope(server.url, envelopeFor(keyring, text, 'temoignages', answers))).status).toBe(201);
    }
    const lines = [bundleHeaderLine()];
    for await (const entry of new DelegateClient(new URL(server.url), key).pull()) {
      lines.push(bundleLine(entry));
      ids.push(String(entry.id));
      days.add(entry.day);
    }
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
    const { requests, errors } = watch(page);
    await page.goto(pathToFileURL(WORKSPACE).href);
    return { context, page, requests, errors };
  }

  /** Requests that would leave the machine: anything but the file itself and its worker blobs. */
  const offMachine = (requests: Request[]) => requests.map((r) => r.url()).filter((url) => !/^(file|blob):/.test(url));

  const unlock = (page: Page, passphrase = DEMO_PASSPHRASE) => unlockWorkspace(page, keyFile, passphrase);

  it('unlocks the key, decrypts a bundle from the server, searches and reads, with no network request', async () => {
    const { context, page, requests, errors } = await open();
    await unlock(page, 'pas la bonne');
    await expect.poll(() => page.locator('#unlock-error').textContent()).toContain('Phrase de passe incorrecte');
    await unlock(page);
    await page.locator('#unlocked-as').waitFor();

    await page.locator('#bundle-files').setInputFiles(bundle);
    await expect.poll(() => page.locator('#load-report').textContent()).toContain('4 témoignages ajoutés');
    await page.locator('#bundle-files').setInputFiles(bundle);
    await expect.poll(() => page.locator('#load-report').textContent()).toContain('4 déjà chargés');
    expect(await page.locator('#inbox-count').textContent()).toBe('4 sur 4');

    await page.locator('#search').fill('cantine');
    await expect.poll(() => page.locator('#inbox-count').textContent()).toBe('1 sur 4');
    await page.locator('.row').first().click();
    expect(await page.locator('#reader-text').inputValue()).toBe(TEXTS[1]);

    expect(offMachine(requests)).toEqual([]);
    expect(errors).toEqual([]);
    expect(await keptInBrowser(page)).toEqual({ local: 0, session: 0, indexedDb: 0, caches: 0, cookie: '' });
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
    await expect.poll(() => page.locator('#sync-status').textContent()).toContain('4 témoignages reçus');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(readFileSync(file, 'utf8')).not.toContain(CANARY);
    await page.locator('#tab-inbox').click();
    await expect.poll(() => page.locator('#inbox-count').textContent()).toBe('4 sur 4');

    await page.locator('#tab-file').click();
    await page.locator('#sync-pull').click();
    await expect.poll(() => page.locator('#sync-status').textContent()).toBe('Rien de nouveau pour votre clé.');
    expect(await page.locator('#sync-purge').getAttribute('aria-disabled')).toBe('true');
    await page.locator('#purge-confirm').check();
    await page.locator('#sync-purge').click();
    await expect.poll(() => page.locator('#sync-status').textContent()).toContain('4 supprimés du serveur ; 0 conservé');

    const signed = await signedRequestsTo(server.url, requests);
    expect(signed.map((r) => `${r.method()} ${new URL(r.url()).pathname}`)).toEqual([
      'GET /api/delegate/envelopes',
      'POST /api/delegate/envelopes/confirm',
      'GET /api/delegate/envelopes',
      'POST /api/delegate/envelopes/purge',
    ]);
    for (const request of signed) expect(request.postData() ?? '').not.toContain(CANARY);
    expect(errors).toEqual([]);
    await context.close();
  });

  /** Selects this passage of the testimony being read, as a drag of the mouse would. */
  const selectPassage = (page: Page, passage: string) =>
    page.locator('#reader-text').evaluate((field: HTMLTextAreaElement, wanted) => {
      const start = field.value.indexOf(wanted);
      field.setSelectionRange(start, start + wanted.length);
    }, passage);

  /** Selects this passage with the keyboard alone: into the text, to its start, then Shift and the arrow. */
  async function selectPassageByKeyboard(page: Page, passage: string) {
    const text = await page.locator('#reader-text').inputValue();
    await page.locator('#reader-text').focus();
    // The field takes the keys that move and select, and refuses every edit.
    await page.keyboard.type('xy');
    for (const key of ['Backspace', 'Delete', 'Enter', 'Control+x', 'Control+a', 'Control+v']) await page.keyboard.press(key);
    await page.keyboard.insertText('inséré');
    expect(await page.locator('#reader-text').inputValue()).toBe(text);
    // An input method's composition cannot be cancelled: the text comes back, and the selection with it.
    await page.locator('#reader-text').evaluate((field: HTMLTextAreaElement) => field.setSelectionRange(2, 5));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'é', selectionStart: 1, selectionEnd: 1 });
    await cdp.send('Input.insertText', { text: 'é' });
    await cdp.detach();
    const field = (f: HTMLTextAreaElement) => [f.value, f.selectionStart, f.selectionEnd];
    expect(await page.locator('#reader-text').evaluate(field)).toEqual([text, 2, 5]);
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < text.indexOf(passage); i++) await page.keyboard.press('ArrowRight');
    for (let i = 0; i < passage.length; i++) await page.keyboard.press('Shift+ArrowRight');
  }

  async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
    const event = page.waitForEvent('download');
    await click();
    const download = await event;
    return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
  }

  /** What an export must never hold: the testimonies' ids, their days, the key, the raw text. */
  function expectNothingIdentifying(text: string) {
    for (const id of ids) expect(text).not.toContain(id);
    for (const day of days) expect(text).not.toContain(day);
    expect(text).not.toContain(fingerprint(key));
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain('Garnier');
    expect(text).not.toContain('06 12 34 56 78');
  }

  it('tags, quotes, anonymises, counts and exports offline, then saves the work and merges it back', async () => {
    const { context, page, requests, errors } = await open();
    const serious = () => seriousIssues(page);
    page.on('dialog', (dialog) => void dialog.accept());
    await unlock(page);
    await page.locator('#bundle-files').setInputFiles(bundle);
    await expect.poll(() => page.locator('#load-report').textContent()).toContain('4 témoignages ajoutés');

    await page.locator('#tab-tags').click();
    await page.locator('#tag-name').fill('Surveillance');
    await page.locator('#tag-create').click();
    await page.locator('#tag-name').fill('Teams');
    await page.locator('#tag-parent').selectOption({ label: 'Surveillance' });
    await page.locator('#tag-create').click();
    await page.locator('#tag-name').fill('Teams');
    await page.locator('#tag-parent').selectOption({ label: 'Surveillance' });
    await page.locator('#tag-create').click();
    await expect.poll(() => page.locator('#work-error').textContent()).toBe('Une étiquette porte déjà ce nom à cet endroit.');
    expect(await page.locator('#tag-tree li').count()).toBe(2);
    await page.locator('#tag-name').fill('Viva');
    await page.locator('#tag-parent').selectOption({ label: 'Surveillance' });
    await page.locator('#tag-create').click();
    const viva = page.locator('#tag-tree li', { hasText: 'Viva' });
    await viva.getByRole('button', { name: 'Modifier « Viva »' }).click();
    await viva.locator('.tag-rename').fill('Viva Insights');
    await viva.getByRole('button', { name: 'Renommer' }).click();
    const renamed = page.locator('#tag-tree li', { hasText: 'Viva Insights' });
    await renamed.locator('.swatch input').nth(4).check();
    const colour = await renamed.locator('.tag').first().evaluate((el) => getComputedStyle(el).backgroundColor);
    await renamed.locator('.tag-merge').selectOption({ label: 'Surveillance / Teams' });
    await renamed.getByRole('button', { name: 'Fusionner', exact: true }).click();
    expect(await page.locator('#tag-tree li').count()).toBe(2);
    expect(await page.locator('#tag-tree').textContent()).not.toContain('Viva');
    expect(colour).not.toBe(await page.locator('#tag-tree li', { hasText: 'Teams' }).locator('.tag').first().evaluate((el) => getComputedStyle(el).backgroundColor));
    expect(await serious()).toEqual([]);

    await page.locator('#tab-inbox').click();
    await page.locator('#filter-question').selectOption('site');
    await page.locator('#filter-answer').selectOption('Lyon');
    await expect.poll(() => page.locator('#inbox-count').textContent()).toBe('1 sur 4');
    await page.locator('.row').first().click();
    expect(await page.locator('#reader-answers').textContent()).toContain('teams, viva');
    await page.locator('#reader .tag-check', { hasText: 'Teams' }).locator('input').check();
    await page.locator('#memo').fill('Rappeler la section de Lyon.');
    await page.locator('#memo').blur();
    await page.locator('#quote-selection').click();
    expect(await page.locator('#reader [role=alert]').first().textContent()).toBe('Sélectionnez d’abord un passage du témoignage.');
    await selectPassageByKeyboard(page, PASSAGE);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('quote-selection');
    await page.keyboard.press('Enter');
    expect(await page.locator('#tab-quotes').getAttribute('aria-selected')).toBe('true');

    const card = page.locator('.quote').first();
    expect(await page.locator('.quote').count()).toBe(1);
    expect(await card.locator('.published').inputValue()).toBe(PASSAGE);
    expect(await card.locator('.review').textContent()).toContain('numéro de téléphone');
    await card.locator('.anonymise').click();
    const published = await card.locator('.published').inputValue();
    expect(published).toContain('[Personne A]');
    expect(published).not.toContain('Garnier');
    expect(published).not.toContain('06 12');
    expect(await card.locator('.diff del').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Garnier')]));
    await card.locator('.approve').check();
    expect(await page.locator('#quotes-count').textContent()).toBe('1 citation, dont 1 approuvée.');
    expect(await page.locator('textarea:not([spellcheck="false"]), input[type="text"]:not([spellcheck="false"])').count()).toBe(0);
    expect(await serious()).toEqual([]);

    await page.locator('#tab-inbox').click();
    await page.locator('#filter-question').selectOption('');
    await page.locator('#filter-tag').selectOption({ label: 'Surveillance' });
    await expect.poll(() => page.locator('#inbox-count').textContent()).toBe('1 sur 4');
    await page.locator('#filter-tag').selectOption('');

    await page.locator('#tab-figures').click();
    const table = await page.locator('#figures-table').textContent();
    expect(table).toContain('Surveillance / Teams');
    expect(table).toContain('< 5');
    expect(await page.locator('#figures-chart').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    const figures = await downloaded(page, () => page.locator('#figures-csv').click());
    expect(figures.bytes.toString('utf8')).toContain('< 5');
    expectNothingIdentifying(figures.bytes.toString('utf8'));
    expect(await serious()).toEqual([]);

    await page.locator('#tab-export').click();
    const markdown = await downloaded(page, () => page.locator('#export-write').click());
    expect(markdown.name).toMatch(/^parole-citations-\d{4}-\d{2}-\d{2}\.md$/);
    const md = markdown.bytes.toString('utf8');
    // Brackets are escaped so that Markdown shows them as written.
    expect(md).toContain('\\[Personne A\\]');
    expect(md).toContain('Surveillance / Teams');
    expectNothingIdentifying(md);
    await page.locator('label', { hasText: 'CSV (tableur)' }).locator('input').check();
    const csv = (await downloaded(page, () => page.locator('#export-write').click())).bytes.toString('utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain(';');
    expectNothingIdentifying(csv);
    await page.locator('label', { hasText: 'Word (DOCX)' }).locator('input').check();
    const docx = (await downloaded(page, () => page.locator('#export-write').click())).bytes;
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
    // Headless Chromium has no print dialog: what the print view held when print() was called stands in for it.
    await page.evaluate(() => {
      window.print = () => {
        (window as unknown as { printed: string }).printed = document.getElementById('print-view')?.innerText ?? '';
      };
    });
    await page.locator('label', { hasText: 'Impression ou PDF' }).locator('input').check();
    await page.locator('#export-write').click();
    const printed = await page.evaluate(() => (window as unknown as { printed: string }).printed);
    expect(printed).toContain('[Personne A]');
    expect(printed).toContain('Surveillance / Teams');
    expectNothingIdentifying(printed);
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    expect(await page.locator('#print-view').count()).toBe(0);
    expect(await serious()).toEqual([]);

    // A quote approved as written still holds a name and a phone: the last scan stops the export.
    await page.locator('#tab-inbox').click();
    await page.locator('.row', { hasText: 'Garnier' }).click();
    await page.locator('#quote-whole').click();
    await page.locator('.quote', { hasText: CANARY }).locator('.approve').check();
    await page.locator('#tab-export').click();
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.locator('#export-write').click();
    expect(await page.locator('#export-warning').textContent()).toMatch(/Citation \d : nom, numéro de téléphone/);
    await page.locator('#export-cancel').click();
    expect(await page.locator('#export-warning').count()).toBe(0);
    expect(downloads).toBe(0);
    expect(await serious()).toEqual([]);

    await page.locator('#tab-file').click();
    expect(await page.locator('#work-unsaved').count()).toBe(1);
    const saved = await downloaded(page, () => page.locator('#work-save').click());
    expect(saved.name).toMatch(/\.parolews$/);
    for (const planted of [CANARY, 'Garnier', 'Surveillance', 'Rappeler']) expect(saved.bytes.includes(Buffer.from(planted))).toBe(false);
    const workFile = join(server.dir, saved.name);
    writeFileSync(workFile, saved.bytes);
    expect(await page.locator('#work-unsaved').count()).toBe(0);

    await page.locator('#lock').click();
    await unlock(page);
    await page.locator('#bundle-files').setInputFiles(bundle);
    await expect.poll(() => page.locator('#load-report').textContent()).toContain('4 témoignages ajoutés');
    await page.locator('#tab-file').click();
    await page.locator('#work-files').setInputFiles(workFile);
    await expect.poll(() => page.locator('#work-status').textContent()).toContain('fusionné');
    await page.locator('#tab-quotes').click();
    expect(await page.locator('#quotes-count').textContent()).toBe('2 citations, dont 2 approuvées.');
    await page.locator('#tab-inbox').click();
    await page.locator('#filter-tag').selectOption({ label: 'Surveillance' });
    await page.locator('.row').first().click();
    expect(await page.locator('#memo').inputValue()).toBe('Rappeler la section de Lyon.');

    expect(offMachine(requests)).toEqual([]);
    expect(errors).toEqual([]);
    expect(await keptInBrowser(page)).toEqual({ local: 0, session: 0, indexedDb: 0, caches: 0, cookie: '' });
    await context.close();
  });

  it('keeps each person’s letter after the work is saved, locked and reopened, and warns of a letter a colleague gave to someone else', async () => {
    const { context, page, requests, errors } = await open();
    page.on('dialog', (dialog) => void dialog.accept());
    const loadBundle = async () => {
      await page.locator('#bundle-files').setInputFiles(bundle);
      await expect.poll(() => page.locator('#load-report').textContent()).toContain('4 témoignages ajoutés');
    };
    await unlock(page);
    await loadBundle();
    await page.locator('.row', { hasText: 'Garnier' }).click();
    await selectPassage(page, PASSAGE);
    await page.locator('#quote-selection').click();
    await page.locator('.quote').first().locator('.anonymise').click();
    expect(await page.locator('.quote').first().locator('.published').inputValue()).toContain('Mme [Personne A]');
    await page.locator('#tab-file').click();
    const saved = await downloaded(page, () => page.locator('#work-save').click());
    const workFile = join(server.dir, `letters-${saved.name}`);
    writeFileSync(workFile, saved.bytes);

    await page.locator('#lock').click();
    await unlock(page);
    await loadBundle();
    await page.locator('#tab-file').click();
    await page.locator('#work-files').setInputFiles(workFile);
    await expect.poll(() => page.locator('#work-status').textContent()).toContain('fusionné');

    // Someone else, named in the wording as a delegate may type it: the next letter, not A again.
    await page.locator('#tab-inbox').click();
    await page.locator('.row', { hasText: 'cantine' }).click();
    await page.locator('#quote-whole').click();
    const other = page.locator('.quote', { hasText: 'cantine' });
    await other.locator('.published').fill('M. Lefebvre dit que le badge enregistre chaque passage à la cantine.');
    await other.locator('.anonymise').click();
    expect(await other.locator('.published').inputValue()).toBe('M. [Personne B] dit que le badge enregistre chaque passage à la cantine.');

    await page.locator('#tab-inbox').click();
    await page.locator('.row', { hasText: 'Garnier' }).click();
    await page.locator('#quote-whole').click();
    const again = page.locator('.quote', { hasText: 'Bonjour' });
    await again.locator('.anonymise').click();
    const published = await again.locator('.published').inputValue();
    expect(published).toContain('Mme [Personne A]');
    expect(published).not.toContain('Garnier');

    await page.locator('#tab-export').click();
    expect(await page.locator('#export-clashes').count()).toBe(0);

    // A colleague who never saw this work gave [Personne A] to someone else.
    const colleague = rememberPlaceholders(emptyState(), { actor: 'c011ea90e0000000', now: () => 1_000 }, 'fr', [
      { kind: 'name', key: 'martin', placeholder: '[Personne A]' },
    ]);
    const colleagueFile = join(server.dir, 'letters-colleague.parolews');
    writeFileSync(colleagueFile, sealWorkspace(encodeState(colleague), [key]));
    await page.locator('#tab-file').click();
    await page.locator('#work-files').setInputFiles(colleagueFile);
    await expect.poll(() => page.locator('#work-status').textContent()).toContain('fusionné');
    await page.locator('#tab-export').click();
    expect(await page.locator('#export-clashes').textContent()).toBe(
      '[Personne A] désigne deux personnes différentes dans votre travail : vérifiez les citations concernées.',
    );
    expect(await seriousIssues(page)).toEqual([]);
    expect(offMachine(requests)).toEqual([]);
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
    // A browser's translation or cloud spellcheck would send the text to a remote service.
    expect(html).toMatch(/<html lang="fr" translate="no">/);
    expect(html).toContain('<meta name="google" content="notranslate" />');
  });

  it('has no serious or critical accessibility issue, locked and unlocked', async () => {
    const { context, page } = await open();
    const serious = () => seriousIssues(page);
    expect(await serious()).toEqual([]);
    await unlock(page);
    await page.locator('#bundle-files').setInputFiles(bundle);
    await page.locator('.row').first().click();
    expect(await serious()).toEqual([]);
    await context.close();
  });
});
