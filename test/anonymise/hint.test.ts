/**
 * The submission page's hint: what it reports, and that its import graph stays free of word
 * lists and checksum libraries (the page must stay small; see hint.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hintKinds } from '../../web/anonymise/hint.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
// The modules that hold or load the big lists; the hint may reach none of them.
const LIST_MODULES = ['web/anonymise/lexicon.ts', 'web/anonymise/known-names.ts', 'web/anonymise/name-exceptions.ts', 'web/anonymise/rare.ts', 'web/anonymise/flag-words.ts'];
const HEAVY_PACKAGES = /^(?:@zxcvbn-ts\/|french-ssn|ibantools|awesome-phonenumber)/;

function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const code = readFileSync(join(ROOT, file), 'utf8');
    for (const [, spec] of code.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      if (spec.startsWith('.')) visit(relative(ROOT, resolve(ROOT, dirname(file), spec.replace(/\.js$/, '.ts'))));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('the hint’s import graph', () => {
  it('holds no word list and no checksum library', () => {
    const { files, packages } = importGraph('web/anonymise/hint.ts');
    expect([...files].filter((f) => LIST_MODULES.includes(f))).toEqual([]);
    expect([...packages].filter((p) => HEAVY_PACKAGES.test(p))).toEqual([]);
  });

  it('sees the lists where they are (control)', () => {
    const { files, packages } = importGraph('web/anonymise/index.ts');
    expect([...files]).toEqual(expect.arrayContaining(LIST_MODULES));
    expect([...packages]).toEqual(expect.arrayContaining(['@zxcvbn-ts/language-fr/dist/commonWords.json.mjs', 'french-ssn', 'ibantools']));
  });
});

describe('hintKinds', () => {
  it('names the kinds a text seems to hold, in PII_KINDS order', () => {
    const text =
      'M. Garnier m’a appelée au 06 12 34 56 78 le 12 mars à 14h30 ; écrivez à nadia.b@example.fr, ' +
      'badge B-2231, IP 10.0.3.57, voiture AB-123-CD, 12 rue de la Paix 75002 Paris, ' +
      'lien https://msurveys.example.com/s/8f3a9c2e71, NIR 1 85 05 78 006 084 91, IBAN FR76 3000 6000 0112 3456 7890 189, SIRET 732 829 320 00017.';
    expect(hintKinds(text)).toEqual(['name', 'email', 'phone', 'nir', 'iban', 'siret', 'plate', 'address', 'postcode', 'date', 'time', 'employee_id', 'ip', 'url_token']);
  });

  it('sees names only after a title or in the Prénom NOM convention (no list)', () => {
    expect(hintKinds('Jean DUPONT est passé.')).toEqual(['name']);
    expect(hintKinds('Karim est passé.')).toEqual([]);
  });

  it('says nothing for an ordinary text', () => {
    expect(hintKinds('Mon chef lit nos messages Teams et Viva Insights compte nos pauses depuis 2023.')).toEqual([]);
    expect(hintKinds('')).toEqual([]);
  });

  it('warns on a NIR or an IBAN by its shape, even with a wrong check (the delegates’ detector checks)', () => {
    expect(hintKinds('NIR 1 85 05 78 006 084 92')).toEqual(['nir']);
    expect(hintKinds('IBAN FR76 3000 6000 0112 3456 7890 188')).toEqual(['iban']);
  });
});
