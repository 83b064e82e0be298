/**
 * Memory of `parole pull` while it pulls 100,000 envelopes from a `parole serve` process: the
 * pulling process's peak RSS (VmHWM, sampled until it exits) minus that of the same pull when
 * there is nothing to pull, which holds start-up, the key file's KDF and the loaded code.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { launchCli, suiteFolder } from '../test/helpers/cli.js';
import { checkpoint, plantRows, registerDelegate, sealTo, writeKeyFile } from '../test/helpers/delegate.js';
import { watchPeak } from '../test/helpers/memory.js';
import { fixtureWebDir } from '../test/helpers/server.js';
import type { Figure } from './figures.js';

const ENVELOPES = Number(process.env.BENCH_EXPORT_ENVELOPES ?? 100_000);
const PASSPHRASE = 'banc d’essai';
const LISTENING = /^parole listening on (http:\/\/127\.0\.0\.1:\d+)$/m;
const MiB = 1024 * 1024;

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
