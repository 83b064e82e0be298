import { describe, expect, it } from 'vitest';

export interface Catalogues {
  fr: Record<string, string>;
  en: Record<string, string>;
}

/** The rules every pair of message catalogues keeps: the same keys, each filled in both languages with the same placeholders. */
export function describeCatalogues(cases: [name: string, catalogues: Catalogues][]): void {
  describe.each(cases)('message catalogues of the %s', (_, { fr, en }) => {
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
}
