import { normaliseFingerprint } from '../../crypto/keys.js';

/**
 * The fingerprints a link vouches for, from `#fp=…` (comma-separated, dashes optional,
 * any case). It lives in the fragment because browsers never send the fragment to a server.
 */
export interface Pin {
  /** Normalised `XXXX-XXXX-XXXX-XXXX-XXXX` fingerprints. */
  fingerprints: string[];
  /** How many listed values were not fingerprints; they are ignored, never guessed at. */
  unreadable: number;
}

/** Null when the fragment names no fingerprint at all, so no pin applies. */
export function readPin(hash: string): Pin | null {
  const listed = new URLSearchParams(hash.replace(/^#/, '')).get('fp');
  if (listed === null) return null;
  const fingerprints: string[] = [];
  let unreadable = 0;
  for (const value of listed.split(',')) {
    if (value.trim() === '') continue;
    const fp = normaliseFingerprint(value);
    if (fp === null) unreadable++;
    else if (!fingerprints.includes(fp)) fingerprints.push(fp);
  }
  return { fingerprints, unreadable };
}

/** The fragment to keep in a clean address: the pin in its shortest unambiguous form. */
export function pinFragment(pin: Pin | null): string {
  if (pin === null || pin.fingerprints.length === 0) return '';
  return '#fp=' + pin.fingerprints.map((fp) => fp.replace(/-/g, '')).join(',');
}
