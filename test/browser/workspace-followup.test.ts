/**
 * The whole loop of a follow-up, with the built workspace opened from disk in Chromium against a
 * real server: a testimony written with a receipt is pulled into the workspace, a delegate
 * replies from it, the receipt holder reads the reply and answers with a follow-up, and the
 * workspace threads that follow-up under the testimony, verified. A follow-up whose signature is
 * not the mailbox key's is shown apart, with a warning, and cannot be answered. Only ciphertext
 * leaves the workspace, and only to the server the delegate typed.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodePublicKey,
  encodePublicKey,
  encodeTestimony,
  fromBase64,
  generateKey,
  generateReceipt,
  keyId,
  mailboxId,
  mailboxKey,
  openKeyFile,
  openReply,
  sealEnvelope,
  signFollowUp,
  verifyReply,
  type SecretKey,
} from '../../crypto/index.js';
import { DEMO_KEY_FILE, DEMO_PASSPHRASE } from '../../server/serve.js';
import { browserAvailable, launchChromium, seriousIssues, unlockWorkspace } from '../helpers/browser.js';
import { fetchKeyring, postEnvelope, proofHeaders, type KeyringEntry } from '../helpers/envelopes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const WORKSPACE = join(import.meta.dirname, '..', '..', 'web', 'workspace', 'dist', 'parole-workspace.html');
const CAMPAIGN = 'temoignages';
const TESTIMONY = 'On nous impose des astreintes le week-end sans les payer. canari-fil-1';
const REPLY = 'Merci. Pouvez-vous dire depuis quand, et dans quel service ? Nous en parlons au CSE jeudi.';
const FOLLOW_UP = 'Depuis janvier, au service logistique. canari-fil-2';
const FORGED = 'Je suis la même personne, répondez-moi ici. canari-fil-3';

function sealed(keyring: KeyringEntry[], fields: { text: string; mailbox?: string; followUp?: string }): Uint8Array<ArrayBuffer> {
  return sealEnvelope(
    encodeTestimony({ campaign: CAMPAIGN, locale: 'fr', ...fields }),
    keyring.map((k) => decodePublicKey(k.publicKey)),
  );
}

async function postFollowUp(url: string, body: Uint8Array<ArrayBuffer>) {
  const headers = { 'Content-Type': 'application/octet-stream', ...(await proofHeaders(url)) };
  return fetch(`${url}/api/campaigns/${CAMPAIGN}/followups`, { method: 'POST', headers, body });
}

describe.skipIf(!browserAvailable())('a follow-up thread in the workspace, from file://', () => {
  let server: TestServer;
  let browser: Browser;
  let key: SecretKey;
  let keyFile: string;
  let keyring: KeyringEntry[];
  let mailbox: SecretKey;

  beforeAll(async () => {
    if (!existsSync(WORKSPACE)) throw new Error('the workspace is not built: run `npm run build` first');
    server = await startTestServer();
    keyFile = join(server.dir, DEMO_KEY_FILE);
    key = await openKeyFile(JSON.parse(readFileSync(keyFile, 'utf8')), DEMO_PASSPHRASE);
    keyring = await fetchKeyring(server.url);
    // What the page does when the writer takes a receipt: the mailbox key travels sealed.
    mailbox = await mailboxKey(generateReceipt());
    expect((await postEnvelope(server.url, sealed(keyring, { text: TESTIMONY, mailbox: encodePublicKey(mailbox) }))).status).toBe(201);
    // Someone who learnt the mailbox key's public half, but not the receipt, signs with another key.
    const impostor = generateKey();
    const forged = signFollowUp(impostor, { campaign: CAMPAIGN, locale: 'fr', text: FORGED });
    expect((await postFollowUp(server.url, sealed(keyring, { text: FORGED, mailbox: encodePublicKey(mailbox), followUp: forged }))).status).toBe(201);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const serious = seriousIssues;

  /** What the receipt holder's page reads: the replies filed under the mailbox's id. */
  async function readMailbox() {
    const body = JSON.stringify({ mailbox: mailboxId(mailbox) });
    return (await fetch(`${server.url}/api/mailboxes`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })).json();
  }

  /** Opens the workspace from disk, unlocks the demo key and types the server's address. */
  async function openAndConnect(page: Page) {
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(pathToFileURL(WORKSPACE).href);
    await unlockWorkspace(page, keyFile, DEMO_PASSPHRASE);
    await page.locator('#unlocked-as').waitFor();
    await page.locator('#tab-file').click();
    await page.locator('#server').fill(server.url);
  }

  /** Pulls with the sync button; the bundle it saves is copied, since a closed context deletes its downloads. */
  async function pull(page: Page, name: string): Promise<string> {
    await page.locator('#tab-file').click();
    const saved = page.waitForEvent('download');
    await page.locator('#sync-pull').click();
    const file = join(server.dir, name);
    writeFileSync(file, readFileSync((await (await saved).path())!));
    await expect.poll(() => page.locator('#sync-status').textContent()).toContain('reçu');
    await page.locator('#tab-inbox').click();
    return file;
  }

  it('replies from the workspace, reads the reply with the receipt, and threads the signed follow-up under the testimony', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', acceptDownloads: true });
    const page = await context.newPage();
    const requests: Request[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r));
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await openAndConnect(page);
    const firstBundle = await pull(page, 'first.ndjson');

    // The forged follow-up stands apart, marked, and offers no reply.
    await expect.poll(() => page.locator('#inbox-count').textContent()).toBe('2 sur 2');
    const rows = page.locator('.row');
    const forgedRow = rows.filter({ hasText: 'canari-fil-3' });
    expect(await forgedRow.locator('.badge').textContent()).toBe('suite non vérifiée');
    await forgedRow.click();
    await page.locator('#thread-unverified').waitFor();
    expect(await page.locator('#reply-text').count()).toBe(0);

    // The testimony with a receipt: the delegate's first draft names a phone number, and the scan stops it.
    await rows.filter({ hasText: 'canari-fil-1' }).click();
    expect(await page.locator('#reader-text').inputValue()).toBe(TESTIMONY);
    await page.locator('#reply-text').fill(`${REPLY} Appelez-moi au 06 12 34 56 78.`);
    await page.locator('#reply-send').click();
    await page.locator('#reply-warning').waitFor();
    expect(await page.locator('#reply-warning').textContent()).toContain('téléphone');
    expect(await serious(page, '#reader')).toEqual([]);
    await page.locator('#reply-cancel').click();
    expect(requests.filter((r) => new URL(r.url()).pathname === '/api/delegate/replies')).toEqual([]);
    await page.locator('#reply-text').fill(REPLY);
    await page.locator('#reply-send').click();
    await expect.poll(() => page.locator('#reply-status').textContent()).toBe('Réponse envoyée. La personne la lira avec son reçu.');
    expect(await page.locator('.thread-reply .thread-text').textContent()).toBe(REPLY);
    expect(await page.locator('#reply-text').inputValue()).toBe('');

    // The receipt holder reads it: the server holds it under the mailbox id, sealed to the mailbox alone.
    const answer = await readMailbox();
    expect(answer.replies).toHaveLength(1);
    const reply = openReply(fromBase64(answer.replies[0].envelope), mailbox)!;
    expect(reply.text).toBe(REPLY);
    expect(reply.from).toBe(keyId(key));
    expect(verifyReply(reply, key, mailbox)).toBe(true);
    expect(openReply(fromBase64(answer.replies[0].envelope), key)).toBeNull();

    // ...and answers with a follow-up signed by the mailbox key.
    const followUp = signFollowUp(mailbox, { campaign: CAMPAIGN, locale: 'fr', text: FOLLOW_UP });
    expect((await postFollowUp(server.url, sealed(keyring, { text: FOLLOW_UP, mailbox: encodePublicKey(mailbox), followUp }))).status).toBe(201);

    // Pulled again, it joins the thread, after the reply, verified; it is not listed as a testimony of its own.
    const secondBundle = await pull(page, 'second.ndjson');
    await expect.poll(() => page.locator('#inbox-count').textContent()).toBe('2 sur 2');
    await rows.filter({ hasText: 'canari-fil-1' }).click();
    const items = page.locator('.thread-items > li');
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.nth(0).getAttribute('class')).toContain('thread-reply');
    expect(await items.nth(1).locator('.thread-text').textContent()).toBe(FOLLOW_UP);
    expect(await items.nth(1).getAttribute('data-verified')).toBe('true');
    expect(await items.nth(1).locator('.badge').textContent()).toBe('signature vérifiée');
    expect(await rows.filter({ hasText: 'canari-fil-1' }).locator('.badge').textContent()).toBe('2 messages échangés');
    await page.locator('#search').fill('logistique');
    await expect.poll(() => page.locator('#inbox-count').textContent()).toBe('1 sur 2');
    await page.locator('#search').fill('');
    expect(await serious(page, '#reader')).toEqual([]);

    // Only ciphertext left, signed, to the server typed: the reply's text never crossed the network.
    const network = requests.filter((r) => /^https?:/.test(r.url()));
    expect(network.map((r) => new URL(r.url()).origin).filter((o) => o !== new URL(server.url).origin)).toEqual([]);
    const signed = network.filter((r) => r.method() !== 'OPTIONS');
    expect(signed.map((r) => `${r.method()} ${new URL(r.url()).pathname}`)).toEqual([
      'GET /api/delegate/envelopes',
      'POST /api/delegate/envelopes/confirm',
      'POST /api/delegate/replies',
      'GET /api/delegate/envelopes',
      'POST /api/delegate/envelopes/confirm',
    ]);
    for (const request of signed) {
      expect((await request.allHeaders()).authorization).toMatch(/^Parole-Ed25519 key=/);
      for (const planted of ['Merci', 'CSE', 'canari-fil']) expect(request.postData() ?? '').not.toContain(planted);
    }

    // Once the person no longer needs it, the reply leaves the server early; the work keeps it.
    await page.locator('#replies-purge summary').click();
    expect(await page.locator('#replies-purge-button').getAttribute('aria-disabled')).toBe('true');
    await page.locator('#replies-purge-button').click({ force: true });
    expect(await page.locator('#replies-purge-status').textContent()).toBe('Cochez d’abord la case ci-dessus.');
    await page.locator('#replies-purge-confirm').check();
    expect(await page.locator('#replies-purge-button').getAttribute('aria-disabled')).toBe('false');
    expect(await serious(page, '#reader')).toEqual([]);
    await page.locator('#replies-purge-button').click();
    await expect.poll(() => page.locator('#replies-purge-status').textContent()).toBe('1 réponse supprimée du serveur.');
    expect(await page.locator('#replies-purge-confirm').isChecked()).toBe(false);
    const emptied = await readMailbox();
    expect(emptied).toEqual({ replies: [] });
    expect(await page.locator('.thread-reply .thread-text').textContent()).toBe(REPLY);
    const purges = requests.filter((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/delegate/replies/purge');
    expect(purges.map((r) => JSON.parse(r.postData() ?? ''))).toEqual([{ mailbox: mailboxId(mailbox) }]);
    expect((await purges[0].allHeaders()).authorization).toMatch(/^Parole-Ed25519 key=/);

    // A colleague who merges the work file sees what was answered.
    await page.locator('#tab-file').click();
    const saved = page.waitForEvent('download');
    await page.locator('#work-save').click();
    const workFile = join(server.dir, 'thread.parolews');
    writeFileSync(workFile, readFileSync((await (await saved).path())!));
    expect(readFileSync(workFile).includes(Buffer.from('CSE'))).toBe(false);
    await context.close();

    const colleague = await browser.newContext({ locale: 'fr-FR' });
    await colleague.setOffline(true);
    const second = await colleague.newPage();
    await second.goto(pathToFileURL(WORKSPACE).href);
    await second.locator('#key-file').setInputFiles(keyFile);
    await second.locator('#passphrase').fill(DEMO_PASSPHRASE);
    await second.getByRole('button', { name: 'Ouvrir' }).click();
    await second.locator('#bundle-files').setInputFiles([firstBundle, secondBundle]);
    await expect.poll(() => second.locator('#load-report').textContent()).toContain('3 témoignages ajoutés');
    await second.locator('#tab-file').click();
    await second.locator('#work-files').setInputFiles(workFile);
    await second.locator('#tab-inbox').click();
    await second.locator('.row').filter({ hasText: 'canari-fil-1' }).click();
    await expect.poll(() => second.locator('.thread-reply .thread-text').textContent()).toBe(REPLY);
    await colleague.close();
    expect(errors).toEqual([]);
  });

  /**
   * Starts a request to `path`, opens the testimony holding `to` while the server's answer is held
   * back, then lets the answer through: the `status` line must stay empty all along.
   */
  async function answerAfterMoving(
    page: Page,
    { path, answer, start, to, status }: { path: string; answer: number; start: () => Promise<void>; to: string; status: string },
  ) {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**${path}`, async (route) => {
      await held;
      await route.continue();
    });
    await start();
    await page.locator('.row', { hasText: to }).click();
    await expect.poll(() => page.locator('#reader-text').inputValue()).toContain(to);
    expect(await page.locator(status).textContent()).toBe('');
    const answered = page.waitForResponse(`**${path}`);
    release();
    expect((await answered).status()).toBe(answer);
    await page.waitForTimeout(200);
    expect(await page.locator(status).textContent()).toBe('');
  }

  it('drops the answer to a purge or a reply once the delegate has moved to another testimony', async () => {
    for (const text of ['Premier avec reçu. canari-fil-4', 'Second avec reçu. canari-fil-5']) {
      const own = await mailboxKey(generateReceipt());
      expect((await postEnvelope(server.url, sealed(keyring, { text, mailbox: encodePublicKey(own) }))).status).toBe(201);
    }
    const context = await browser.newContext({ locale: 'fr-FR', acceptDownloads: true });
    const page = await context.newPage();
    await openAndConnect(page);
    await pull(page, 'purge-race.ndjson');
    await page.locator('.row', { hasText: 'canari-fil-5' }).waitFor();

    await page.locator('.row', { hasText: 'canari-fil-4' }).click();
    await answerAfterMoving(page, {
      path: '/api/delegate/replies/purge',
      answer: 200,
      start: async () => {
        await page.locator('#replies-purge summary').click();
        await page.locator('#replies-purge-confirm').check();
        await page.locator('#replies-purge-button').click();
        await expect.poll(() => page.locator('#replies-purge-status').textContent()).toBe('Suppression des réponses…');
      },
      to: 'canari-fil-5',
      status: '#replies-purge-status',
    });
    expect(await page.locator('#replies-purge-confirm').isChecked()).toBe(false);
    // A reply sent from one testimony: its answer does not speak on the next one either.
    await answerAfterMoving(page, {
      path: '/api/delegate/replies',
      answer: 201,
      start: async () => {
        await page.locator('#reply-text').fill('Merci, nous revenons vers vous.');
        await page.locator('#reply-send').click();
        await expect.poll(() => page.locator('#reply-status').textContent()).toBe('Envoi de la réponse chiffrée…');
      },
      to: 'canari-fil-4',
      status: '#reply-status',
    });
    await context.close();
  });
});
