import nacl from 'tweetnacl';
import { concat, fromBase64Url, toBase64Url, toHex } from './bytes.js';
import { labelledHash } from './hash.js';
import { isWeakSigningKey } from './ed25519.js';
import { isLowOrderPoint } from './sealedbox.js';

export const PUBLIC_KEY_PREFIX = 'parole-pk1:';
export const KEY_ID_BYTES = 8;
const FINGERPRINT_BYTES = 10;

/** A delegate's public half: X25519 to receive, Ed25519 to sign. */
export interface PublicKey {
  /** X25519, 32 bytes. */
  box: Uint8Array;
  /** Ed25519, 32 bytes. */
  sign: Uint8Array;
}

/** A delegate's full key, only ever held in the plaintext world. */
export interface SecretKey extends PublicKey {
  /** X25519 secret scalar, 32 bytes. */
  boxSecret: Uint8Array;
  /** Ed25519 seed, 32 bytes (the 64-byte secret key is derived from it). */
  signSeed: Uint8Array;
}

export function generateKey(): SecretKey {
  const box = nacl.box.keyPair();
  const signSeed = nacl.randomBytes(32);
  return keyFromSecrets(box.secretKey, signSeed);
}

/** Throws 'invalid secret key' when either secret is not 32 bytes. */
export function keyFromSecrets(boxSecret: Uint8Array, signSeed: Uint8Array): SecretKey {
  if (boxSecret.length !== 32 || signSeed.length !== 32) throw new Error('invalid secret key');
  const box = nacl.box.keyPair.fromSecretKey(boxSecret);
  const sign = nacl.sign.keyPair.fromSeed(signSeed);
  return { box: box.publicKey, sign: sign.publicKey, boxSecret: box.secretKey, signSeed: signSeed.slice() };
}

/** `parole-pk1:` then base64url (no padding) of the X25519 key followed by the Ed25519 key. */
export function encodePublicKey(key: PublicKey): string {
  if (key.box?.length !== 32 || key.sign?.length !== 32) throw new Error('invalid public key');
  return PUBLIC_KEY_PREFIX + toBase64Url(concat(key.box, key.sign));
}

/** Throws 'invalid public key' on a wrong prefix, alphabet or length, or a weak key (see below). */
export function decodePublicKey(text: string): PublicKey {
  if (typeof text !== 'string' || !text.startsWith(PUBLIC_KEY_PREFIX)) throw new Error('invalid public key');
  let raw: Uint8Array;
  try {
    raw = fromBase64Url(text.slice(PUBLIC_KEY_PREFIX.length));
  } catch {
    throw new Error('invalid public key');
  }
  if (raw.length !== 64) throw new Error('invalid public key');
  const box = raw.slice(0, 32);
  const sign = raw.slice(32);
  // Anything sealed to a low-order point can be opened by anyone, and a weak signing key lets one
  // signature pass for many requests: such keys are refused.
  if (isLowOrderPoint(box) || isWeakSigningKey(sign)) throw new Error('invalid public key');
  return { box, sign };
}

function keyDigest(key: PublicKey): Uint8Array {
  return labelledHash('parole/v1/key-fingerprint', concat(key.box, key.sign), 32);
}

/** 16 lowercase hex digits: the first 8 bytes of the key digest. Tags envelope wraps. */
export function keyId(key: PublicKey): string {
  return toHex(keyDigest(key).subarray(0, KEY_ID_BYTES));
}

/**
 * What people compare by eye: the first 10 bytes of the key digest, uppercase hex in
 * five groups of four. Its first 16 digits are the key id.
 */
export function fingerprint(key: PublicKey): string {
  const hex = toHex(keyDigest(key).subarray(0, FINGERPRINT_BYTES)).toUpperCase();
  return hex.match(/.{4}/g)!.join('-');
}

/** Accepts a fingerprint typed or pasted loosely (any case, spaces or dashes); null if malformed. */
export function normaliseFingerprint(text: string): string | null {
  const hex = text.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[0-9A-F]{20}$/.test(hex)) return null;
  return hex.match(/.{4}/g)!.join('-');
}

/** The key id that a fingerprint begins with. */
export function keyIdOfFingerprint(fp: string): string {
  return fp.replace(/-/g, '').slice(0, 2 * KEY_ID_BYTES).toLowerCase();
}
