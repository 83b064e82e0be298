/** Checks on Ed25519 points that tweetnacl leaves out. Internal to crypto/: not re-exported. */
import { fromHex } from './bytes.js';

// The encodings of the eight points of small order, ignoring the sign bit of x, and p and p + 1,
// non-canonical encodings of two of them: libsodium's list (ge25519_has_small_order). With such a
// public key or R, one signature can verify for many messages, so tweetnacl's check is not enough.
const SMALL_ORDER = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
].map(fromHex);

export function hasSmallOrder(point: Uint8Array): boolean {
  return SMALL_ORDER.some((bad) => bad.every((byte, i) => byte === (i === 31 ? point[i] & 0x7f : point[i])));
}

// y at or above p = 2^255 - 19 is a second encoding of a point libsodium refuses as a public key.
function isCanonical(point: Uint8Array): boolean {
  if ((point[31] & 0x7f) !== 0x7f || point[0] < 0xed) return true;
  return !point.subarray(1, 31).every((byte) => byte === 0xff);
}

/**
 * True for a signing key no one should accept: a point of small order (for which one signature can
 * verify for many messages) or a non-canonical encoding, as libsodium refuses both.
 */
export function isWeakSigningKey(point: Uint8Array): boolean {
  return hasSmallOrder(point) || !isCanonical(point);
}
