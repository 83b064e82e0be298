import { blake2b } from '@noble/hashes/blake2.js';
import { concat, utf8 } from './bytes.js';

/**
 * BLAKE2b with domain separation: the label and a zero byte are hashed before the data,
 * so one hash can never stand in for another. `key` makes it a keyed BLAKE2b (a MAC/KDF).
 */
export function labelledHash(label: string, data: Uint8Array, length = 32, key?: Uint8Array): Uint8Array {
  return blake2b(concat(utf8(label), new Uint8Array([0]), data), { dkLen: length, key });
}

/** Plain unkeyed BLAKE2b, as libsodium's crypto_generichash. */
export function blake2bPlain(data: Uint8Array, length: number): Uint8Array {
  return blake2b(data, { dkLen: length });
}
