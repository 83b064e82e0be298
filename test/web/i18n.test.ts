import { describe, expect, it } from 'vitest';
import { catalogues, format, preferredLocale } from '../../web/src/i18n/index.js';
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
