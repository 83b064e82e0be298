import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
