import { followUpCatalogues } from '../../web/src/followup/messages.js';
import { receiptCatalogues } from '../../web/src/receipt/messages.js';
import { describeCatalogues } from '../helpers/catalogues.js';

// The follow-up page (its own chunk) and the receipt notice carry their strings in catalogues of
// their own; the same rules as the main catalogues apply (test/web/i18n.test.ts).
describeCatalogues([
  ['follow-up page', followUpCatalogues],
  ['receipt notice', receiptCatalogues],
]);
