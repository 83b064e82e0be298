/**
 * The server checks signed requests with node's Ed25519 (server/ed25519.ts) behind verifyStrict's
 * own checks: it must give exactly tweetnacl's and libsodium's answers, forgeries included.
 */
import fc from 'fast-check';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../crypto/bytes.js';
import { verifyStrict } from '../../crypto/signature.js';
import { nodeEd25519Verify } from '../../server/ed25519.js';
import { plusGroupOrder } from '../crypto/fixtures.js';
import { sodium } from '../crypto/reference.js';

const IDENTITY = fromHex('01' + '00'.repeat(31));

/** The three answers for one case: node behind verifyStrict, tweetnacl behind verifyStrict, libsodium. */
function answers(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array) {
  const key = { box: new Uint8Array(32), sign: publicKey };
  return {
    node: verifyStrict(message, signature, key, nodeEd25519Verify),
    tweetnacl: verifyStrict(message, signature, key),
    libsodium: signature.length === 64 && publicKey.length === 32 && sodium.crypto_sign_verify_detached(signature, message, publicKey),
  };
}

const agree = (expected: boolean, found: ReturnType<typeof answers>) =>
  expect(found).toEqual({ node: expected, tweetnacl: expected, libsodium: expected });

describe("node's Ed25519 behind verifyStrict", () => {
  it('accepts what is signed, and refuses any one changed bit of message, signature or key (fast-check, seed 20261202)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom('message', 'signature', 'key'),
        fc.nat(),
        (seed, message, part, at) => {
          const pair = nacl.sign.keyPair.fromSeed(seed);
          const signature = nacl.sign.detached(message, pair.secretKey);
          agree(true, answers(message, signature, pair.publicKey));
          const changed = { message: message.slice(), signature: signature.slice(), key: pair.publicKey.slice() };
          const bytes = changed[part];
          if (bytes.length === 0) return;
          bytes[at % bytes.length] ^= 1 << (at % 8);
          agree(false, answers(changed.message, changed.signature, changed.key));
        },
      ),
      { seed: 20261202, numRuns: 100 },
    );
  });

  it('refuses S + L, the same signature malleated', () => {
    const pair = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(7));
    const message = new Uint8Array([1, 2, 3]);
    agree(false, answers(message, plusGroupOrder(nacl.sign.detached(message, pair.secretKey)), pair.publicKey));
  });

  it('refuses the identity point as key, whose forgery (R = identity, S = 0) holds for any message', () => {
    const forged = new Uint8Array(64);
    forged.set(IDENTITY);
    agree(false, answers(new Uint8Array([4, 5, 6]), forged, IDENTITY));
  });

  it('answers false, never throws, for bytes that are no point at all', () => {
    const notAPoint = fromHex('02' + '00'.repeat(30) + '80');
    expect(sodium.crypto_sign_verify_detached(new Uint8Array(64), new Uint8Array(1), notAPoint)).toBe(false);
    expect(nodeEd25519Verify(new Uint8Array(1), new Uint8Array(64), notAPoint)).toBe(false);
    expect(nodeEd25519Verify(new Uint8Array(1), new Uint8Array(64), new Uint8Array(31))).toBe(false);
  });
});
