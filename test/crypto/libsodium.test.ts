import fc from 'fast-check';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import {
  createKeyFile,
  encodePublicKey,
  fingerprint,
  fromHex,
  keyFromSecrets,
  keyId,
  openEnvelope,
  openKeyFile,
  parseEnvelopeHeader,
  seal,
  sealEnvelope,
  sealOpen,
  toBase64,
  toBase64Url,
  toHex,
  type SecretKey,
} from '../../crypto/index.js';
import { blake2bPlain, labelledHash } from '../../crypto/hash.js';
import { LOW_KDF, outcome, payloadArb, sameBytes, testKey } from './fixtures.js';
import {
  join,
  refCreateKeyFile,
  refFingerprint,
  refKeyFileKey,
  refKeyFromSecrets,
  refKeyId,
  refLabelledHash,
  refOpenEnvelope,
  refOpenKeyFile,
  refPublicKeyString,
  refSealEnvelope,
  refSealPadded,
  sodium,
} from './reference.js';

const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const asRef = (key: SecretKey) => refKeyFromSecrets(key.boxSecret, key.signSeed);

describe('keys against libsodium', () => {
  it('keyFromSecrets derives what crypto_scalarmult_base and crypto_sign_seed_keypair derive', () => {
    fc.assert(
      fc.property(bytes32, bytes32, (boxSecret, signSeed) => {
        const ours = keyFromSecrets(boxSecret, signSeed);
        const ref = refKeyFromSecrets(boxSecret, signSeed);
        expect(toHex(ours.box)).toBe(toHex(ref.box));
        expect(toHex(ours.sign)).toBe(toHex(ref.sign));
      }),
      { numRuns: 50 },
    );
  });

  it('keyId, fingerprint and the public key string match crypto_generichash and to_base64', () => {
    fc.assert(
      fc.property(bytes32, bytes32, (box, sign) => {
        const key = { box, sign };
        expect(keyId(key)).toBe(refKeyId(key));
        expect(fingerprint(key)).toBe(refFingerprint(key));
        expect(encodePublicKey(key)).toBe(refPublicKeyString(key));
      }),
      { numRuns: 100 },
    );
  });

  it('labelledHash and blake2bPlain are crypto_generichash, unkeyed and keyed, at every length', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.uint8Array({ maxLength: 300 }),
        fc.integer({ min: 16, max: 64 }),
        fc.option(fc.uint8Array({ minLength: 16, maxLength: 64 })),
        (label, data, length, key) => {
          const ours = labelledHash(label, data, length, key ?? undefined);
          expect(toHex(ours)).toBe(toHex(refLabelledHash(label, data, length, key)));
          expect(toHex(blake2bPlain(data, length))).toBe(toHex(sodium.crypto_generichash(length, data, null)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('labelledHash defaults to 32 bytes and separates label from data with a zero byte', () => {
    const data = new Uint8Array([1, 2, 3]);
    expect(labelledHash('ab', data).length).toBe(32);
    expect(toHex(labelledHash('ab', data))).toBe(toHex(sodium.crypto_generichash(32, new Uint8Array([0x61, 0x62, 0, 1, 2, 3]), null)));
    expect(toHex(labelledHash('a', new Uint8Array([0x62, 0, 1, 2, 3])))).not.toBe(toHex(labelledHash('ab', data)));
  });
});

describe('sealed boxes against libsodium', () => {
  const message = fc.uint8Array({ maxLength: 400 });

  it('seal → crypto_box_seal_open', () => {
    fc.assert(
      fc.property(message, fc.nat(20), (m, k) => {
        const key = testKey(k);
        expect(toHex(sodium.crypto_box_seal_open(seal(m, key.box), key.box, key.boxSecret))).toBe(toHex(m));
      }),
      { numRuns: 60 },
    );
  });

  it('crypto_box_seal → sealOpen, and not with another key', () => {
    fc.assert(
      fc.property(message, fc.nat(20), (m, k) => {
        const key = testKey(k);
        const sealed = sodium.crypto_box_seal(m, key.box);
        expect(sameBytes(sealOpen(sealed, key.box, key.boxSecret), m)).toBe(true);
        const other = testKey(k + 1);
        expect(sealOpen(sealed, other.box, other.boxSecret)).toBeNull();
      }),
      { numRuns: 60 },
    );
  });

  // libsodium refuses a sealed box whose ephemeral key is a low-order point (the shared secret is
  // all zeros and crypto_box_beforenm fails); sealOpen must refuse exactly the same boxes.
  it('sealOpen refuses what crypto_box_seal_open refuses (low-order ephemeral key)', () => {
    const key = testKey(1);
    const ephemeral = new Uint8Array(32);
    const nonce = sodium.crypto_generichash(24, join(ephemeral, key.box), null);
    // The all-zero point times any scalar is zero: the box key is HSalsa20 of zeros, known to all.
    const forged = join(ephemeral, nacl.box(new Uint8Array([1, 2, 3]), nonce, ephemeral, nacl.randomBytes(32)));
    expect(() => sodium.crypto_box_seal_open(forged, key.box, key.boxSecret)).toThrow();
    expect(sealOpen(forged, testKey(2).box, testKey(2).boxSecret)).toBeNull();
    expect(sealOpen(forged, key.box, key.boxSecret)).toBeNull();
  });

  it('seal refuses a low-order recipient, as crypto_box_seal does', () => {
    const zero = new Uint8Array(32);
    expect(() => sodium.crypto_box_seal(new Uint8Array([1]), zero)).toThrow();
    expect(() => seal(new Uint8Array([1]), zero)).toThrow('invalid public key');
  });
});

describe('envelopes against an independent libsodium implementation', () => {
  const keys = Array.from({ length: 4 }, (_, i) => testKey(300 + i));

  it('sealEnvelope → reference reader (crypto_box_seal_open, keyed crypto_generichash, crypto_secretbox_open_easy)', () => {
    fc.assert(
      fc.property(payloadArb, fc.integer({ min: 1, max: 3 }), (payload, count) => {
        const envelope = sealEnvelope(payload, keys.slice(0, count));
        for (const key of keys.slice(0, count)) expect(sameBytes(refOpenEnvelope(envelope, asRef(key)), payload)).toBe(true);
        expect(refOpenEnvelope(envelope, asRef(keys[3]))).toBeNull();
      }),
      { numRuns: 40 },
    );
  });

  it('reference writer → openEnvelope and parseEnvelopeHeader', () => {
    fc.assert(
      fc.property(payloadArb, fc.integer({ min: 1, max: 3 }), (payload, count) => {
        const recipients = keys.slice(0, count);
        const envelope = refSealEnvelope(payload, recipients);
        expect(parseEnvelopeHeader(envelope).keyIds).toEqual(recipients.map(keyId));
        for (const key of recipients) expect(sameBytes(openEnvelope(envelope, key), payload)).toBe(true);
        expect(openEnvelope(envelope, keys[3])).toBeNull();
      }),
      { numRuns: 40 },
    );
  });

  it('openEnvelope refuses an authentic envelope whose plaintext is not validly padded', () => {
    const badTail = new Uint8Array(1024);
    badTail.set([0, 0, 0, 1, 0x41, 0, 7]);
    const badLength = new Uint8Array(1024);
    badLength.set([0, 0, 4, 0]);
    for (const padded of [badTail, badLength]) {
      const envelope = refSealPadded(padded, [keys[0]]);
      expect(outcome(() => openEnvelope(envelope, keys[0]))).toEqual({ threw: 'envelope damaged' });
    }
  });

  it('the body is a crypto_secretbox_easy box under the documented payload key and zero nonce', () => {
    const key = keys[0];
    const envelope = sealEnvelope(new Uint8Array([0x68, 0x69]), [key]);
    const headerEnd = 2 + 88;
    const contentKey = sodium.crypto_box_seal_open(envelope.slice(10, headerEnd), key.box, key.boxSecret);
    const payloadKey = sodium.crypto_generichash(32, join(new TextEncoder().encode('parole/v1/payload-key'), new Uint8Array([0]), envelope.slice(0, headerEnd)), contentKey);
    const padded = sodium.crypto_secretbox_open_easy(envelope.slice(headerEnd), new Uint8Array(24), payloadKey);
    expect(toHex(padded.subarray(0, 8))).toBe('0000000268690000');
    expect(padded.length).toBe(1024);
  });
});

describe('key files against an independent implementation (noble Argon2id + libsodium secretbox)', () => {
  it('createKeyFile → reference reader', async () => {
    const key = testKey(400);
    const file = await createKeyFile(key, 'Frère Jacques', 'test', LOW_KDF);
    const opened = refOpenKeyFile(file, 'Frère Jacques');
    expect(toHex(join(opened.boxSecret, opened.signSeed))).toBe(toHex(join(key.boxSecret, key.signSeed)));
  });

  it('reference writer → openKeyFile, with parallelism 2', async () => {
    const key = testKey(401);
    const file = refCreateKeyFile(asRef(key), 'été', 'réf', { ...LOW_KDF, parallelism: 2 }, sodium.randombytes_buf(16), sodium.randombytes_buf(24));
    expect(await openKeyFile(file, 'été'.normalize('NFD'))).toEqual(key);
  });

  it('a box holding 63 bytes under the right passphrase is an invalid key file', async () => {
    const key = testKey(402);
    const salt = sodium.randombytes_buf(16);
    const nonce = sodium.randombytes_buf(24);
    const file = refCreateKeyFile(asRef(key), 'pass', '', LOW_KDF, salt, nonce) as { secret: { box: string } };
    const short = sodium.crypto_secretbox_easy(join(key.boxSecret, key.signSeed).subarray(0, 63), nonce, refKeyFileKey('pass', salt, LOW_KDF));
    file.secret.box = toBase64(short);
    await expect(openKeyFile(file, 'pass')).rejects.toThrow(/^invalid key file$/);
  });
});

describe('encodings against libsodium', () => {
  it('toBase64 and toBase64Url write what sodium.to_base64 writes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (data) => {
        expect(toBase64(data)).toBe(sodium.to_base64(data, sodium.base64_variants.ORIGINAL));
        expect(toBase64Url(data)).toBe(sodium.to_base64(data, sodium.base64_variants.URLSAFE_NO_PADDING));
        expect(toHex(data)).toBe(sodium.to_hex(data));
        expect(sameBytes(fromHex(sodium.to_hex(data)), data)).toBe(true);
      }),
    );
  });
});
