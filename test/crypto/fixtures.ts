import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { fromHex, keyFromSecrets, MAX_PAYLOAD, type KdfParams, type SecretKey } from '../../crypto/index.js';

/** Low Argon2id cost (the smallest memory the key file accepts) so key-file tests stay fast. */
export const LOW_KDF: KdfParams = { memoryKiB: 8192, iterations: 1, parallelism: 1 };

/** Every error message crypto/ documents. A message outside this list is a bug, or an echo. */
export const DOCUMENTED_ERRORS = [
  'invalid utf-8',
  'invalid hex',
  'invalid base64',
  'invalid base64url',
  'invalid secret key',
  'invalid public key',
  'payload too large',
  'invalid padding',
  'no recipients',
  'too many recipients',
  'duplicate recipient',
  'invalid envelope',
  'unsupported envelope version',
  'envelope damaged',
  'empty passphrase',
  'kdf parameters out of range',
  'not a key file',
  'unsupported key file version',
  'invalid key file',
  'wrong passphrase',
  'invalid testimony',
] as const;

export const ENVELOPE_ERRORS = ['invalid envelope', 'unsupported envelope version', 'envelope damaged'];

/** Deterministic bytes (mulberry32), fast enough for 64 KiB payloads inside properties. */
export function seededBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return out;
}

/** A reproducible key pair; different seeds give different keys. */
export function testKey(seed: number): SecretKey {
  return keyFromSecrets(seededBytes(32, 2 * seed + 1), seededBytes(32, 2 * seed + 2));
}

const BUCKET_EDGES = [0, 1, 1019, 1020, 1021, 2044, 2045, 4092, 4093, 8188, 8189, 16380, 16381, 32764, 32765, 65531, MAX_PAYLOAD];

/**
 * Payloads of any length up to MAX_PAYLOAD. Small ones come byte by byte from fast-check (good
 * shrinking); long ones from a seed, since drawing 64 KiB one byte at a time is slow.
 */
export const payloadArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc
    .record({ length: fc.oneof(fc.integer({ min: 0, max: MAX_PAYLOAD }), fc.constantFrom(...BUCKET_EDGES)), seed: fc.integer() })
    .map(({ length, seed }) => seededBytes(length, seed)),
);

/** Catches a throw and returns its message, so outcomes can be compared as values. */
export function outcome(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

export async function outcomeAsync(run: () => unknown): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

export function loadVectors<T>(name: string): T & { origin: string; rationale: string } {
  return JSON.parse(readFileSync(new URL(`./vectors/${name}`, import.meta.url), 'utf8'));
}

/** Byte equality for large arrays, where a deep `toEqual` walks every element slowly. */
export function sameBytes(actual: Uint8Array | null, expected: Uint8Array): boolean {
  return actual instanceof Uint8Array && Buffer.from(actual.buffer, actual.byteOffset, actual.length).equals(expected);
}

// L, the order of the Ed25519 base point, little-endian (RFC 8032 §5.1).
const GROUP_ORDER = fromHex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');

/** The same Ed25519 signature with L added to S: it verifies under a lax reader, never under a strict one. */
export function plusGroupOrder(signature: Uint8Array): Uint8Array {
  const out = signature.slice();
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const sum = out[32 + i] + GROUP_ORDER[i] + carry;
    out[32 + i] = sum & 0xff;
    carry = sum >> 8;
  }
  return out;
}
