import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, refuseExisting } from './io.js';

/** Where `npm run build` writes the workspace: one self-contained HTML file. */
export const BUILT_WORKSPACE = join(import.meta.dirname, '..', '..', 'web', 'workspace', 'dist', 'parole-workspace.html');

/**
 * Writes the delegate workspace to `out` and prints its SHA-256, which delegates compare to
 * check that their copies are the same file. Refuses to overwrite anything.
 */
export function writeWorkspace(out: string, print: (line: string) => void, source = BUILT_WORKSPACE): void {
  if (!existsSync(source)) throw new CliError('the workspace is not built yet: run `npm run build` first');
  refuseExisting(out);
  const html = readFileSync(source);
  writeFileSync(out, html, { flag: 'wx' });
  print(`${createHash('sha256').update(html).digest('hex')}  ${out}`);
}
