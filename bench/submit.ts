/**
 * Submission throughput at 100 concurrent connections, durable (each 201 after its commit with
 * synchronous = FULL), beside the same checks with nothing stored (the bench-only parse route),
 * on one `parole serve` process, in one run: their ratio is what durable storage costs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envelopeFor, fetchKeyring } from '../test/helpers/envelopes.js';
import { spawnServer } from '../test/helpers/server.js';
import { percentile, type Figure } from './figures.js';

const WEB_DIR = join(import.meta.dirname, '..', 'web', 'dist');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP_SECONDS = 1;
const CONCURRENCY = 100;

interface Load {
  answered: number;
  seconds: number;
  rps: number;
  latencies: number[];
  failures: number;
}

/** Two runs of the same load as one. */
function merge(a: Load, b: Load): Load {
  const answered = a.answered + b.answered;
  const seconds = a.seconds + b.seconds;
  return { answered, seconds, rps: answered / seconds, latencies: [...a.latencies, ...b.latencies], failures: a.failures + b.failures };
}

/** CONCURRENCY clients posting one after another for `duration` seconds; latencies of the expected answers only. */
async function load(url: string, bodies: Uint8Array<ArrayBuffer>[], expected: number, duration: number): Promise<Load> {
  const latencies: number[] = [];
  let failures = 0;
  const deadline = performance.now() + duration * 1000;
  const client = async (c: number) => {
    for (let i = c; performance.now() < deadline; i += CONCURRENCY) {
      const start = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: bodies[i % bodies.length] });
      await res.arrayBuffer();
      if (res.status === expected) latencies.push(performance.now() - start);
      else failures++;
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, c) => client(c)));
  const seconds = (performance.now() - began) / 1000;
  return { answered: latencies.length, seconds, rps: latencies.length / seconds, latencies, failures };
}

export async function submitFigures(): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parole-bench-'));
  // spawnServer passes its own environment on: this mounts the parse route in the server only.
  process.env.PAROLE_BENCH = '1';
  // Its own process, so that the load generator does not share the server's event loop.
  const server = await spawnServer(dataDir, WEB_DIR).finally(() => delete process.env.PAROLE_BENCH);
  try {
    const keyring = await fetchKeyring(server.url);
    const bodies = Array.from({ length: 200 }, (_, i) => envelopeFor(keyring, `témoignage de test ${i} `.repeat(40)));
    const parseUrl = `${server.url}/api/bench/campaigns/temoignages/parse`;
    const submitUrl = `${server.url}/api/campaigns/temoignages/submissions`;
    await load(parseUrl, bodies, 200, WARM_UP_SECONDS);
    // Parse, submit, submit, parse: a drift in the machine's load (other processes, the disk) weighs on both alike.
    const parse = await load(parseUrl, bodies, 200, SECONDS / 2);
    const submit = merge(await load(submitUrl, bodies, 201, SECONDS / 2), await load(submitUrl, bodies, 201, SECONDS / 2));
    const parsed = merge(parse, await load(parseUrl, bodies, 200, SECONDS / 2));
    return [
      { name: 'parse_only_rps', value: parsed.rps, unit: 'req/s' },
      { name: 'parse_only_p99_ms', value: percentile(parsed.latencies, 0.99), unit: 'ms' },
      { name: 'submit_rps', value: submit.rps, unit: 'req/s' },
      { name: 'submit_ratio', value: submit.rps / parsed.rps, unit: 'x' },
      { name: 'submit_p50_ms', value: percentile(submit.latencies, 0.5), unit: 'ms' },
      { name: 'submit_p99_ms', value: percentile(submit.latencies, 0.99), unit: 'ms' },
      { name: 'submit_failures', value: submit.failures + parsed.failures, unit: 'req' },
    ];
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
