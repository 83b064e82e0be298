/**
 * The whole loop, with real pages on both sides against one real server: an employee writes a
 * testimony from the pinned campaign link and takes a receipt; a delegate pulls it into the
 * workspace (the built file, opened from disk, unlocked with a key file) and replies; the
 * employee opens the follow-up address the confirmation showed, types the receipt, reads the
 * union's reply and writes a follow-up; the delegate pulls again and finds it in the same
 * thread, verified, under the testimony. Neither page sends anything but ciphertext, and only
 * to the server; the employee's browser keeps nothing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint, RECEIPT_PATTERN } from '../../crypto/index.js';
import { browserAvailable, keptInBrowser, launchChromium, seriousIssues, unlockWorkspace, watch } from '../helpers/browser.js';
import { registerDelegate, writeKeyFile, type TestDelegate } from '../helpers/delegate.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const WEB_DIR = join(import.meta.dirname, '..', '..', 'web', 'dist');
const WORKSPACE = join(import.meta.dirname, '..', '..', 'web', 'workspace', 'dist', 'parole-workspace.html');
const CAMPAIGN = 'temoignages';
const PASSPHRASE = 'phrase de passe de la boucle';
// Each carries an ASCII marker, so a search of the wire finds it even where JSON escapes accents.
const TESTIMONY = 'Les heures de nuit ne sont plus majorées depuis le changement de planning. marque-boucle-temoin';
const REPLY = 'Merci, nous portons la question des majorations au prochain CSE. marque-boucle-reponse';
const FOLLOW_UP = 'Cela concerne aussi les équipes du week-end. marque-boucle-suite';

/** Everything a request puts on the wire that could carry text: its address, headers and body. */
function wireText(request: Request): string {
  const body = request.postDataBuffer();
  const headers = Object.entries(request.headers()).map(([name, value]) => `${name}: ${value}`);
  return [request.url(), ...headers, body?.toString('utf8') ?? '', body?.toString('latin1') ?? ''].join('\n');
}

describe.skipIf(!browserAvailable())('the whole loop: testimony, reply, follow-up, with real pages on both sides', () => {
  let server: TestServer;
  let browser: Browser;
  let delegate: TestDelegate;
  let keyFile: string;

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'index.html'))) throw new Error('web/dist is missing: run `npm run build` first');
    if (!existsSync(WORKSPACE)) throw new Error('the workspace is not built: run `npm run build` first');
    server = await startTestServer({ webDir: WEB_DIR });
    // Beside the demo key the server made: the link's pin names this key alone, so only it can read.
    delegate = await registerDelegate(server.dbPath, 'Déléguée de la boucle');
    keyFile = await writeKeyFile(join(server.dir, 'delegate.key.json'), delegate.key, PASSPHRASE);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Pulls with the sync button and waits for the encrypted bundle it saves. */
  async function pull(page: Page): Promise<void> {
    await page.locator('#tab-file').click();
    const saved = page.waitForEvent('download');
    await page.locator('#sync-pull').click();
    expect(await (await saved).path()).toBeTruthy();
    await expect.poll(() => page.locator('#sync-status').textContent()).toContain('1 témoignage reçu');
    await page.locator('#tab-inbox').click();
  }

  it('carries a testimony, the union’s reply and a verified follow-up between the two pages', async () => {
    const origin = new URL(server.url).origin;
    const pin = '#fp=' + fingerprint(delegate.key).replace(/-/g, '');

    // (1) The employee writes from the pinned link and takes a receipt.
    const employee = await browser.newContext({ locale: 'fr-FR' });
    const campaignPage = await employee.newPage();
    const writing = watch(campaignPage);
    expect((await campaignPage.goto(`${server.url}/c/${CAMPAIGN}${pin}`))?.status()).toBe(200);
    await campaignPage.locator('#testimony').fill(TESTIMONY);
    await campaignPage.locator('#want-receipt').check();
    await campaignPage.locator('#send').click();
    await campaignPage.locator('#receipt').waitFor();
    const receipt = ((await campaignPage.locator('#receipt').textContent()) ?? '').trim();
    expect(receipt).toMatch(RECEIPT_PATTERN);
    const address = (await campaignPage.locator('#followup-address').textContent()) ?? '';
    expect(address).toBe(`${server.url}/c/${CAMPAIGN}/suivi${pin}`);
    expect(await seriousIssues(campaignPage)).toEqual([]);
    expect(await employee.cookies()).toEqual([]);
    expect(await keptInBrowser(campaignPage)).toEqual({ local: 0, session: 0, indexedDb: 0, caches: 0, cookie: '' });
    // Closed as the confirmation asks once the receipt is noted.
    await campaignPage.close();

    // (2) The delegate pulls it into the workspace, opens it and replies.
    const workspace = await browser.newContext({ locale: 'fr-FR', acceptDownloads: true });
    const desk = await workspace.newPage();
    const working = watch(desk);
    await desk.goto(pathToFileURL(WORKSPACE).href);
    await unlockWorkspace(desk, keyFile, PASSPHRASE);
    await desk.locator('#unlocked-as').waitFor();
    await desk.locator('#tab-file').click();
    await desk.locator('#server').fill(server.url);
    await pull(desk);
    await expect.poll(() => desk.locator('#inbox-count').textContent()).toBe('1 sur 1');
    const row = desk.locator('.row').filter({ hasText: 'marque-boucle-temoin' });
    expect(await row.locator('.badge').textContent()).toBe('reçu : réponse possible');
    await row.click();
    expect(await desk.locator('#reader-text').inputValue()).toBe(TESTIMONY);
    await desk.locator('#reply-text').fill(REPLY);
    await desk.locator('#reply-send').click();
    await expect.poll(() => desk.locator('#reply-status').textContent()).toBe('Réponse envoyée. La personne la lira avec son reçu.');

    // (3) The employee opens the address the confirmation showed, types the receipt loosely,
    // reads the reply as the union's, and writes a follow-up.
    const followUpPage = await employee.newPage();
    const following = watch(followUpPage);
    expect((await followUpPage.goto(address))?.status()).toBe(200);
    await followUpPage.locator('#receipt-input').pressSequentially(receipt.toLowerCase().replace(/-/g, ' '));
    await followUpPage.locator('#receipt-open').click();
    await followUpPage.locator('#replies').waitFor();
    expect(await followUpPage.locator('#replies-title').textContent()).toBe('Réponses du syndicat');
    const replies = followUpPage.locator('#replies li');
    expect(await replies.count()).toBe(1);
    expect(await replies.locator('.reply-text').textContent()).toBe(REPLY);
    expect(await replies.locator('.hint').textContent()).toContain('Réponse du syndicat,');
    expect(await followUpPage.locator('#unverified, #followup-unpinned, #replies code.fingerprint').count()).toBe(0);
    expect(await seriousIssues(followUpPage)).toEqual([]);
    await followUpPage.locator('#followup-text').fill(FOLLOW_UP);
    await followUpPage.locator('#followup-send').click();
    await followUpPage.locator('#followup-sent').waitFor();
    expect(await followUpPage.locator('#followup-error').textContent()).toBe('');
    expect(await employee.cookies()).toEqual([]);
    expect(await keptInBrowser(followUpPage)).toEqual({ local: 0, session: 0, indexedDb: 0, caches: 0, cookie: '' });
    expect(followUpPage.url()).toBe(address);
    await employee.close();

    // (4) The delegate pulls again: the follow-up joins the testimony's thread, after the reply, verified.
    await pull(desk);
    await expect.poll(() => desk.locator('#inbox-count').textContent()).toBe('1 sur 1');
    // The count read 1 sur 1 before this pull too: wait for the follow-up itself.
    await expect.poll(() => row.locator('.badge').textContent()).toBe('2 messages échangés');
    await row.click();
    expect(await desk.locator('#reader-text').inputValue()).toBe(TESTIMONY);
    const items = desk.locator('#reader #thread .thread-items > li');
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.nth(0).getAttribute('class')).toContain('thread-reply');
    expect(await items.nth(0).locator('.thread-text').textContent()).toBe(REPLY);
    expect(await items.nth(1).getAttribute('class')).toContain('thread-follow-up');
    expect(await items.nth(1).locator('.thread-text').textContent()).toBe(FOLLOW_UP);
    expect(await items.nth(1).getAttribute('data-verified')).toBe('true');
    expect(await items.nth(1).locator('.badge').textContent()).toBe('signature vérifiée');
    expect(await desk.locator('#thread-unverified, #thread-orphan').count()).toBe(0);
    expect(await seriousIssues(desk, '#reader')).toEqual([]);
    await workspace.close();

    // Nothing left for anywhere but the server: the employee's pages from its origin, the
    // workspace only from disk to the server typed.
    const employeeRequests = [...writing.requests, ...following.requests];
    expect(employeeRequests.map((r) => new URL(r.url()).origin).filter((o) => o !== origin)).toEqual([]);
    const workspaceFile = pathToFileURL(WORKSPACE).href;
    expect(working.requests.map((r) => r.url()).filter((url) => url !== workspaceFile && !url.startsWith('blob:') && new URL(url).origin !== origin)).toEqual([]);
    const sync = working.requests.filter((r) => /^https?:/.test(r.url()) && r.method() !== 'OPTIONS');
    expect(sync.map((r) => `${r.method()} ${new URL(r.url()).pathname}`)).toEqual([
      'GET /api/delegate/envelopes',
      'POST /api/delegate/envelopes/confirm',
      'POST /api/delegate/replies',
      'GET /api/delegate/envelopes',
      'POST /api/delegate/envelopes/confirm',
    ]);
    expect(following.requests.filter((r) => r.method() === 'POST').map((r) => new URL(r.url()).pathname)).toEqual([
      '/api/mailboxes',
      `/api/campaigns/${CAMPAIGN}/followups`,
    ]);
    // Each employee page asked for a proof-of-work challenge as it loaded, and each envelope carries a solved one.
    for (const { requests } of [writing, following]) {
      expect(requests.filter((r) => new URL(r.url()).pathname === '/api/challenge').length).toBeGreaterThanOrEqual(1);
    }
    const envelopes = employeeRequests.filter((r) => /^\/api\/campaigns\/[^/]+\/(submissions|followups)$/.test(new URL(r.url()).pathname));
    expect(envelopes).toHaveLength(2);
    for (const request of envelopes) expect(request.headers()['parole-proof']).toMatch(/^[\w-]{30}\.[\w-]{22}\.\d+$/);

    // ...and only ciphertext: no text, no marker and no form of the receipt in any address, header or body.
    const compact = receipt.replace(/-/g, '');
    const secrets = [
      TESTIMONY, 'marque-boucle-temoin',
      REPLY, 'marque-boucle-reponse',
      FOLLOW_UP, 'marque-boucle-suite',
      receipt, compact, compact.toLowerCase(), receipt.toLowerCase().replace(/-/g, ' '),
    ];
    const everyRequest = [...employeeRequests, ...working.requests];
    expect(everyRequest.filter((r) => r.method() === 'POST').length).toBeGreaterThanOrEqual(6);
    for (const request of everyRequest) {
      const wire = wireText(request);
      expect(secrets.filter((secret) => wire.includes(secret)), `${request.method()} ${request.url()}`).toEqual([]);
    }
    expect([...writing.errors, ...following.errors, ...working.errors]).toEqual([]);
  });
});
