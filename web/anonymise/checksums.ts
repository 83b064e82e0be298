/**
 * The NIR and IBAN checks, from maintained libraries. Kept out of the submission page's
 * hint (hint.ts), which must stay small: it judges these numbers by their shape.
 */
import { getControlKey } from 'french-ssn';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';

/**
 * The 13 digits and 2-digit key of a NIR (Corsica's 2A/2B allowed), spaces removed: true when
 * the key is 97 minus the number mod 97. french-ssn's own `validate` also accepts any key 98
 * (temporary numbers), which would let wrong numbers through, so only its key is used.
 */
export function nirKeyValid(compact: string): boolean {
  if (!/^[0-9]{5}(?:[0-9]{2}|2[ab])[0-9]{8}$/i.test(compact)) return false;
  try {
    return getControlKey(compact.slice(0, 13)) === compact.slice(13);
  } catch {
    return false;
  }
}

/** An IBAN, spaces removed, any case: true when its country's length and the mod-97 check hold. */
export function ibanValid(compact: string): boolean {
  const electronic = electronicFormatIBAN(compact);
  return electronic !== null && isValidIBAN(electronic);
}
