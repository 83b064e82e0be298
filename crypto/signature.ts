import nacl from 'tweetnacl';
import { concat, fromBase64Url, fromHex, toBase64Url, utf8 } from './bytes.js';
import { hasSmallOrder, isWeakSigningKey } from './ed25519.js';
import { labelledHash } from './hash.js';
import { keyId, type PublicKey } from './keys.js';

/** The Authorization scheme of delegate requests. */
export const SIGNATURE_SCHEME = 'Parole-Ed25519';
const NONCE_BYTES = 16;
// 64 bytes in unpadded base64url.
const SIGNATURE_BASE64URL = '[A-Za-z0-9_-]{86}';
/** An Ed25519 signature as the formats write it: 86 characters of unpadded base64url. */
export const SIGNATURE_TEXT = new RegExp(`^${SIGNATURE_BASE64URL}$`);

/** What signing needs of a delegate's key: the public halves (for the key id) and the Ed25519 seed. */
export type SigningKey = PublicKey & { signSeed: Uint8Array };

/** What a delegate request signs: nothing of it can change without breaking the signature. */
export interface SignedRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Path and query string, exactly as sent. */
  path: string;
  body: Uint8Array;
}

/** An Authorization header, parsed but not yet verified. */
export interface RequestSignature {
  keyId: string;
  /** Unix time in seconds, as the signer's clock saw it. */
  timestamp: number;
  /** 16 random bytes, base64url: two requests never sign the same bytes. */
  nonce: string;
  signature: Uint8Array;
}

// A method and a path cannot hold the line breaks that separate them in the signed bytes.
const METHOD = /^[A-Z]{1,16}$/;
const PATH = /^\/[\x21-\x7e]{0,2047}$/;

function isWellFormed(request: SignedRequest): boolean {
  return METHOD.test(request?.method) && PATH.test(request?.path) && request.body instanceof Uint8Array;
}

function signedBytes(request: SignedRequest, timestamp: number, nonce: string): Uint8Array {
  const bodyDigest = labelledHash('parole/v1/request-body', request.body, 32);
  const lines = `${request.method}\n${request.path}\n${timestamp}\n${nonce}\n`;
  return concat(utf8('parole/v1/request'), new Uint8Array([0]), utf8(lines), bodyDigest);
}

/**
 * The Authorization header value for a delegate request: the key id, the time, a fresh nonce
 * and an Ed25519 signature over method, path, time, nonce and a hash of the body. Throws
 * 'invalid secret key' unless the seed is 32 bytes, and 'invalid request' unless the method is
 * upper-case letters and the path printable ASCII starting with '/'.
 */
export function signRequest(key: SigningKey, request: SignedRequest, nowMs = Date.now()): string {
  if (!(key?.signSeed instanceof Uint8Array) || key.signSeed.length !== nacl.sign.seedLength) throw new Error('invalid secret key');
  if (!isWellFormed(request)) throw new Error('invalid request');
  const timestamp = Math.floor(nowMs / 1000);
  const nonce = toBase64Url(nacl.randomBytes(NONCE_BYTES));
  const signature = signDetached(signedBytes(request, timestamp, nonce), key.signSeed);
  return `${SIGNATURE_SCHEME} key=${keyId(key)}, ts=${timestamp}, nonce=${nonce}, sig=${toBase64Url(signature)}`;
}

const HEADER = new RegExp(
  `^${SIGNATURE_SCHEME} key=([0-9a-f]{16}), ts=([1-9][0-9]{0,11}), nonce=([A-Za-z0-9_-]{22}), sig=(${SIGNATURE_BASE64URL})$`,
);

/** Reads an Authorization header. Throws 'invalid authorization' unless it is exactly well formed. */
export function parseAuthorization(header: string): RequestSignature {
  const match = typeof header === 'string' ? HEADER.exec(header) : null;
  if (!match) throw new Error('invalid authorization');
  try {
    const signature = fromBase64Url(match[4]);
    fromBase64Url(match[3]);
    return { keyId: match[1], timestamp: Number(match[2]), nonce: match[3], signature };
  } catch {
    throw new Error('invalid authorization');
  }
}

// The group order L, little-endian: RFC 8032 §5.1.7 requires S < L, which tweetnacl does not check.
const ORDER = fromHex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');

function isBelowOrder(scalar: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) if (scalar[i] !== ORDER[i]) return scalar[i] < ORDER[i];
  return false;
}

/**
 * The Ed25519 equation itself, for a public key and a signature of the right lengths: tweetnacl's
 * by default; the server passes node's (server/ed25519.ts), tens of times faster.
 */
export type Ed25519Verify = (message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array) => boolean;

/** True when the signature was made by this key over exactly this request (see verifyStrict); never throws. */
export function verifyRequest(signed: RequestSignature, key: PublicKey, request: SignedRequest, verify?: Ed25519Verify): boolean {
  if (signed.keyId !== keyId(key) || !isWellFormed(request)) return false;
  return verifyStrict(signedBytes(request, signed.timestamp, signed.nonce), signed.signature, key, verify);
}

/** An Ed25519 signature over a message by a Parole key's signing seed. Throws 'invalid secret key' or 'invalid message'. */
export function signDetached(message: Uint8Array, signSeed: Uint8Array): Uint8Array {
  if (!(signSeed instanceof Uint8Array) || signSeed.length !== nacl.sign.seedLength) throw new Error('invalid secret key');
  if (!(message instanceof Uint8Array)) throw new Error('invalid message');
  const secret = nacl.sign.keyPair.fromSeed(signSeed).secretKey;
  const signature = nacl.sign.detached(message, secret);
  secret.fill(0);
  return signature;
}

/**
 * Ed25519 verification as strict as libsodium's: false for a non-canonical S, a public key or R
 * of small order, a non-canonical public key, or a malformed key; never throws.
 */
export function verifyStrict(
  message: Uint8Array,
  signature: Uint8Array,
  key: PublicKey,
  verify: Ed25519Verify = nacl.sign.detached.verify,
): boolean {
  const publicKey = key?.sign;
  if (!(message instanceof Uint8Array)) return false;
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== nacl.sign.publicKeyLength) return false;
  if (!(signature instanceof Uint8Array) || signature.length !== nacl.sign.signatureLength) return false;
  if (!isBelowOrder(signature.subarray(32)) || hasSmallOrder(signature.subarray(0, 32))) return false;
  if (isWeakSigningKey(publicKey)) return false;
  return verify(message, signature, publicKey);
}
