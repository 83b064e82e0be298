import nacl from 'tweetnacl';
import { concat } from './bytes.js';
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

/**
 * Opens a sealed box (crypto_box_seal_open). Returns null when it does not open, including,
 * as libsodium does, when the ephemeral key is a low-order point (an all-zero shared secret).
 */
export function sealOpen(sealed: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array | null {
  if (sealed.length < SEAL_OVERHEAD) return null;
  const eph = sealed.subarray(0, 32);
  if (isLowOrderPoint(eph)) return null;
  return nacl.box.open(sealed.subarray(32), sealNonce(eph, publicKey), eph, secretKey);
}
