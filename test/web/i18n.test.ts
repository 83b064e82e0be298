import { describe, expect, it } from 'vitest';
import { catalogues, format, preferredLocale } from '../../web/src/i18n/index.js';

describe('message catalogues', () => {
  it('French and English have the same keys', () => {
    expect(Object.keys(catalogues.en).sort()).toEqual(Object.keys(catalogues.fr).sort());
  });

  it.each(Object.keys(catalogues.fr))('%s is filled in both languages with the same placeholders', (key) => {
    const fr = catalogues.fr[key as keyof typeof catalogues.fr];
    const en = catalogues.en[key as keyof typeof catalogues.en];
    expect(fr.trim()).not.toBe('');
    expect(en.trim()).not.toBe('');
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    expect(placeholders(en)).toEqual(placeholders(fr));
  });

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
