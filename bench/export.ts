/**
 * Memory of `parole pull` while it pulls 100,000 envelopes from a `parole serve` process: the
 * pulling process's peak RSS (VmHWM, sampled until it exits) minus that of the same pull when
 * there is nothing to pull, which holds start-up, the key file's KDF and the loaded code.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { launchCli, suiteFolder } from '../test/helpers/cli.js';
import { checkpoint, plantRows, registerDelegate, sealTo, writeKeyFile } from '../test/helpers/delegate.js';
import { fixtureWebDir } from '../test/helpers/server.js';
import type { Figure } from './figures.js';

const ENVELOPES = Number(process.env.BENCH_EXPORT_ENVELOPES ?? 100_000);
const PASSPHRASE = 'banc d’essai';
const LISTENING = /^parole listening on (http:\/\/127\.0\.0\.1:\d+)$/m;
const MiB = 1024 * 1024;

/** Peak resident memory of a live process so far, from the kernel. */
function peakRss(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error('no VmHWM');
  return Number(match[1]) * 1024;
}

/** Reads VmHWM until the process exits: the last reading is its peak to within one interval. */
async function watchPeak(child: ChildProcess): Promise<number> {
  let peak = 0;
  while (child.exitCode === null && child.signalCode === null) {
    try {
      peak = Math.max(peak, peakRss(child.pid!));
    } catch {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return peak;
}

export async function exportFigures(): Promise<Figure[]> {
  const { root, dir } = suiteFolder('parole-bench-export-');
  const dataDir = dir('data');
  const dbPath = join(dataDir, 'parole.db');
  const delegate = await registerDelegate(dbPath, 'Mesure');
  const keyFile = await writeKeyFile(join(root, 'delegate.key.json'), delegate.key, PASSPHRASE);
  const serving = launchCli(root, ['serve'], { PORT: '0', HOST: '127.0.0.1', PAROLE_DATA_DIR: dataDir, PAROLE_WEB_DIR: fixtureWebDir() });
  try {
    const [, url] = await serving.stderrMatches(LISTENING);
    const pull = async (out: string) => {
      const pulling = launchCli(root, ['pull', '--server', url, '--key', keyFile, '--out', join(root, out)], { PAROLE_PASSPHRASE: PASSPHRASE });
      const peak = await watchPeak(pulling.child);
      const run = await pulling.done;
      if (run.code !== 0) throw new Error(`pull failed: ${run.stderr}`);
      return { peak, summary: run.stderr.trim() };
    };
    const baseline = await pull('empty.ndjson');
    await plantRows(dbPath, sealTo([delegate.key], 'mesure de mémoire'), 1, ENVELOPES);
    await checkpoint(dbPath);
    const started = performance.now();
    const full = await pull('full.ndjson');
    const seconds = (performance.now() - started) / 1000;
    if (!full.summary.startsWith(`pulled ${ENVELOPES} envelopes`)) throw new Error(`unexpected pull: ${full.summary}`);
    return [
      { name: 'export_rss_mb', value: (full.peak - baseline.peak) / MiB, unit: 'MiB' },
      { name: 'export_peak_rss_mb', value: full.peak / MiB, unit: 'MiB' },
      { name: 'export_rate', value: ENVELOPES / seconds, unit: 'envelopes/s' },
    ];
  } finally {
    serving.child.kill('SIGTERM');
    await serving.done;
    rmSync(root, { recursive: true, force: true });
  }
}
