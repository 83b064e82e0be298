import { createPublicKey, verify } from 'node:crypto';
import type { Ed25519Verify } from '../crypto/signature.js';

// An Ed25519 public key as DER SubjectPublicKeyInfo (RFC 8410): this prefix, then the 32 bytes.
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * The Ed25519 equation checked by node's OpenSSL: about 0.25 ms against tweetnacl's 14 to 20, so that
 * forged signed requests, which anyone can send, cannot keep a core busy. verifyStrict's checks
 * (canonical S, no small-order R or key) still run first; test/server/ed25519.test.ts holds it to
 * tweetnacl's and libsodium's answers.
 */
export const nodeEd25519Verify: Ed25519Verify = (message, signature, publicKey) => {
  try {
    const key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
};
