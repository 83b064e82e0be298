/**
 * Submission throughput at 100 concurrent connections, durable (each 201 after its commit with
 * synchronous = FULL), beside the same checks with nothing stored (the bench-only parse route),
 * on one `parole serve` process, in one run: their ratio is what durable storage costs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { PROOF_HEADER, proofText, solveChallenge } from '../crypto/proof.js';
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

/**
 * Proofs for the timed posts, fetched and solved before the timing into a pool, so that
 * submit_rps measures the submission alone. The server's base difficulty is 0
 * (PAROLE_POW_BITS=0), but it rises under the bench's own load (a bit per doubling above 60 a
 * minute), so each challenge is solved, not assumed trivial. A pool run dry fetches and solves
 * inline (counted in the timing, and reported as proof_fetched_inline).
 */
class ProofPool {
  private proofs: string[] = [];
  inline = 0;

  constructor(private readonly url: string) {}

  async fetchOne(): Promise<string> {
    const { challenge } = await (await fetch(`${this.url}/api/challenge`)).json();
    return proofText(challenge, (await solveChallenge(challenge))!);
  }

  async fill(count: number): Promise<void> {
    const perClient = Math.ceil(count / CONCURRENCY);
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = 0; i < perClient; i++) this.proofs.push(await this.fetchOne());
      }),
    );
  }

  take(): Promise<string> | string {
    const proof = this.proofs.pop();
    if (proof !== undefined) return proof;
    this.inline++;
    return this.fetchOne();
  }
}

/**
 * CONCURRENCY clients posting one after another for `duration` seconds, each on its own kept-alive
 * connection; latencies of the expected answers only. The client is undici's pool, not fetch:
 * fetch costs so much CPU per request that on two cores it, not the server, set the pace (800
 * requests a second and a 330 ms p99 against a server that answers at once).
 */
async function load(
  pool: Pool,
  path: string,
  bodies: Uint8Array<ArrayBuffer>[],
  expected: number,
  duration: number,
  proof: () => Promise<string> | string,
): Promise<Load> {
  const latencies: number[] = [];
  let failures = 0;
  const deadline = performance.now() + duration * 1000;
  const client = async (c: number) => {
    for (let i = c; performance.now() < deadline; i += CONCURRENCY) {
      const start = performance.now();
      const headers = { 'Content-Type': 'application/octet-stream', [PROOF_HEADER]: await proof() };
      const res = await pool.request({ path, method: 'POST', headers, body: bodies[i % bodies.length] });
      await res.body.arrayBuffer();
      if (res.statusCode === expected) latencies.push(performance.now() - start);
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
  // Its own process, so that the load generator does not share the server's event loop. Trivial
  // proofs and no rate limit: the figures are of storage, not of the abuse controls.
  const server = await spawnServer(dataDir, WEB_DIR, { PAROLE_POW_BITS: '0', PAROLE_RATE_LIMIT: '0' }).finally(
    () => delete process.env.PAROLE_BENCH,
  );
  try {
    const keyring = await fetchKeyring(server.url);
    const bodies = Array.from({ length: 200 }, (_, i) => envelopeFor(keyring, `témoignage de test ${i} `.repeat(40)));
    const parsePath = '/api/bench/campaigns/temoignages/parse';
    const submitPath = '/api/campaigns/temoignages/submissions';
    const connections = new Pool(server.url, { connections: CONCURRENCY });
    const proofs = new ProofPool(server.url);
    // The parse route checks the proof as a submission would but spends nothing: one proof serves every parse.
    const parseProof = await proofs.fetchOne();
    const parseWith = () => parseProof;
    const run = (path: string, expected: number, seconds: number, proof: () => Promise<string> | string) =>
      load(connections, path, bodies, expected, seconds, proof);
    await run(parsePath, 200, WARM_UP_SECONDS, parseWith);
    // Parse, submit, submit, parse: a drift in the machine's load (other processes, the disk) weighs on both alike.
    const parse = await run(parsePath, 200, SECONDS / 2, parseWith);
    // Enough for a submit half-run at the parse route's pace, with a margin: storing is slower than parsing.
    const perHalfRun = Math.ceil(parse.rps * (SECONDS / 2) * 1.2) + CONCURRENCY;
    await proofs.fill(perHalfRun);
    const firstSubmit = await run(submitPath, 201, SECONDS / 2, () => proofs.take());
    await proofs.fill(perHalfRun);
    const submit = merge(firstSubmit, await run(submitPath, 201, SECONDS / 2, () => proofs.take()));
    const parsed = merge(parse, await run(parsePath, 200, SECONDS / 2, parseWith));
    await connections.close();
    return [
      { name: 'parse_only_rps', value: parsed.rps, unit: 'req/s' },
      { name: 'parse_only_p99_ms', value: percentile(parsed.latencies, 0.99), unit: 'ms' },
      { name: 'submit_rps', value: submit.rps, unit: 'req/s' },
      { name: 'submit_ratio', value: submit.rps / parsed.rps, unit: 'x' },
      { name: 'submit_p50_ms', value: percentile(submit.latencies, 0.5), unit: 'ms' },
      { name: 'submit_p99_ms', value: percentile(submit.latencies, 0.99), unit: 'ms' },
      { name: 'submit_failures', value: submit.failures + parsed.failures, unit: 'req' },
      { name: 'proof_fetched_inline', value: proofs.inline, unit: 'req' },
    ];
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
