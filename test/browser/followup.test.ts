/**
 * The receipt and the follow-up page in Debian's Chromium against a real server: the receipt is
 * shown once and kept nowhere, the page reads the replies a delegate sealed to the mailbox,
 * shows only those a keyring key signed, and sends follow-ups signed by the mailbox key.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodePublicKey,
  decodeTestimony,
  encodePublicKey,
  fingerprint,
  generateKey,
  mailboxId,
  mailboxKey,
  openEnvelope,
  RECEIPT_PATTERN,
  sealReply,
  toBase64,
  verifyFollowUp,
  type SecretKey,
  type Testimony,
} from '../../crypto/index.js';
import { createDb } from '../../server/db/client.js';
import { DELEGATE_PATHS } from '../../server/delegate-protocol.js';
import { createCampaign, DEFAULT_CAMPAIGN } from '../../server/store.js';
import { browserAvailable, launchChromium, openPage, seriousIssues } from '../helpers/browser.js';
import { registerDelegate, send, signed, sql, type TestDelegate } from '../helpers/delegate.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const WEB_DIR = join(import.meta.dirname, '..', '..', 'web', 'dist');
const HISTORY_AFTER_LOAD = 2;
const CAMPAIGN = 'temoignages';

describe.skipIf(!browserAvailable())('receipt and follow-up page in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let delegate: TestDelegate;
  // Filled by the first test, which takes the receipt; the others read and write with it.
  let receipt: string;
  let mailbox: SecretKey;

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'index.html'))) throw new Error('web/dist is missing: run `npm run build` first');
    server = await startTestServer({ webDir: WEB_DIR });
    browser = await launchChromium();
    delegate = await registerDelegate(server.dbPath, 'Déléguée de test');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(path: string): Promise<{ context: BrowserContext; page: Page; requests: Request[] }> {
    const { response, ...opened } = await openPage(browser, `${server.url}${path}`);
    // The server serves the app's index.html only on the paths listed in server/app.ts (PAGES).
    expect(response?.status(), `the server serves no page at ${path}`).toBe(200);
    return opened;
  }

  async function storedTestimonies(): Promise<Testimony[]> {
    const rows = await sql(server.dbPath, 'SELECT envelope FROM submissions');
    return rows.map((row) => decodeTestimony(openEnvelope(new Uint8Array(row.envelope as ArrayBuffer), delegate.key)!));
  }

  async function fileReply(text: string, from: SecretKey): Promise<void> {
    const envelope = sealReply({ text, sent: new Date().toISOString() }, from, mailbox);
    const response = await send(server.url, signed(delegate.key, 'POST', DELEGATE_PATHS.replies, { envelope: toBase64(envelope) }));
    expect(response.status).toBe(201);
  }

  async function openMailbox(page: Page, typed: string): Promise<void> {
    await page.locator('#receipt-input').fill(typed);
    await page.locator('#receipt-open').click();
    await page.locator('#mailbox').waitFor();
    await expect.poll(() => page.locator('#mailbox .status, [role="status"]').allTextContents().then((t) => t.join(''))).toBe('');
  }

  /** The `#fp=` fragment of a link printed with these keys' fingerprints. */
  function pinOf(...keys: SecretKey[]): string {
    return '#fp=' + keys.map((key) => fingerprint(key).replace(/-/g, '')).join(',');
  }

  /** The mailbox a sealed testimony carries, opened with the delegate's key as the CLI would. */
  function mailboxIn(envelope: Buffer | Uint8Array): string | undefined {
    return decodeTestimony(openEnvelope(new Uint8Array(envelope), delegate.key)!).mailbox;
  }

  // What a browser fires when the page is left (or put in the back-forward cache).
  async function leavePage(page: Page): Promise<void> {
    await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })));
  }

  it('shows the receipt once after sending, keeps it nowhere, and puts the mailbox in the envelope', async () => {
    const { context, page, requests } = await open(`/c/${CAMPAIGN}`);
    await page.locator('#testimony').fill('Avec un reçu, pour lire la réponse.');
    expect(await page.locator('#want-receipt').isChecked()).toBe(false);
    const beforeTicking = requests.length;
    await page.locator('#want-receipt').check();
    // Every response is no-store: a request made here, on every visit, would tell who takes a receipt.
    await page.waitForTimeout(300);
    expect(requests.slice(beforeTicking).map((r) => r.url())).toEqual([]);
    await page.locator('#send').click();
    await page.locator('#receipt').waitFor();
    receipt = ((await page.locator('#receipt').textContent()) ?? '').trim();
    expect(receipt).toMatch(RECEIPT_PATTERN);
    expect(await page.locator('#followup-address').textContent()).toBe(`${server.url}/c/${CAMPAIGN}/suivi`);
    // Written out, not linked: a link here would take the receipt off the screen before it is copied.
    expect(await page.locator('a[href*="/suivi"]').count()).toBe(0);
    const advice = (await page.locator('#confirmation').textContent()) ?? '';
    for (const words of ['papier', 'photographiez', 'courriel']) expect(advice).toContain(words);
    expect(await seriousIssues(page)).toEqual([]);

    expect(await context.cookies()).toEqual([]);
    expect(
      await page.evaluate(async () => ({
        local: localStorage.length,
        session: sessionStorage.length,
        indexedDb: (await indexedDB.databases()).length,
        cookie: document.cookie,
        history: history.length,
        address: location.href,
      })),
    ).toEqual({ local: 0, session: 0, indexedDb: 0, cookie: '', history: HISTORY_AFTER_LOAD, address: `${server.url}/c/${CAMPAIGN}` });
    const compact = receipt.replace(/-/g, '');
    for (const r of requests) {
      expect(r.url()).not.toContain(compact);
      expect(r.postDataBuffer()?.toString('latin1') ?? '').not.toContain(compact);
    }

    mailbox = await mailboxKey(receipt);
    const [testimony] = await storedTestimonies();
    expect(testimony).toMatchObject({ campaign: CAMPAIGN, text: 'Avec un reçu, pour lire la réponse.', mailbox: encodePublicKey(mailbox) });

    await page.getByRole('button', { name: 'Écrire un autre témoignage' }).click();
    expect(await page.locator('body').textContent()).not.toContain(receipt);
    expect(await page.locator('#want-receipt').isChecked()).toBe(false);
    await context.close();
  });

  it('sends nothing when the browser cannot prepare a receipt, and says so', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    // Pages served without TLS get no PBKDF2: mailboxKey cannot run.
    await context.addInitScript(() => {
      Object.defineProperty(Crypto.prototype, 'subtle', { get: () => undefined });
    });
    const page = await context.newPage();
    const posts: Request[] = [];
    page.on('request', (r) => r.method() === 'POST' && posts.push(r));
    await page.goto(`${server.url}/c/${CAMPAIGN}`);
    await page.locator('#testimony').fill('ne doit pas partir sans son reçu');
    await page.locator('#want-receipt').check();
    await page.locator('#send').click();
    await expect.poll(() => page.locator('#send-error').textContent()).toContain('Le reçu n’a pas pu être préparé');
    expect(await page.locator('#testimony').inputValue()).toBe('ne doit pas partir sans son reçu');
    expect(posts).toEqual([]);
    await context.close();
  });

  it('refuses a mistyped receipt, saying what is wrong without repeating it', async () => {
    const { context, page, requests } = await open(`/c/${CAMPAIGN}/suivi`);
    const typo = receipt.slice(0, -1) + (receipt.endsWith('0') ? '1' : '0');
    for (const [typed, said] of [
      [receipt.slice(0, -2), 'compte 20 caractères'],
      [receipt.slice(0, -1) + 'U', 'caractère'],
      [typo, 'faute de frappe'],
    ]) {
      await page.locator('#receipt-input').fill(typed);
      await page.locator('#receipt-open').click();
      await expect.poll(() => page.locator('#receipt-error').textContent()).toContain(said);
      expect(await page.locator('#receipt-error').textContent()).not.toContain(typed.slice(0, 4));
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('receipt-input');
    }
    expect(requests.filter((r) => new URL(r.url()).pathname.startsWith('/api/mailboxes'))).toEqual([]);
    // The follow-up page asks for its challenge as it loads, for every visitor, before any receipt is typed.
    expect(requests.filter((r) => new URL(r.url()).pathname === '/api/challenge').map((r) => r.method())).toEqual(['GET']);
    expect(await seriousIssues(page)).toEqual([]);
    await context.close();
  });

  it('opens the mailbox from the receipt typed any way, then shows the replies a delegate signed', async () => {
    const { context, page, requests } = await open(`/c/${CAMPAIGN}/suivi`);
    await openMailbox(page, receipt.toLowerCase().replace(/-/g, ' '));
    await page.locator('#no-reply').waitFor();
    expect(await page.locator('#no-reply').textContent()).toContain('Pas encore de réponse');
    const id = mailboxId(mailbox);
    // The id travels in the body: an address would put it in a proxy's log next to the reader's IP.
    const reads = requests.filter((r) => new URL(r.url()).pathname === '/api/mailboxes');
    expect(reads.map((r) => [r.method(), r.headers()['content-type'], JSON.parse(r.postData() ?? 'null')])).toEqual([
      ['POST', 'application/json', { mailbox: id }],
    ]);
    expect(requests.filter((r) => r.url().includes(id))).toEqual([]);
    expect(await seriousIssues(page)).toEqual([]);

    await fileReply('Merci, nous en parlons au CSE jeudi.', delegate.key);
    await fileReply('Réponse que le syndicat n’a pas signée.', generateKey());
    await page.locator('#refresh').click();
    await page.locator('#replies').waitFor();
    expect(await page.locator('#replies li').count()).toBe(1);
    expect(await page.locator('#replies').textContent()).toContain('Merci, nous en parlons au CSE jeudi.');
    expect(await page.locator('body').textContent()).not.toContain('pas signée');
    expect(await page.locator('#unverified').textContent()).toContain('n’a pas pu être vérifié');

    // A reload forgets the receipt: it must be typed again.
    await page.reload();
    await page.locator('#receipt-input').waitFor();
    await openMailbox(page, receipt);
    await page.locator('#replies').waitFor();
    expect(await seriousIssues(page)).toEqual([]);
    await context.close();
  });

  it('refuses a message holding the receipt, and sends a follow-up signed by the mailbox key', async () => {
    const { context, page, requests } = await open(`/c/${CAMPAIGN}/suivi`);
    await openMailbox(page, receipt);
    const before = (await storedTestimonies()).length;

    await page.locator('#followup-text').fill(`Mon reçu est ${receipt.toLowerCase()}, au cas où.`);
    await page.locator('#followup-send').click();
    await expect.poll(() => page.locator('#followup-error').textContent()).toContain('N’écrivez pas votre reçu dans le message');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('followup-text');
    await page.waitForTimeout(200);
    // Reading the mailbox is a POST too, carrying only its id.
    const sent = () => requests.filter((r) => r.method() === 'POST' && new URL(r.url()).pathname !== '/api/mailboxes');
    expect(sent()).toEqual([]);

    const text = 'Depuis, la pointeuse a été déplacée.';
    await page.locator('#followup-text').fill(text);
    await page.locator('#followup-send').click();
    await page.locator('#followup-sent').waitFor();
    expect(await page.locator('#followup-text').inputValue()).toBe('');
    const posts = sent();
    expect(posts.map((r) => new URL(r.url()).pathname)).toEqual([`/api/campaigns/${CAMPAIGN}/followups`]);
    expect(posts[0].headers()['parole-proof']).toMatch(/^[\w-]{30}\.[\w-]{22}\.\d+$/);
    expect(posts[0].postDataBuffer()!.toString('latin1')).not.toContain('pointeuse');

    const stored = await storedTestimonies();
    expect(stored).toHaveLength(before + 1);
    const followUp = stored.find((t) => t.followUp !== undefined)!;
    expect(followUp).toMatchObject({ campaign: CAMPAIGN, locale: 'fr', text, mailbox: encodePublicKey(mailbox) });
    expect(followUp.answers).toBeUndefined();
    expect(verifyFollowUp(decodePublicKey(followUp.mailbox!), followUp, followUp.followUp!)).toBe(true);
    const origin = new URL(server.url).origin;
    expect(requests.map((r) => new URL(r.url()).origin).filter((o) => o !== origin)).toEqual([]);
    await context.close();
  });

  it('shows the calculation, and solves a new challenge when the follow-up’s proof is refused', async () => {
    const { context, page, requests } = await open(`/c/${CAMPAIGN}/suivi`);
    await openMailbox(page, receipt);
    let refused = 0;
    await page.route(`**/api/campaigns/${CAMPAIGN}/followups`, async (route) => {
      if (refused++ > 0) return route.continue();
      await route.fulfill({ status: 428, contentType: 'application/json', body: JSON.stringify({ error: 'challenge_expired' }) });
    });
    // The new challenge is held back, so that the page is seen calculating.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/challenge', async (route) => {
      if (refused > 0) await held;
      await route.continue();
    });
    await page.locator('#followup-text').fill('Envoyé au second essai.');
    await page.locator('#followup-send').click();
    await page.locator('#proof-progress').waitFor({ state: 'visible' });
    expect(await page.locator('form .status').textContent()).toContain('petit calcul');
    expect(await seriousIssues(page)).toEqual([]);
    release();
    await page.locator('#followup-sent').waitFor();
    const posts = requests.filter((r) => new URL(r.url()).pathname === `/api/campaigns/${CAMPAIGN}/followups`);
    expect(posts).toHaveLength(2);
    const [first, second] = posts.map((r) => r.headers()['parole-proof']);
    expect(second.split('.').slice(0, 2)).not.toEqual(first.split('.').slice(0, 2));
    await context.close();
  });

  it('takes a follow-up after the campaign has closed', async () => {
    const database = await createDb(`file:${server.dbPath}`);
    await createCampaign(database.db, { ...DEFAULT_CAMPAIGN, slug: 'close', state: 'closed' });
    database.close();
    const { context, page } = await open('/c/close/suivi');
    await openMailbox(page, receipt);
    await page.locator('#followup-text').fill('Et après la fin de la campagne ?');
    await page.locator('#followup-send').click();
    await page.locator('#followup-sent').waitFor();
    const [row] = await sql(server.dbPath, "SELECT envelope FROM submissions WHERE campaign = 'close'");
    expect(decodeTestimony(openEnvelope(new Uint8Array(row.envelope as ArrayBuffer), delegate.key)!)).toMatchObject({
      campaign: 'close',
      text: 'Et après la fin de la campagne ?',
    });
    await context.close();
  });

  it('forgets the receipt on request, and keeps nothing in the browser', async () => {
    const { context, page } = await open(`/c/${CAMPAIGN}/suivi`);
    await openMailbox(page, receipt);
    await page.locator('#forget').click();
    await page.locator('#receipt-input').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('receipt-input');
    expect(await page.locator('#receipt-input').inputValue()).toBe('');
    expect(await page.locator('#replies, #followup-text').count()).toBe(0);
    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length, history.length, location.href])).toEqual([
      0,
      0,
      HISTORY_AFTER_LOAD,
      `${server.url}/c/${CAMPAIGN}/suivi`,
    ]);
    await context.close();
  });
  it('writes the follow-up address with the link’s pin, so that page trusts the same keys', async () => {
    const pin = pinOf(delegate.key);
    const { context, page } = await open(`/c/${CAMPAIGN}${pin}`);
    await page.locator('#testimony').fill('Depuis un lien épinglé.');
    await page.locator('#want-receipt').check();
    await page.locator('#send').click();
    await page.locator('#receipt').waitFor();
    expect(await page.locator('#followup-address').textContent()).toBe(`${server.url}/c/${CAMPAIGN}/suivi${pin}`);
    await context.close();
  });

  it('drops a mailbox key derived after the page was left', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    // The derivation waits for the test's word, so the page is left while it runs.
    await context.addInitScript(() => {
      const deriveBits = SubtleCrypto.prototype.deriveBits;
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      Object.assign(window, { releaseDerivation: () => release() });
      SubtleCrypto.prototype.deriveBits = async function (...args: Parameters<SubtleCrypto['deriveBits']>) {
        await released;
        return deriveBits.apply(this, args);
      };
    });
    const page = await context.newPage();
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    await page.goto(`${server.url}/c/${CAMPAIGN}/suivi`);
    await page.locator('#receipt-input').fill(receipt);
    await page.locator('#receipt-open').click();
    await expect.poll(() => page.locator('[role="status"]').allTextContents().then((t) => t.join(''))).toContain('Ouverture');
    await leavePage(page);
    await page.evaluate(() => (window as unknown as { releaseDerivation: () => void }).releaseDerivation());
    await page.waitForTimeout(500);
    expect(await page.locator('#mailbox, #replies, #followup-text').count()).toBe(0);
    expect(requests.filter((r) => new URL(r.url()).pathname === '/api/mailboxes')).toEqual([]);
    await context.close();
  });

  it('shows no receipt for a send answered after the page was left', async () => {
    const { context, page } = await open(`/c/${CAMPAIGN}`);
    let answer = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    await page.route('**/api/campaigns/*/submissions', async (route) => {
      await answered;
      await route.continue();
    });
    await page.locator('#testimony').fill('Envoyé, puis la page quittée.');
    await page.locator('#want-receipt').check();
    await page.locator('#send').click();
    await expect.poll(() => page.locator('[role="status"]').allTextContents().then((t) => t.join(''))).toContain('Envoi du texte chiffré');
    await leavePage(page);
    answer();
    await page.locator('#confirmation').waitFor();
    expect(await page.locator('#receipt, #followup-address').count()).toBe(0);
    const words = ((await page.locator('#confirmation').textContent()) ?? '').split(/\s+/);
    expect(words.filter((word) => RECEIPT_PATTERN.test(word))).toEqual([]);
    await context.close();
  });

  it('keeps a prepared receipt for a retry, but not once the page was left', async () => {
    const { context, page } = await open(`/c/${CAMPAIGN}`);
    const tried: Buffer[] = [];
    await page.route('**/api/campaigns/*/submissions', async (route) => {
      tried.push(route.request().postDataBuffer()!);
      await route.abort('failed');
    });
    await page.locator('#testimony').fill('Envoi qui échoue, puis réussit.');
    await page.locator('#want-receipt').check();
    for (const attempt of [1, 2]) {
      await page.locator('#send').click();
      await expect.poll(() => tried.length).toBe(attempt);
      await expect.poll(() => page.locator('#send-error').textContent()).toContain('le serveur ne répond pas');
    }
    // Control: a retry on the same visit reuses the receipt prepared for the first try.
    expect(mailboxIn(tried[1])).toBe(mailboxIn(tried[0]));

    await leavePage(page);
    await page.unroute('**/api/campaigns/*/submissions');
    const before = (await storedTestimonies()).length;
    await page.locator('#send').click();
    await page.locator('#receipt').waitFor();
    const stored = await storedTestimonies();
    expect(stored).toHaveLength(before + 1);
    const sent = stored.find((t) => t.text === 'Envoi qui échoue, puis réussit.')!;
    expect(sent.mailbox).not.toBe(mailboxIn(tried[0]));
    const shown = ((await page.locator('#receipt').textContent()) ?? '').trim();
    expect(sent.mailbox).toBe(encodePublicKey(await mailboxKey(shown)));
    await context.close();
  });

  it('without the link’s pin, shows each reply with its signer’s fingerprint, never as the union’s; with it, only the pinned keys count', async () => {
    const intruder = await registerDelegate(server.dbPath, 'Clé ajoutée par le serveur');
    await fileReply('Message de la clé ajoutée.', intruder.key);

    const unpinned = await open(`/c/${CAMPAIGN}/suivi`);
    let page = unpinned.page;
    await openMailbox(page, receipt);
    await page.locator('#replies').waitFor();
    expect(await page.locator('#followup-unpinned').textContent()).toContain('ne peut pas vérifier les clés');
    expect(await page.locator('#replies-title').textContent()).toBe('Réponses reçues');
    expect(await page.locator('#mailbox').textContent()).not.toContain('du syndicat,');
    const added = page.locator('#replies li', { hasText: 'Message de la clé ajoutée.' });
    expect(await added.locator('code.fingerprint').textContent()).toBe(fingerprint(intruder.key));
    expect(await added.textContent()).toContain('Comparez cette empreinte avec celles imprimées sur le tract');
    const union = page.locator('#replies li', { hasText: 'Merci, nous en parlons au CSE jeudi.' });
    expect(await union.locator('code.fingerprint').textContent()).toBe(fingerprint(delegate.key));
    expect(await seriousIssues(page)).toEqual([]);
    await unpinned.context.close();

    const pinned = await open(`/c/${CAMPAIGN}/suivi${pinOf(delegate.key)}`);
    page = pinned.page;
    await openMailbox(page, receipt);
    await page.locator('#replies').waitFor();
    expect(await page.locator('#replies-title').textContent()).toBe('Réponses du syndicat');
    expect(await page.locator('#followup-unpinned').count()).toBe(0);
    expect(await page.locator('#replies li').count()).toBe(1);
    expect(await page.locator('#replies').textContent()).toContain('Réponse du syndicat');
    expect(await page.locator('body').textContent()).not.toContain('Message de la clé ajoutée.');
    // The unsigned reply filed earlier, and the added key's.
    expect(await page.locator('#unverified').textContent()).toContain('2 messages n’ont pas pu être vérifiés');
    await pinned.context.close();
  });
});
