import { describe, expect, it } from 'vitest';
import {
  BUCKETS,
  MAX_ENVELOPE_BYTES,
  MAX_PAYLOAD,
  MAX_RECIPIENTS,
  PUBLIC_KEY_PREFIX,
  SEAL_OVERHEAD,
  bucketFor,
  concat,
  decodePublicKey,
  decodeTestimony,
  encodePublicKey,
  encodeTestimony,
  envelopeSize,
  fingerprint,
  fromBase64,
  fromBase64Url,
  fromHex,
  fromUtf8,
  generateKey,
  keyFromSecrets,
  keyId,
  keyIdOfFingerprint,
  normaliseFingerprint,
  openEnvelope,
  pad,
  parseEnvelopeHeader,
  seal,
  sealEnvelope,
  sealOpen,
  signFollowUp,
  toBase64,
  toBase64Url,
  toHex,
  unpad,
  utf8,
  verifyFollowUp,
} from '../../crypto/index.js';
import { sameBytes, seededBytes, testKey } from './fixtures.js';

describe('byte encodings', () => {
  const samples = [new Uint8Array(0), new Uint8Array([0]), new Uint8Array([0xfb, 0xff]), seededBytes(3, 1), seededBytes(100_000, 2)];

  it.each(samples.map((s) => [s.length, s]))('base64, base64url and hex round-trip %i bytes', (_, bytes) => {
    expect(sameBytes(fromBase64(toBase64(bytes)), bytes)).toBe(true);
    expect(sameBytes(fromBase64Url(toBase64Url(bytes)), bytes)).toBe(true);
    expect(sameBytes(fromHex(toHex(bytes)), bytes)).toBe(true);
    expect(sameBytes(fromHex(toHex(bytes).toUpperCase()), bytes)).toBe(true);
  });

  it('writes the RFC 4648 test strings', () => {
    const rfc: [string, string][] = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']];
    for (const [text, encoded] of rfc) {
      expect(toBase64(utf8(text))).toBe(encoded);
      expect(toBase64Url(utf8(text))).toBe(encoded.replace(/=/g, ''));
      expect(fromUtf8(fromBase64(encoded))).toBe(text);
    }
    expect(toBase64(new Uint8Array([0xfb, 0xff]))).toBe('+/8=');
    expect(toBase64Url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    expect(toHex(new Uint8Array([0, 0x0f, 0xa0, 0xff]))).toBe('000fa0ff');
  });

  it('round-trips UTF-8 text, including astral characters', () => {
    const text = 'Ça suffit ! 労働組合 ✊🏽 \u0000 fin';
    expect(fromUtf8(utf8(text))).toBe(text);
    expect(utf8('é')).toEqual(new Uint8Array([0xc3, 0xa9]));
  });

  it('concatenates', () => {
    expect(concat()).toEqual(new Uint8Array(0));
    expect(concat(new Uint8Array([1]), new Uint8Array(0), new Uint8Array([2, 3]))).toEqual(new Uint8Array([1, 2, 3]));
  });
});

describe('keys', () => {
  it('generates distinct keys whose public string round-trips', () => {
    const a = generateKey();
    const b = generateKey();
    expect(encodePublicKey(a)).not.toBe(encodePublicKey(b));
    for (const key of [a, b]) {
      const text = encodePublicKey(key);
      expect(text.startsWith(PUBLIC_KEY_PREFIX)).toBe(true);
      expect(text.length).toBe(PUBLIC_KEY_PREFIX.length + 86);
      expect(decodePublicKey(text)).toEqual({ box: key.box, sign: key.sign });
    }
  });

  it('rebuilds the same key from its secrets, without keeping the caller array', () => {
    const key = generateKey();
    const again = keyFromSecrets(key.boxSecret, key.signSeed);
    expect(again).toEqual(key);
    const seed = key.signSeed.slice();
    const copy = keyFromSecrets(key.boxSecret, seed);
    seed.fill(0);
    expect(copy.signSeed).toEqual(key.signSeed);
  });

  it('derives a fingerprint whose first 16 digits are the key id', () => {
    const key = testKey(1);
    const fp = fingerprint(key);
    expect(fp).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/);
    expect(keyId(key)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyIdOfFingerprint(fp)).toBe(keyId(key));
    expect(fp.replace(/-/g, '').toLowerCase().startsWith(keyId(key))).toBe(true);
  });

  it('normalises a fingerprint typed loosely', () => {
    const fp = fingerprint(testKey(2));
    const loose = [fp, fp.toLowerCase(), fp.replace(/-/g, ''), fp.replace(/-/g, ' '), ` ${fp.replace(/-/g, ' - ')}\n`, fp.split('').join(' ')];
    for (const text of loose) expect(normaliseFingerprint(text)).toBe(fp);
  });

  it('seals and opens a box', () => {
    const key = testKey(3);
    for (const message of [new Uint8Array(0), utf8('bonjour'), seededBytes(5000, 3)]) {
      const sealed = seal(message, key.box);
      expect(sealed.length).toBe(message.length + SEAL_OVERHEAD);
      expect(sameBytes(sealOpen(sealed, key.box, key.boxSecret), message)).toBe(true);
    }
  });
});

describe('padding', () => {
  it('pads into every bucket and back', () => {
    for (const bucket of BUCKETS) {
      for (const length of [bucket - 4, bucket - 5]) {
        const data = seededBytes(length, bucket);
        const padded = pad(data);
        expect(padded.length).toBe(bucket);
        expect(sameBytes(unpad(padded), data)).toBe(true);
      }
    }
    expect(bucketFor(MAX_PAYLOAD)).toBe(65536);
    expect(bucketFor(MAX_PAYLOAD + 1)).toBeNull();
  });

  it('unpads a view into a larger buffer', () => {
    const padded = pad(utf8('décalé'));
    const inside = new Uint8Array(padded.length + 7);
    inside.set(padded, 7);
    expect(fromUtf8(unpad(inside.subarray(7)))).toBe('décalé');
  });

  it('accepts a payload padded into a larger bucket than needed', () => {
    const padded = new Uint8Array(4096);
    padded.set([0, 0, 0, 3, 1, 2, 3]);
    expect(unpad(padded)).toEqual(new Uint8Array([1, 2, 3]));
  });
});

describe('envelopes', () => {
  const keys = Array.from({ length: MAX_RECIPIENTS + 1 }, (_, i) => testKey(100 + i));
  const outsider = keys[MAX_RECIPIENTS];

  it.each(Array.from({ length: MAX_RECIPIENTS }, (_, i) => i + 1))('opens for each of %i recipients', (count) => {
    const recipients = keys.slice(0, count);
    const payload = seededBytes(count * 700, count);
    const envelope = sealEnvelope(payload, recipients);
    const bucket = bucketFor(payload.length)!;
    expect(envelope.length).toBe(envelopeSize(count, bucket));
    expect(parseEnvelopeHeader(envelope)).toEqual({ version: 1, keyIds: recipients.map(keyId), bucket });
    for (const key of recipients) expect(sameBytes(openEnvelope(envelope, key), payload)).toBe(true);
    expect(openEnvelope(envelope, outsider)).toBeNull();
  });

  it('accepts public keys alone as recipients, and in any order', () => {
    const publicOnly = keys.slice(0, 3).map((k) => decodePublicKey(encodePublicKey(k)));
    const envelope = sealEnvelope(utf8('ordre'), publicOnly.reverse());
    expect(parseEnvelopeHeader(envelope).keyIds).toEqual(publicOnly.map(keyId));
    expect(fromUtf8(openEnvelope(envelope, keys[1])!)).toBe('ordre');
  });

  it('seals the same payload differently every time', () => {
    const a = sealEnvelope(utf8('même texte'), [keys[0]]);
    const b = sealEnvelope(utf8('même texte'), [keys[0]]);
    expect(a).not.toEqual(b);
  });

  it('carries the empty payload and MAX_PAYLOAD', () => {
    for (const payload of [new Uint8Array(0), seededBytes(MAX_PAYLOAD, 9)]) {
      expect(sameBytes(openEnvelope(sealEnvelope(payload, [keys[0]]), keys[0]), payload)).toBe(true);
    }
  });

  it('sizes envelopes by the documented formula', () => {
    expect(envelopeSize(1, 1024)).toBe(2 + 88 + 1024 + 16);
    expect(MAX_ENVELOPE_BYTES).toBe(2 + 16 * 88 + 65536 + 16);
    const largest = sealEnvelope(seededBytes(MAX_PAYLOAD, 1), keys.slice(0, MAX_RECIPIENTS));
    expect(largest.length).toBe(MAX_ENVELOPE_BYTES);
  });
});

describe('testimonies', () => {
  it.each([
    { campaign: 'nao-2025', locale: 'fr' as const, text: 'On nous demande de rester après 19 h sans compter les heures.' },
    { campaign: '', locale: 'en' as const, text: '' },
    { campaign: 'égalité', locale: 'fr' as const, text: 'Guillemets " et \\ barres, retour\nà la ligne, emoji 🧾, NUL \u0000.' },
  ])('round-trips through the payload JSON ($campaign/$locale)', (t) => {
    const bytes = encodeTestimony(t);
    expect(JSON.parse(fromUtf8(bytes))).toEqual({ v: 1, ...t });
    expect(Object.keys(JSON.parse(fromUtf8(bytes)))).toEqual(['v', 'campaign', 'locale', 'text']);
    expect(decodeTestimony(bytes)).toEqual({ v: 1, ...t });
  });

  it('travels inside an envelope', () => {
    const t = { campaign: 'cadences', locale: 'fr' as const, text: 'Les cadences ont doublé depuis mars.' };
    const key = testKey(7);
    expect(decodeTestimony(openEnvelope(sealEnvelope(encodeTestimony(t), [key]), key)!)).toEqual({ v: 1, ...t });
  });

  it('ignores unknown fields when decoding, and drops them', () => {
    const bytes = utf8('{"v":1,"campaign":"c","locale":"en","text":"t","tone":"x","mood":{"a":1}}');
    expect(decodeTestimony(bytes)).toEqual({ v: 1, campaign: 'c', locale: 'en', text: 't' });
  });

  describe('with a follow-up mailbox', () => {
    const mailbox = encodePublicKey(testKey(30));
    const followUp = signFollowUp(testKey(30), { campaign: 'c', locale: 'fr', text: 'suite' });

    it('carries the mailbox public key after the answers', () => {
      const t = { campaign: 'c', locale: 'fr' as const, text: 't', answers: { site: 'Lyon' }, mailbox };
      const bytes = encodeTestimony(t);
      expect(Object.keys(JSON.parse(fromUtf8(bytes)))).toEqual(['v', 'campaign', 'locale', 'text', 'answers', 'mailbox']);
      expect(decodeTestimony(bytes)).toEqual({ v: 1, ...t });
      const key = testKey(31);
      expect(decodeTestimony(openEnvelope(sealEnvelope(bytes, [key]), key)!)).toEqual({ v: 1, ...t });
    });

    it('carries a follow-up: its mailbox and signature, no answers', () => {
      const t = { campaign: 'c', locale: 'fr' as const, text: 'suite', mailbox, followUp };
      const bytes = encodeTestimony(t);
      expect(Object.keys(JSON.parse(fromUtf8(bytes)))).toEqual(['v', 'campaign', 'locale', 'text', 'mailbox', 'followUp']);
      const decoded = decodeTestimony(bytes);
      expect(decoded).toEqual({ v: 1, ...t });
      expect(verifyFollowUp(decodePublicKey(decoded.mailbox!), decoded, decoded.followUp!)).toBe(true);
      // Empty answers read as none, so a follow-up may carry them, when writing and when reading.
      expect(decodeTestimony(encodeTestimony({ ...t, answers: {} }))).toEqual({ v: 1, ...t });
      expect(decodeTestimony(utf8(JSON.stringify({ v: 1, ...t, answers: {} })))).toEqual({ v: 1, ...t });
    });

    it.each([
      ['a follow-up without a mailbox', { followUp }],
      ['a follow-up with answers', { mailbox, followUp, answers: { site: 'Lyon' } }],
      ['a mailbox that is not a public key', { mailbox: 'x' }],
      ['a mailbox whose key is a low-order point', { mailbox: encodePublicKey({ box: new Uint8Array(32), sign: testKey(30).sign }) }],
      ['a mailbox as key bytes', { mailbox: Array.from(testKey(30).box) }],
      ['a follow-up signature in standard base64', { mailbox, followUp: followUp.slice(0, -2) + '+/' }],
      ['a short follow-up signature', { mailbox, followUp: followUp.slice(1) }],
      ['a numeric follow-up', { mailbox, followUp: 7 }],
    ])('refuses %s, when writing and when reading', (_, fields) => {
      const t = { campaign: 'c', locale: 'fr' as const, text: 't', ...fields };
      expect(() => encodeTestimony(t as never)).toThrow(/^invalid testimony$/);
      expect(() => decodeTestimony(utf8(JSON.stringify({ v: 1, ...t })))).toThrow(/^invalid testimony$/);
    });
  });

  it('carries answers after the text, and leaves an empty set of answers out', () => {
    const answers = { site: 'Lyon', canaux: ['teams', 'mail'], 'note-1': '4' };
    const bytes = encodeTestimony({ campaign: 'c', locale: 'fr', text: 't', answers });
    expect(Object.keys(JSON.parse(fromUtf8(bytes)))).toEqual(['v', 'campaign', 'locale', 'text', 'answers']);
    expect(decodeTestimony(bytes)).toEqual({ v: 1, campaign: 'c', locale: 'fr', text: 't', answers });
    const empty = encodeTestimony({ campaign: 'c', locale: 'fr', text: 't', answers: {} });
    expect(Object.keys(JSON.parse(fromUtf8(empty)))).toEqual(['v', 'campaign', 'locale', 'text']);
    expect(decodeTestimony(utf8('{"v":1,"campaign":"c","locale":"fr","text":"t","answers":{}}'))).toEqual({ v: 1, campaign: 'c', locale: 'fr', text: 't' });
  });

  it('fills a whole bucket up to MAX_PAYLOAD', () => {
    const overhead = encodeTestimony({ campaign: 'c', locale: 'fr', text: '' }).length;
    const text = 'a'.repeat(MAX_PAYLOAD - overhead);
    expect(encodeTestimony({ campaign: 'c', locale: 'fr', text }).length).toBe(MAX_PAYLOAD);
  });
});
