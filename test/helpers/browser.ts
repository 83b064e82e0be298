import { AxeBuilder } from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
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
