/**
 * Decryption rate of the delegate workspace: its worker pool opening and decoding envelopes in
 * headless Chromium, beside libsodium opening the same envelopes in Node, in one run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { keyId, toBase64, type SecretKey } from '../crypto/index.js';
import { join as joinBytes, sodium } from '../test/crypto/reference.js';
import { browserAvailable, launchChromium } from '../test/helpers/browser.js';
import type { DecryptItem, DecryptResult, decryptAll } from '../web/workspace/src/decrypt/pool.js';
import type { Figure } from './figures.js';
import { BENCH_DELEGATE, sealedTestimonies } from './testimonies.js';

const ENVELOPES = Number(process.env.BENCH_DECRYPT_ENVELOPES ?? 10_000);
const DECRYPT_DIR = join(import.meta.dirname, '..', 'web', 'workspace', 'src', 'decrypt');
const CRYPTO_DIR = join(import.meta.dirname, '..', 'crypto');

/** What the bench page puts on `globalThis` for the code that drives it. */
export interface DecryptPage {
  decryptAll: typeof decryptAll;
  fromBase64: (text: string) => Uint8Array;
}

/**
 * Builds a single self-contained HTML page that exposes the workspace's decryptAll, bundled as
 * the workspace bundles it (Vite, single file, the worker inlined), and returns its file: URL.
 */
export async function buildDecryptPage(dir: string): Promise<string> {
  const source = join(dir, 'source');
  mkdirSync(source);
  writeFileSync(join(source, 'index.html'), '<!doctype html><meta charset="utf-8"><title>decrypt</title><script type="module" src="./page.ts"></script>\n');
  writeFileSync(
    join(source, 'page.ts'),
    `import { decryptAll } from ${JSON.stringify(join(DECRYPT_DIR, 'pool.ts'))};\n` +
      `import { fromBase64 } from ${JSON.stringify(join(CRYPTO_DIR, 'bytes.ts'))};\n` +
      'Object.assign(globalThis, { decryptAll, fromBase64 });\n',
  );
  await build({
    root: source,
    configFile: false,
    logLevel: 'silent',
    plugins: [viteSingleFile()],
    // Vite's default, named because it decides whether the worker starts at all from a file: page.
    worker: { format: 'iife' },
    build: { outDir: join(dir, 'page'), emptyOutDir: true },
  });
  return pathToFileURL(join(dir, 'page', 'index.html')).href;
}

/**
 * libsodium's open, single thread: find the wrap for the key id, crypto_box_seal_open it,
 * derive the payload key with keyed crypto_generichash, crypto_secretbox_open_easy the body.
 */
function libsodiumOpenRate(envelopes: Uint8Array[], key: SecretKey): number {
  const id = sodium.from_hex(keyId(key));
  const label = joinBytes(new TextEncoder().encode('parole/v1/payload-key'), new Uint8Array([0]));
  const zeroNonce = new Uint8Array(24);
  const began = performance.now();
  for (const envelope of envelopes) {
    const count = envelope[1];
    const headerEnd = 2 + 88 * count;
    let slot = 0;
    while (slot < count && sodium.compare(envelope.subarray(2 + 88 * slot, 10 + 88 * slot), id) !== 0) slot++;
    const wrapAt = 10 + 88 * slot;
    const contentKey = sodium.crypto_box_seal_open(envelope.subarray(wrapAt, wrapAt + 80), key.box, key.boxSecret);
    const payloadKey = sodium.crypto_generichash(32, joinBytes(label, envelope.subarray(0, headerEnd)), contentKey);
    sodium.crypto_secretbox_open_easy(envelope.subarray(headerEnd), zeroNonce, payloadKey);
  }
  return envelopes.length / ((performance.now() - began) / 1000);
}

interface PageRun {
  milliseconds: number;
  opened: number;
}

/** Times decryptAll in the page, from envelopes already in the page to the last result. */
async function browserRates(pageUrl: string, envelopes: Uint8Array[], key: SecretKey): Promise<Figure[]> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(pageUrl);
    await page.waitForFunction(() => 'decryptAll' in globalThis);
    const data = {
      envelopes: envelopes.map(toBase64),
      key: { box: toBase64(key.box), sign: toBase64(key.sign), boxSecret: toBase64(key.boxSecret) },
    };
    await page.evaluate((data) => {
      const { fromBase64 } = globalThis as unknown as DecryptPage;
      const items: DecryptItem[] = data.envelopes.map((envelope, i) => ({ id: String(i), envelope: fromBase64(envelope) }));
      const key = { box: fromBase64(data.key.box), sign: fromBase64(data.key.sign), boxSecret: fromBase64(data.key.boxSecret) };
      Object.assign(globalThis, { benchItems: items, benchKey: key });
    }, data);
    const run = (options: { workers?: number; webCrypto: boolean }) =>
      page.evaluate(async (options): Promise<PageRun> => {
        const { decryptAll, benchItems, benchKey } = globalThis as unknown as DecryptPage & {
          benchItems: DecryptItem[];
          benchKey: Parameters<typeof decryptAll>[1];
        };
        const began = performance.now();
        const results: DecryptResult[] = await decryptAll(benchItems, benchKey, {
          workers: options.workers ?? navigator.hardwareConcurrency,
          webCrypto: options.webCrypto,
        });
        return { milliseconds: performance.now() - began, opened: results.filter((r) => r.status === 'ok').length };
      }, options);
    const rate = async (options: { workers?: number; webCrypto: boolean }) => {
      const { milliseconds, opened } = await run(options);
      if (opened !== envelopes.length) throw new Error(`decrypt bench: ${opened} of ${envelopes.length} envelopes opened`);
      return envelopes.length / (milliseconds / 1000);
    };
    return [
      { name: 'decrypt_rate_browser', value: await rate({ webCrypto: true }), unit: 'testimonies/s' },
      { name: 'decrypt_rate_browser_one_worker', value: await rate({ workers: 1, webCrypto: true }), unit: 'testimonies/s' },
      { name: 'decrypt_rate_browser_tweetnacl', value: await rate({ webCrypto: false }), unit: 'testimonies/s' },
    ];
  } finally {
    await browser.close();
  }
}

/** The decryption figures; the browser ones only where Chromium is installed. */
export async function decryptFigures(): Promise<Figure[]> {
  const { envelopes } = sealedTestimonies(ENVELOPES);
  const libsodium: Figure = { name: 'libsodium_open_rate', value: libsodiumOpenRate(envelopes, BENCH_DELEGATE), unit: 'testimonies/s' };
  if (!browserAvailable()) return [libsodium];
  const dir = mkdtempSync(join(tmpdir(), 'parole-decrypt-bench-'));
  try {
    const browser = await browserRates(await buildDecryptPage(dir), envelopes, BENCH_DELEGATE);
    const ratio = browser[0].value / libsodium.value;
    return [browser[0], libsodium, { name: 'decrypt_ratio', value: ratio, unit: 'x' }, ...browser.slice(1)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
