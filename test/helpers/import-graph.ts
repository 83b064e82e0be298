import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The repository's root folder: the paths importGraph takes and gives are relative to it. */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * Every repository file `entry` reaches through relative imports, and every package those files
 * name. It reads the imports from the text, type-only and dynamic ones included, so it errs
 * towards reaching more: right for suites that promise what an entry can never load. A `.js`
 * specifier stands for its `.ts` source.
 */
export function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const code = readFileSync(join(REPO_ROOT, file), 'utf8');
    for (const [, spec] of code.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      if (spec.startsWith('.')) visit(relative(REPO_ROOT, resolve(REPO_ROOT, dirname(file), spec.replace(/\.js$/, '.ts'))));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { files, packages };
}
