import { followUpCatalogues } from '../../web/src/followup/messages.js';
import { receiptCatalogues } from '../../web/src/receipt/messages.js';
import { transparencyCatalogues } from '../../web/src/transparency/messages.js';
import { describeCatalogues } from '../helpers/catalogues.js';

// The follow-up and transparency pages (each its own chunk) and the receipt notice carry their
// strings in catalogues of their own; the same rules as the main catalogues apply
// (test/web/i18n.test.ts).
describeCatalogues([
  ['follow-up page', followUpCatalogues],
  ['receipt notice', receiptCatalogues],
  ['transparency page', transparencyCatalogues],
]);
