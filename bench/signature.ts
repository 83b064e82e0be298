/**
 * What checking one signed request's Ed25519 signature costs the server (node's OpenSSL, as
 * server/ed25519.ts does it) beside tweetnacl, which it used before: anyone can send forged
 * signed requests, and each costs one check.
 */
import nacl from 'tweetnacl';
import { nodeEd25519Verify } from '../server/ed25519.js';
import type { Figure } from './figures.js';

const CHECKS = 200;

function microseconds(verify: (m: Uint8Array, s: Uint8Array, k: Uint8Array) => boolean): number {
  const pair = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(1));
  const message = new Uint8Array(400).fill(2);
  const signature = nacl.sign.detached(message, pair.secretKey);
  verify(message, signature, pair.publicKey);
  const start = performance.now();
  for (let i = 0; i < CHECKS; i++) verify(message, signature, pair.publicKey);
  return ((performance.now() - start) / CHECKS) * 1000;
}

export function signatureFigures(): Figure[] {
  return [
    { name: 'signature_check_node_us', value: microseconds(nodeEd25519Verify), unit: 'µs' },
    { name: 'signature_check_tweetnacl_us', value: microseconds(nacl.sign.detached.verify), unit: 'µs' },
  ];
}
