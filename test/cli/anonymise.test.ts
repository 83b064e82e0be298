/**
 * `parole anonymise` as a script runs it: `node bin/parole.js anonymise` in a child process, the
 * text piped to stdin, with the network blocked for every run.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchCli, NETWORK_ATTEMPTED, OFFLINE, suiteFolder, type Run } from '../helpers/cli.js';

const { root } = suiteFolder('parole-anonymise-');

function anonymiseCli(args: string[], input: string | Uint8Array): Promise<Run> {
  return launchCli(root, ['anonymise', ...args], OFFLINE, { input, timeoutMs: 30_000 }).done;
}

function file(name: string, content: string | Uint8Array): string {
  const path = join(root, name);
  writeFileSync(path, content);
  return path;
}

/** The CLI's promise for every failure: one `parole: ` line on stderr, exit code 1, nothing on stdout. */
function expectFailure(run: Run, message: string): void {
  expect(run.stderr).not.toContain(NETWORK_ATTEMPTED);
  expect(run.stderr).toBe(`parole: ${message}\n`);
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
}

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const TESTIMONY = 'Mme Dupont m’a appelée au 06 12 34 56 78 le 12 mars 2024, puis au 07 61 22 93 48.\nKarim Benali était là.\n';

describe('parole anonymise', () => {
  it.concurrent('writes the text anonymised to stdout and its counts to stderr, offline', async () => {
    const run = await anonymiseCli([], TESTIMONY);
    expect(run.stderr).toBe('anonymised 5: name 2, phone 2, date 1\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Mme [Personne A] m’a appelée au [Téléphone] le [mars 2024], puis au [Téléphone].\n[Personne B] était là.\n');
  });

  it.concurrent('keeps one letter per person through the whole input', async () => {
    const run = await anonymiseCli([], 'M. Dupont est venu.\n\nDupont est reparti, Sophie est restée.\n');
    expect(run.stdout).toBe('M. [Personne A] est venu.\n\n[Personne A] est reparti, [Personne B] est restée.\n');
  });

  it.concurrent('writes English placeholders with --locale en', async () => {
    const run = await anonymiseCli(['--locale', 'en'], TESTIMONY);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Mme [Person A] m’a appelée au [Phone] le [March 2024], puis au [Phone].\n[Person B] était là.\n');
  });

  it.concurrent('replaces the terms of --terms FILE, one per line, skipping comments and blank lines', async () => {
    const terms = file('terms.txt', '\ufeff# managers and sites\nGarnier\n\n  site de Corbas  \n# équipe B is not a term here\n');
    const run = await anonymiseCli(['--terms', terms], 'M. Garnier dirige le site de corbas et l’équipe B.');
    expect(run.stderr).toBe('anonymised 2: term 2\n');
    expect(run.stdout).toBe('M. [Terme A] dirige le [Terme B] et l’équipe B.');
  });

  it.concurrent('prints flags for review on stderr with --flags, one line each, read in the output', async () => {
    const run = await anonymiseCli(['--flags'], 'Je suis allée voir Mme Dupont.\n\nDepuis ma chimio, je suis syndiquée.\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Je suis allée voir Mme [Personne A].\n\nDepuis ma chimio, je suis syndiquée.\n');
    expect(run.stderr.split('\n')).toEqual([
      'anonymised 1: name 1',
      'flag feminine 1:9 allée',
      'flag health 3:11 chimio',
      // Rare across the input's paragraphs: it appears in one of the two.
      'flag rare 3:27 syndiquée',
      'flag feminine 3:27 syndiquée',
      'flag union 3:27 syndiquée',
      '',
    ]);
  });

  it.concurrent('prints no flags without --flags', async () => {
    const run = await anonymiseCli([], 'Depuis ma chimio, je suis syndiquée.');
    expect(run.stderr).toBe('anonymised 0\n');
    expect(run.stdout).toBe('Depuis ma chimio, je suis syndiquée.');
  });

  it.concurrent('passes an empty input through', async () => {
    const run = await anonymiseCli([], '');
    expect(run).toEqual({ code: 0, stdout: '', stderr: 'anonymised 0\n' });
  });

  it.concurrent('refuses a locale it has no placeholders for', async () => {
    expectFailure(await anonymiseCli(['--locale', 'de'], TESTIMONY), '--locale takes fr or en');
  });

  it.concurrent('refuses an unknown option', async () => {
    const run = await anonymiseCli(['--verbose'], TESTIMONY);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stderr).toMatch(/^parole: .*see `parole help`\n$/);
  });

  it.concurrent('refuses a file argument: it reads stdin only', async () => {
    expectFailure(await anonymiseCli(['testimony.txt'], TESTIMONY), 'anonymise reads standard input and takes no file; see `parole help`');
  });

  it.concurrent('refuses a terms file it cannot read', async () => {
    const missing = join(root, 'missing.txt');
    expectFailure(await anonymiseCli(['--terms', missing], TESTIMONY), `cannot read terms file ${missing}`);
  });

  it.concurrent('refuses a terms file that is not UTF-8', async () => {
    const latin1 = file('latin1.txt', Uint8Array.from([0x45, 0x71, 0x75, 0x69, 0x70, 0x65, 0x20, 0xe9, 0x74, 0xe9, 0x0a]));
    expectFailure(await anonymiseCli(['--terms', latin1], TESTIMONY), `terms file ${latin1} is not UTF-8`);
  });

  it.concurrent('refuses input that is not UTF-8, writing nothing', async () => {
    expectFailure(await anonymiseCli([], Uint8Array.from([0x4d, 0x6d, 0x65, 0x20, 0xe9, 0x0a])), 'standard input is not UTF-8');
  });
});
