/**
 * Prints one figure per line as `name value unit`. Figures, never assertions: run with
 * `npm run bench` after `npm run build`.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { anonymiseFigures } from './anonymise.js';
import { decryptFigures } from './decrypt.js';
import type { Figure } from './figures.js';
import { workspaceFigures } from './workspace.js';
import { envelopeFor, fetchKeyring, postEnvelope } from '../test/helpers/envelopes.js';
import { spawnServer } from '../test/helpers/server.js';

const WEB_DIR = join(import.meta.dirname, '..', 'web', 'dist');
const SUBMIT_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = 100;

function figure(name: string, value: number, unit: string): void {
  console.log(`${name} ${Number.isInteger(value) ? value : value.toFixed(2)} ${unit}`);
}

function print(figures: Figure[]): void {
  for (const { name, value, unit } of figures) figure(name, value, unit);
}

/** Everything the submission page loads: the HTML and every JS and CSS file it ships. */
function pageGzipBytes(): number {
  const files = readdirSync(WEB_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(html|js|css)$/.test(f));
  return files.reduce((sum, f) => sum + gzipSync(readFileSync(join(WEB_DIR, f)), { level: 9 }).length, 0);
}

async function submitThroughput(): Promise<void> {
  // The server runs as its own process, so the load generator does not share its event loop.
  const server = await spawnServer(mkdtempSync(join(tmpdir(), 'parole-bench-')), WEB_DIR);
  try {
    const keyring = await fetchKeyring(server.url);
    const bodies = Array.from({ length: 200 }, (_, i) => envelopeFor(keyring, `témoignage de test ${i} `.repeat(40)));
    const latencies: number[] = [];
    const deadline = performance.now() + SUBMIT_SECONDS * 1000;
    let failures = 0;
    const worker = async (w: number) => {
      for (let i = w; performance.now() < deadline; i += CONCURRENCY) {
        const start = performance.now();
        const res = await postEnvelope(server.url, bodies[i % bodies.length]);
        await res.arrayBuffer();
        if (res.status === 201) latencies.push(performance.now() - start);
        else failures++;
      }
    };
    const began = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
    const seconds = (performance.now() - began) / 1000;
    latencies.sort((a, b) => a - b);
    figure('submit_rps', latencies.length / seconds, 'req/s');
    figure('submit_p50_ms', latencies[Math.floor(latencies.length * 0.5)], 'ms');
    figure('submit_p99_ms', latencies[Math.floor(latencies.length * 0.99)], 'ms');
    figure('submit_failures', failures, 'req');
  } finally {
    await server.stop();
  }
}

figure('page_gzip_bytes', pageGzipBytes(), 'bytes');
await submitThroughput();
print(await decryptFigures());
print(await workspaceFigures());
print(anonymiseFigures());
