import { describe, expect, it } from 'vitest';
import { catalogues, format, preferredLocale } from '../../web/src/i18n/index.js';
import { countedMessage } from '../../web/workspace/src/i18n/counted.js';
import { catalogues as workspaceCatalogues } from '../../web/workspace/src/i18n/index.js';
import { describeCatalogues } from '../helpers/catalogues.js';

describeCatalogues([
  ['submission page', catalogues],
  ['workspace', workspaceCatalogues],
]);

describe('message helpers', () => {
  it('prefers French unless English comes first', () => {
    expect(preferredLocale(['en-GB', 'fr'])).toBe('en');
    expect(preferredLocale(['fr-CA', 'en'])).toBe('fr');
    expect(preferredLocale(['de', 'it'])).toBe('fr');
    expect(preferredLocale([])).toBe('fr');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{n} sur {max}', { n: 3, max: 10 })).toBe('3 sur 10');
    expect(format('{missing}', {})).toBe('{missing}');
  });
});

describe('messages that agree with a count', () => {
  const keys = (messages: object) => Object.keys(messages);

  it.each(['fr', 'en'] as const)('come in pairs, KEY_one and KEY_other, each holding {count} (%s)', (language) => {
    const messages = workspaceCatalogues[language];
    const ones = keys(messages).filter((key) => key.endsWith('_one'));
    const others = keys(messages).filter((key) => key.endsWith('_other'));
    expect(others.length).toBeGreaterThan(0);
    expect(ones.map((key) => key.replace(/_one$/, '')).sort()).toEqual(others.map((key) => key.replace(/_other$/, '')).sort());
    for (const key of [...ones, ...others]) expect(messages[key as keyof typeof messages]).toContain('{count}');
  });

  it('say "one" for 0 and 1 in French, for 1 alone in English, and "other" past them', () => {
    const say = (language: 'fr' | 'en', count: number) =>
      countedMessage(workspaceCatalogues[language], language, 'load_report', count, String(count));
    expect([0, 1, 2, 1_000_000].map((count) => say('fr', count))).toEqual([
      '0 témoignage ajouté.',
      '1 témoignage ajouté.',
      '2 témoignages ajoutés.',
      '1000000 témoignages ajoutés.',
    ]);
    expect([0, 1, 2].map((count) => say('en', count))).toEqual(['0 testimonies added.', '1 testimony added.', '2 testimonies added.']);
  });

  it('fill the other placeholders too, with the count as shown', () => {
    const pulled = countedMessage(workspaceCatalogues.fr, 'fr', 'sync_pulled', 1234, '1 234', { file: 'a.ndjson' });
    expect(pulled).toBe('1 234 témoignages reçus, enregistrés chiffrés dans a.ndjson ; gardez ce fichier.');
  });
});
