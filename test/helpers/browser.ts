import { AxeBuilder } from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page, type Request, type Response } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Whether the browser suite can run. Where Debian's chromium is missing it says so loudly;
 * in CI (or with PAROLE_REQUIRE_BROWSER=1) a missing browser is a failure, not a skip.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI || process.env.PAROLE_REQUIRE_BROWSER) {
    throw new Error(`${CHROMIUM} is missing: the browser suite is required here (apt-get install chromium)`);
  }
  console.warn(`\n${'!'.repeat(72)}\nBROWSER SUITE SKIPPED: ${CHROMIUM} is missing (apt-get install chromium)\n${'!'.repeat(72)}\n`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * Axe's serious and critical findings, on the whole page or inside one element, as `rule: help`.
 * Fails when axe checked almost nothing, so a page that did not render cannot pass.
 */
export async function seriousIssues(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const results = await (include === undefined ? builder : builder.include(include)).analyze();
  expect(results.passes.length).toBeGreaterThan(include === undefined ? 10 : 0);
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

/** A fresh context on `url`, every request the page makes recorded from before it loads. */
export async function openPage(
  browser: Browser,
  url: string,
  locale = 'fr-FR',
): Promise<{ context: BrowserContext; page: Page; requests: Request[]; response: Response | null }> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));
  const response = await page.goto(url);
  return { context, page, requests, response };
}

/** Everywhere a page can keep something between visits. */
export function keptInBrowser(page: Page) {
  return page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    indexedDb: (await indexedDB.databases()).length,
    caches: 'caches' in globalThis ? (await caches.keys()).length : 0,
    cookie: document.cookie,
  }));
}

/** Opens the workspace's key with a key file and its passphrase, without waiting for the outcome. */
export async function unlockWorkspace(page: Page, keyFile: string, passphrase: string): Promise<void> {
  await page.locator('#key-file').setInputFiles(keyFile);
  await page.locator('#passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Ouvrir' }).click();
}

/**
 * The requests a workspace sent over the network, preflights aside: all of them to the server's
 * origin, each signed with a delegate key.
 */
export async function signedRequestsTo(serverUrl: string, requests: Request[]): Promise<Request[]> {
  const network = requests.filter((r) => /^https?:/.test(r.url()));
  expect(network.map((r) => new URL(r.url()).origin).filter((o) => o !== new URL(serverUrl).origin)).toEqual([]);
  const signed = network.filter((r) => r.method() !== 'OPTIONS');
  for (const request of signed) expect((await request.allHeaders()).authorization).toMatch(/^Parole-Ed25519 key=/);
  return signed;
}


/** Records a page's requests and its errors, script and console alike. */
export function watch(page: Page): { requests: Request[]; errors: string[] } {
  const requests: Request[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r));
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  return { requests, errors };
}
