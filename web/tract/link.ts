import { CAMPAIGN_SLUG } from '../../crypto/bundle.js';
import { normaliseFingerprint } from '../../crypto/keys.js';
import { DelegateApiError, serverAddress } from '../../server/delegate-client.js';
import { pinFragment } from '../src/pin.js';
import { TractError } from './errors.js';

/**
 * The address a tract prints and its QR code carries: `ORIGIN/c/SLUG#fp=FP1,FP2…`, the
 * fingerprints in the form the submission page reads (web/src/pin.ts). They sit in the
 * fragment, which a browser never sends, so the page can refuse a key the tract did not vouch for.
 *
 * `server` follows the delegate CLI's rule: https, or http only for this machine or a .onion.
 * Fingerprints may be loose (any case, spaces, dashes); duplicates are dropped, order is kept.
 * Throws TractError: `invalid_server` (with the address rule as message), `invalid_slug`,
 * `invalid_fingerprint`, `no_fingerprint`.
 */
export function tractLink(server: string, slug: string, fingerprints: readonly string[]): string {
  let origin: string;
  try {
    origin = serverAddress(server).origin;
  } catch (err) {
    if (err instanceof DelegateApiError) throw new TractError('invalid_server', err.message);
    throw err;
  }
  if (!CAMPAIGN_SLUG.test(slug)) throw new TractError('invalid_slug');
  return `${origin}/c/${slug}${pinFragment({ fingerprints: pinnedFingerprints(fingerprints), unreadable: 0 })}`;
}

/** Normalised `XXXX-XXXX-XXXX-XXXX-XXXX` fingerprints, without duplicates. Throws TractError. */
export function pinnedFingerprints(fingerprints: readonly string[]): string[] {
  const pinned: string[] = [];
  for (const value of fingerprints) {
    const fp = normaliseFingerprint(value);
    if (fp === null) throw new TractError('invalid_fingerprint');
    if (!pinned.includes(fp)) pinned.push(fp);
  }
  if (pinned.length === 0) throw new TractError('no_fingerprint');
  return pinned;
}
