import { describe, expect, it } from 'vitest';
import {
  bucketFor,
  decodePublicKey,
  decodeTestimony,
  encodePublicKey,
  fingerprint,
  fromBase64,
  fromHex,
  fromUtf8,
  keyFromSecrets,
  keyId,
  keyIdOfFingerprint,
  openEnvelope,
  openKeyFile,
  pad,
  parseEnvelopeHeader,
  parseKeyFile,
  sealOpen,
  toHex,
  unpad,
  utf8,
} from '../../crypto/index.js';
import { labelledHash } from '../../crypto/hash.js';
import { loadVectors, outcome, outcomeAsync } from './fixtures.js';
import { sodium } from './reference.js';

interface SealedBoxVector {
  recipientPublicKey: string;
  recipientSecretKey: string;
  message: string;
  sealed: string;
}
interface KeyIdVector {
  box: string;
  sign: string;
  publicKey: string;
  digest: string;
  keyId: string;
  fingerprint: string;
}
interface KeyDescription {
  boxSecret: string;
  signSeed: string;
  publicKey: string;
}
interface EnvelopeVector {
  name: string;
  envelope: string;
  size: number;
  bucket: number;
  keyIds: string[];
  recipients: KeyDescription[];
  notRecipient: KeyDescription;
  payload: string;
  testimony: unknown;
}
interface KeyFileVector {
  keyFile: Record<string, unknown>;
  passphrase: string;
  passphraseNfd: string;
  wrongPassphrase: string;
  expected: KeyDescription & { fingerprint: string; keyId: string };
}
interface PaddingVector {
  inputLength: number;
  inputByte: string;
  bucket: number;
  paddedHead: string;
  paddedBlake2b: string;
}

const sealedBoxes = loadVectors<{ vectors: SealedBoxVector[] }>('sealed-box.json');
const keyIds = loadVectors<{ vectors: KeyIdVector[] }>('key-ids.json');
const envelopes = loadVectors<{ vectors: EnvelopeVector[] }>('envelope-v1.json');
const keyFiles = loadVectors<{ vectors: KeyFileVector[] }>('key-file-v1.json');
const padding = loadVectors<{ vectors: PaddingVector[]; tooLarge: number[] }>('padding.json');

const keyOf = (d: KeyDescription) => keyFromSecrets(fromHex(d.boxSecret), fromHex(d.signSeed));

describe('vector files', () => {
  it.each([sealedBoxes, keyIds, envelopes, keyFiles, padding].map((file) => [file.origin.slice(0, 40), file]))(
    'name their origin and rationale (%s…)',
    (_, file) => {
      expect(file.origin.length).toBeGreaterThan(40);
      expect(file.rationale.length).toBeGreaterThan(40);
    },
  );
});

describe('sealed boxes made by libsodium crypto_box_seal', () => {
  it.each(sealedBoxes.vectors.map((v) => [v.message.length / 2, v]))('open with sealOpen (%i-byte message)', (_, v) => {
    const opened = sealOpen(fromHex(v.sealed), fromHex(v.recipientPublicKey), fromHex(v.recipientSecretKey));
    expect(opened && toHex(opened)).toBe(v.message);
  });

  it('do not open with another recipient key', () => {
    const [a, b] = sealedBoxes.vectors.filter((v, i, all) => all.findIndex((w) => w.recipientPublicKey === v.recipientPublicKey) === i);
    expect(sealOpen(fromHex(a.sealed), fromHex(b.recipientPublicKey), fromHex(b.recipientSecretKey))).toBeNull();
  });
});

describe('key ids and fingerprints computed with libsodium crypto_generichash', () => {
  it.each(keyIds.vectors.map((v) => [v.keyId, v]))('match for %s', (_, v) => {
    const key = { box: fromHex(v.box), sign: fromHex(v.sign) };
    expect(toHex(labelledHash('parole/v1/key-fingerprint', fromHex(v.box + v.sign)))).toBe(v.digest);
    expect(keyId(key)).toBe(v.keyId);
    expect(fingerprint(key)).toBe(v.fingerprint);
    expect(keyIdOfFingerprint(v.fingerprint)).toBe(v.keyId);
    expect(encodePublicKey(key)).toBe(v.publicKey);
    if (/^0+$/.test(v.box)) {
      // The all-zero X25519 key has a fingerprint, but no envelope may ever be sealed to it.
      expect(() => decodePublicKey(v.publicKey)).toThrow('invalid public key');
    } else {
      const decoded = decodePublicKey(v.publicKey);
      expect([toHex(decoded.box), toHex(decoded.sign)]).toEqual([v.box, v.sign]);
    }
  });
});

describe('frozen version-1 envelopes', () => {
  describe.each(envelopes.vectors.map((v) => [v.name, v]))('%s', (_, v) => {
    const bytes = fromBase64(v.envelope);

    it('has the recorded structure', () => {
      expect(bytes.length).toBe(v.size);
      expect(parseEnvelopeHeader(bytes)).toEqual({ version: 1, keyIds: v.keyIds, bucket: v.bucket });
      expect(bucketFor(utf8(v.payload).length)).toBe(v.bucket);
    });

    it.each(v.recipients.map((r, i) => [i, r]))('opens for recipient %i to the recorded testimony', (_, recipient) => {
      const key = keyOf(recipient);
      expect(encodePublicKey(key)).toBe(recipient.publicKey);
      const payload = openEnvelope(bytes, key)!;
      expect(fromUtf8(payload)).toBe(v.payload);
      expect(decodeTestimony(payload)).toEqual(v.testimony);
    });

    it('is "not for you" for a key outside the list', () => {
      expect(openEnvelope(bytes, keyOf(v.notRecipient))).toBeNull();
    });
  });
});

describe('frozen version-1 key files', () => {
  describe.each(keyFiles.vectors.map((v) => [v.expected.keyId, v]))('key %s', (_, v) => {
    it('passes the shape check', () => {
      expect(parseKeyFile(v.keyFile)).toEqual(v.keyFile);
      expect(v.keyFile.fingerprint).toBe(v.expected.fingerprint);
    });

    it('opens with the NFC passphrase and with its NFD form to the recorded secrets', async () => {
      for (const passphrase of [v.passphrase, v.passphraseNfd]) {
        const key = await openKeyFile(v.keyFile, passphrase);
        expect(toHex(key.boxSecret)).toBe(v.expected.boxSecret);
        expect(toHex(key.signSeed)).toBe(v.expected.signSeed);
        expect(encodePublicKey(key)).toBe(v.expected.publicKey);
        expect(keyId(key)).toBe(v.expected.keyId);
      }
    });

    it('refuses the wrong passphrase', async () => {
      expect(await outcomeAsync(() => openKeyFile(v.keyFile, v.wrongPassphrase))).toEqual({ threw: 'wrong passphrase' });
    });
  });
});

describe('padding vectors', () => {
  it.each(padding.vectors.map((v) => [v.inputLength, v]))('pads %i bytes as recorded and back', (_, v) => {
    const input = new Uint8Array(v.inputLength).fill(parseInt(v.inputByte, 16));
    const padded = pad(input);
    expect(padded.length).toBe(v.bucket);
    expect(bucketFor(v.inputLength)).toBe(v.bucket);
    expect(toHex(padded.subarray(0, 12))).toBe(v.paddedHead);
    expect(sodium.to_hex(sodium.crypto_generichash(32, padded, null))).toBe(v.paddedBlake2b);
    expect(unpad(padded)).toEqual(input);
  });

  it.each(padding.tooLarge)('refuses %i bytes', (length) => {
    expect(bucketFor(length)).toBeNull();
    expect(outcome(() => pad(new Uint8Array(length)))).toEqual({ threw: 'payload too large' });
  });
});
