/**
 * What the export suites share: the labels a French delegate's exports carry, and a figure of
 * each kind the suppression can give.
 */
import type { ExportLabels } from '../../web/workspace/src/core/export.js';
import type { Figure } from '../../web/workspace/src/core/suppression.js';

export const labels: ExportLabels = {
  quote: 'Citation',
  tags: 'Thèmes',
  category: 'Catégorie',
  total: 'Total',
  count: 'Nombre',
  suppressedNote: '< {threshold} : moins de {threshold} témoignages, chiffre masqué',
  withheldNote: "× : chiffre masqué pour qu'on ne puisse pas en déduire un autre",
  withheldMark: '×',
};
export const count = (value: number): Figure => ({ kind: 'count', value });
export const below5: Figure = { kind: 'suppressed', below: 5 };
export const withheld: Figure = { kind: 'withheld' };
