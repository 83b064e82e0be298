import nacl from 'tweetnacl';
import { concat, utf8 } from './bytes.js';
import { blake2bPlain } from './hash.js';

export const SEAL_OVERHEAD = 32 + 16;

// libsodium's crypto_box_seal: nonce = BLAKE2b-192(ephemeral pk || recipient pk), unkeyed.
function sealNonce(ephemeral: Uint8Array, recipient: Uint8Array): Uint8Array {
  return blake2bPlain(concat(ephemeral, recipient), 24);
}

// Any clamped scalar is a multiple of the cofactor 8, so it sends every low-order point to zero.
const PROBE_SCALAR = new Uint8Array(32).fill(0x55);

/** True for the X25519 points whose shared secret with any key is all zeros. Throws 'invalid public key'. */
export function isLowOrderPoint(point: Uint8Array): boolean {
  if (!(point instanceof Uint8Array) || point.length !== 32) throw new Error('invalid public key');
  return nacl.scalarMult(PROBE_SCALAR, point).every((b) => b === 0);
}

/**
 * Anonymous encryption to an X25519 public key, byte-compatible with libsodium's crypto_box_seal,
 * which also refuses a low-order recipient. Throws 'invalid public key'.
 */
export function seal(message: Uint8Array, recipient: Uint8Array): Uint8Array {
  if (recipient.length !== 32 || isLowOrderPoint(recipient)) throw new Error('invalid public key');
  const eph = nacl.box.keyPair();
  const boxed = nacl.box(message, sealNonce(eph.publicKey, recipient), recipient, eph.secretKey);
  eph.secretKey.fill(0);
  return concat(eph.publicKey, boxed);
}

// tweetnacl's typings leave out its lowlevel namespace, where HSalsa20 lives.
const { crypto_core_hsalsa20: hsalsa20 } = (
  nacl as unknown as { lowlevel: { crypto_core_hsalsa20(out: Uint8Array, input: Uint8Array, key: Uint8Array, constant: Uint8Array): void } }
).lowlevel;
const SIGMA = utf8('expand 32-byte k');
const HSALSA20_INPUT = new Uint8Array(16);

// Every byte is read whatever the others hold, so the time taken says nothing of the secret.
function isAllZero(bytes: Uint8Array): boolean {
  let any = 0;
  for (const b of bytes) any |= b;
  return any === 0;
}

/**
 * Opens a sealed box given the X25519 shared secret of the recipient's secret key and the box's
 * ephemeral key (its first 32 bytes), however that secret was computed. Returns null when it does
 * not open, including when the shared secret is all zeros.
 */
export function sealOpenWithSharedSecret(sealed: Uint8Array, publicKey: Uint8Array, sharedSecret: Uint8Array): Uint8Array | null {
  if (sealed.length < SEAL_OVERHEAD || !(sharedSecret instanceof Uint8Array) || sharedSecret.length !== 32 || isAllZero(sharedSecret)) return null;
  // What crypto_box_beforenm makes of the shared secret.
  const boxKey = new Uint8Array(32);
  hsalsa20(boxKey, HSALSA20_INPUT, sharedSecret, SIGMA);
  const opened = nacl.secretbox.open(sealed.subarray(32), sealNonce(sealed.subarray(0, 32), publicKey), boxKey);
  boxKey.fill(0);
  return opened;
}

/**
 * Opens a sealed box (crypto_box_seal_open). Returns null when it does not open, including,
 * as libsodium does, when the ephemeral key is a low-order point (an all-zero shared secret).
 */
export function sealOpen(sealed: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array | null {
  if (sealed.length < SEAL_OVERHEAD) return null;
  // One scalar multiplication is enough: a clamped scalar is 8k with 0 < k < 2^252, below the
  // large prime order of the curve and of its twist, so whatever the key the shared secret is
  // zero exactly for the points of order 1, 2, 4 or 8, the ones isLowOrderPoint finds.
  const shared = nacl.scalarMult(secretKey, sealed.subarray(0, 32));
  const opened = sealOpenWithSharedSecret(sealed, publicKey, shared);
  shared.fill(0);
  return opened;
}
