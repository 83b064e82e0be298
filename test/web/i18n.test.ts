import { describe, expect, it } from 'vitest';
import { catalogues, format, preferredLocale } from '../../web/src/i18n/index.js';
import { catalogues as workspaceCatalogues } from '../../web/workspace/src/i18n/index.js';

describe.each([
  ['submission page', catalogues],
  ['workspace', workspaceCatalogues],
] as [string, { fr: Record<string, string>; en: Record<string, string> }][])('message catalogues of the %s', (_, { fr, en }) => {
  it('French and English have the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it.each(Object.keys(fr))('%s is filled in both languages with the same placeholders', (key) => {
    expect(fr[key].trim()).not.toBe('');
    expect(en[key].trim()).not.toBe('');
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    expect(placeholders(en[key])).toEqual(placeholders(fr[key]));
  });
});

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
