// The page's trimmed tweetnacl (web/build/trimmed-tweetnacl.ts) behaves as the package does.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { PAGE_NACL_MEMBERS as KEEP, trimTweetnacl } from '../../web/build/trimmed-tweetnacl.js';

const require = createRequire(import.meta.url);
const source = readFileSync(require.resolve('tweetnacl/nacl.js'), 'utf8');
(globalThis as any).self ??= globalThis;
const load = async (code: string) => (await import(`data:text/javascript,${encodeURIComponent(code.replace("typeof require !== 'undefined'", 'false'))}`)).default as typeof nacl;

describe('trimmed tweetnacl', () => {
  it('keeps what the page calls, with the same results', async () => {
    const t = await load(trimTweetnacl(source, KEEP));
    const key = nacl.randomBytes(32), nonce = nacl.randomBytes(24), msg = nacl.randomBytes(100);
    expect(t.secretbox(msg, nonce, key)).toEqual(nacl.secretbox(msg, nonce, key));
    expect(t.secretbox.open(nacl.secretbox(msg, nonce, key), nonce, key)).toEqual(msg);
    const a = nacl.box.keyPair(), b = t.box.keyPair();
    expect(t.box(msg, nonce, a.publicKey, b.secretKey)).toEqual(nacl.box(msg, nonce, a.publicKey, b.secretKey));
    expect(t.box.keyPair.fromSecretKey(a.secretKey).publicKey).toEqual(a.publicKey);
    expect(t.scalarMult(a.secretKey, b.publicKey)).toEqual(nacl.scalarMult(a.secretKey, b.publicKey));
    const seed = nacl.randomBytes(32), s = t.sign.keyPair.fromSeed(seed);
    expect(s.secretKey).toEqual(nacl.sign.keyPair.fromSeed(seed).secretKey);
    const sig = t.sign.detached(msg, s.secretKey);
    expect(sig).toEqual(nacl.sign.detached(msg, s.secretKey));
    expect(t.sign.detached.verify(msg, sig, s.publicKey)).toBe(true);
    sig[0] ^= 1;
    expect(t.sign.detached.verify(msg, sig, s.publicKey)).toBe(false);
    const out = new Uint8Array(32), c = new Uint8Array(16).fill(7);
    (t as any).lowlevel.crypto_core_hsalsa20(out, nonce.subarray(0, 16), key, c);
    const ref = new Uint8Array(32);
    (nacl as any).lowlevel.crypto_core_hsalsa20(ref, nonce.subarray(0, 16), key, c);
    expect(out).toEqual(ref);
    expect(t.randomBytes(16).length).toBe(16);
    expect([t.sign.seedLength, t.sign.publicKeyLength, t.sign.signatureLength]).toEqual([32, 32, 64]);
  });

  it('drops what nobody calls', async () => {
    const t = await load(trimTweetnacl(source, KEEP)) as any;
    expect([t.hash, t.verify, t.box.open, t.sign.open, t.scalarMult.base, t.lowlevel.crypto_hash]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('refuses a member the package does not have, or a source it was not written for', () => {
    expect(() => trimTweetnacl(source, [...KEEP, 'box.seal'])).toThrow('no member box.seal');
    expect(() => trimTweetnacl(source.replace('(function(nacl) {', '(function (nacl) {'), KEEP)).toThrow('unexpected wrapper');
    expect(() => trimTweetnacl(source, ['box.after'])).toThrow();
  });
});
