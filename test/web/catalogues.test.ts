import { describe, expect, it } from 'vitest';
import { followUpCatalogues } from '../../web/src/followup/messages.js';
import { receiptCatalogues } from '../../web/src/receipt/messages.js';

// The follow-up page (its own chunk) and the receipt notice carry their strings in catalogues of
// their own; the same rules as the main catalogues apply (test/web/i18n.test.ts).
describe.each([
  ['follow-up page', followUpCatalogues],
  ['receipt notice', receiptCatalogues],
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
