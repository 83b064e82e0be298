/**
 * The submission page's live hint ("your text seems to contain a phone number"). The page must
 * stay small, so the hint loads no word list, no checksum library and none of the words the
 * delegates' detector weighs a match with. It runs the same patterns from the same modules,
 * more loosely: names only after a title or in the "Prénom NOM" convention (name-cues.ts),
 * NIRs and IBANs by their shape, every clock time even where the words around make it an
 * amount of hours, every link with a parameter; and it does not settle which of two
 * overlapping kinds wins. It errs towards warning; the delegates' detector (detect.ts) checks
 * more before anything is published.
 */
import { findAddresses } from './addresses.js';
import { seemsToHoldTime } from './clock.js';
import { findDates } from './dates.js';
import { findEmails } from './emails.js';
import { findEmployeeIds } from './employee-ids.js';
import { findIps } from './ips.js';
import { PII_KINDS, type PiiKind } from './kinds.js';
import { seemsToHoldName } from './name-cues.js';
import { findOfficialIds, type ChecksumRules } from './official-ids.js';
import { findPhones } from './phones.js';
import { findPlates } from './plates.js';
import { findPostcodes } from './postcodes.js';
import { foldText, unifySeparators } from './text.js';
import { findTokenUrls } from './urls.js';

const SHAPE_ONLY: ChecksumRules = {
  nir: () => true,
  iban: (compact) => /^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(compact.toUpperCase()) && (compact.match(/[0-9]/g) ?? []).length >= 10,
};
// A link with any parameter may have been made for its reader.
const ANY_PARAMETER = () => true;

/** What the hint can report: every kind but the delegate's own terms, which the page never has. */
export type HintKind = Exclude<PiiKind, 'term'>;

/**
 * The kinds of personal data `text` seems to hold, in PII_KINDS order; light enough to run on
 * every keystroke of a 10 000-character text. Never throws.
 */
export function hintKinds(text: string): HintKind[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const unified = unifySeparators(text);
  const folded = foldText(text);
  const addresses = findAddresses(unified, folded);
  const found = new Set<PiiKind>(
    [
      ...findEmails(unified),
      ...findTokenUrls(unified, ANY_PARAMETER),
      ...findIps(unified),
      ...findPhones(unified),
      ...findOfficialIds(unified, SHAPE_ONLY),
      ...findEmployeeIds(unified),
      ...findPlates(unified),
      ...addresses,
      ...findPostcodes(unified, addresses),
      ...findDates(folded),
    ].map((finding) => finding.kind),
  );
  if (seemsToHoldName(unified, folded)) found.add('name');
  if (seemsToHoldTime(folded)) found.add('time');
  return PII_KINDS.filter((kind): kind is HintKind => kind !== 'term' && found.has(kind));
}
