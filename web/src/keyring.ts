import {
  decodePublicKey,
  fingerprint,
  keyIdOfFingerprint,
  normaliseFingerprint,
  type PublicKey,
} from '../../crypto/keys.js';
import type { KeyringEntry } from './api.js';
import type { Pin } from './pin.js';

/** A keyring entry whose id and fingerprint were recomputed here and agree with the server's. */
export interface TrustedKey {
  id: string;
  fingerprint: string;
  label: string;
  publicKey: PublicKey;
}

/** An entry that is never encrypted to: unreadable, or not the key its fingerprint names. */
export interface RefusedKey {
  label: string;
  claimedFingerprint: string;
}

export interface CheckedKeyring {
  keys: TrustedKey[];
  refused: RefusedKey[];
}

export type KeyStatus = 'pinned' | 'excluded' | 'unverified';

/**
 * Never trusts the server's fingerprint field: it is recomputed from the key itself, and an
 * entry whose claimed id or fingerprint disagrees is refused, so what is shown is what is used.
 */
export function checkKeyring(entries: readonly KeyringEntry[]): CheckedKeyring {
  const keys: TrustedKey[] = [];
  const refused: RefusedKey[] = [];
  for (const entry of entries) {
    const checked = checkEntry(entry);
    if (checked === null) refused.push({ label: entry.label, claimedFingerprint: entry.fingerprint });
    else if (!keys.some((k) => k.id === checked.id)) keys.push(checked);
  }
  return { keys, refused };
}

function checkEntry(entry: KeyringEntry): TrustedKey | null {
  let publicKey: PublicKey;
  try {
    publicKey = decodePublicKey(entry.publicKey);
  } catch {
    return null;
  }
  const fp = fingerprint(publicKey);
  const id = keyIdOfFingerprint(fp);
  if (entry.id.toLowerCase() !== id || normaliseFingerprint(entry.fingerprint) !== fp) return null;
  return { id, fingerprint: fp, label: entry.label, publicKey };
}

export function keyStatus(key: TrustedKey, pin: Pin | null): KeyStatus {
  if (pin === null) return 'unverified';
  return pin.fingerprints.includes(key.fingerprint) ? 'pinned' : 'excluded';
}

/** With a pin, only the pinned keys; without one, every trusted key. Empty means: do not send. */
export function recipientsFor(keyring: CheckedKeyring, pin: Pin | null): TrustedKey[] {
  return keyring.keys.filter((key) => keyStatus(key, pin) !== 'excluded');
}

/** Fingerprints the link vouches for that the server did not offer. */
export function missingPins(keyring: CheckedKeyring, pin: Pin | null): string[] {
  if (pin === null) return [];
  return pin.fingerprints.filter((fp) => !keyring.keys.some((key) => key.fingerprint === fp));
}
