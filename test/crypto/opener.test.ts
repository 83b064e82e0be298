/**
 * createOpener must be openEnvelope, only faster: on the WebCrypto path and on the tweetnacl
 * path, every envelope gives the same bytes, the same null or the same error message.
 */
import fc from 'fast-check';
import nacl from 'tweetnacl';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOpener, fromHex, keyId, openEnvelope, sealEnvelope, utf8, type Opener, type OpenerOptions, type SecretKey } from '../../crypto/index.js';
import { ENVELOPE_ERRORS, outcome, outcomeAsync, payloadArb, sameBytes, testKey } from './fixtures.js';
import { join, refLabelledHash, refOpenEnvelope, refPad, refKeyFromSecrets, refSealEnvelope, sodium } from './reference.js';

const KEYS = Array.from({ length: 3 }, (_, i) => testKey(700 + i));
const OUTSIDER = testKey(799);
const RECIPIENT_BYTES = 88;
const asRef = (key: SecretKey) => refKeyFromSecrets(key.boxSecret, key.signSeed);

// libsodium's list of low-order Curve25519 encodings (crypto_scalarmult/curve25519/ref10):
// 0, 1, two points of order 8, and p - 1, p, p + 1, which X25519 reads modulo p.
const LOW_ORDER = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
].flatMap((hex) => {
  const point = fromHex(hex);
  const topBitSet = point.slice();
  topBitSet[31] |= 0x80;
  return [point, topBitSet];
});

function sealNonce(ephemeral: Uint8Array, recipient: Uint8Array): Uint8Array {
  return sodium.crypto_generichash(24, join(ephemeral, recipient), null);
}

/** A one-recipient envelope around a hand-made wrap, so the ephemeral key can be anything. */
function envelopeWithWrap(recipient: SecretKey, wrap: (contentKey: Uint8Array) => Uint8Array): Uint8Array {
  const contentKey = sodium.randombytes_buf(32);
  const header = join(new Uint8Array([1, 1]), fromHex(keyId(recipient)), wrap(contentKey));
  const payloadKey = refLabelledHash('parole/v1/payload-key', header, 32, contentKey);
  return join(header, sodium.crypto_secretbox_easy(refPad(utf8('forgé')), new Uint8Array(24), payloadKey));
}

/**
 * A wrap whose ephemeral key is a low-order point, boxed under the key such a point gives
 * everyone (HSalsa20 of zeros): it would open if the all-zero check were missing.
 */
const lowOrderWrap = (recipient: SecretKey, point: Uint8Array) => (contentKey: Uint8Array) =>
  join(point, nacl.box(contentKey, sealNonce(point, recipient.box), point, nacl.randomBytes(32)));

/** An honest wrap whose ephemeral key is written with its top bit set, which X25519 ignores. */
const topBitWrap = (recipient: SecretKey) => (contentKey: Uint8Array) => {
  const ephemeral = nacl.box.keyPair();
  const written = ephemeral.publicKey.slice();
  written[31] |= 0x80;
  return join(written, nacl.box(contentKey, sealNonce(written, recipient.box), recipient.box, ephemeral.secretKey));
};

/**
 * A wrap whose ephemeral key is written as p + 9, a non-canonical encoding of the base point:
 * its shared secret with the recipient is the recipient's public key.
 */
const nonCanonicalWrap = (recipient: SecretKey) => (contentKey: Uint8Array) => {
  const written = fromHex('f6ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');
  const basePoint = new Uint8Array(32);
  basePoint[0] = 9;
  const boxKey = nacl.box.before(basePoint, recipient.boxSecret);
  return join(written, nacl.secretbox(contentKey, sealNonce(written, recipient.box), boxKey));
};

const PATHS: [string, OpenerOptions][] = [
  ['webcrypto', {}],
  ['tweetnacl', { webCrypto: false }],
];

describe.each(PATHS)('createOpener, %s path', (path, options) => {
  const openers = new Map<SecretKey, Opener>();
  const opener = (key: SecretKey) => openers.get(key)!;
  const same = async (envelope: Uint8Array, key: SecretKey) =>
    expect(await outcomeAsync(() => opener(key).open(envelope))).toEqual(outcome(() => openEnvelope(envelope, key)));

  beforeAll(async () => {
    for (const key of [...KEYS, OUTSIDER]) openers.set(key, await createOpener(key, options));
  });

  it(`computes X25519 with ${path}`, () => {
    expect(opener(KEYS[0]).x25519).toBe(path);
  });

  it('opens what sealEnvelope and the libsodium reference write, and nothing for an outsider', async () => {
    await fc.assert(
      fc.asyncProperty(payloadArb, fc.integer({ min: 1, max: 3 }), fc.boolean(), async (payload, count, reference) => {
        const recipients = KEYS.slice(0, count);
        const envelope = reference ? refSealEnvelope(payload, recipients) : sealEnvelope(payload, recipients);
        for (const key of recipients) expect(sameBytes(await opener(key).open(envelope), payload)).toBe(true);
        expect(await opener(OUTSIDER).open(envelope)).toBeNull();
      }),
      { numRuns: path === 'webcrypto' ? 40 : 15 },
    );
  });

  it('gives what openEnvelope gives after any single-byte change', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2500 }),
        fc.integer({ min: 1, max: 3 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (payload, count, who, at, delta) => {
          const candidates = [...KEYS.slice(0, count), OUTSIDER];
          const envelope = sealEnvelope(payload, KEYS.slice(0, count));
          envelope[at % envelope.length] ^= delta;
          await same(envelope, candidates[who % candidates.length]);
        },
      ),
      { numRuns: path === 'webcrypto' ? 100 : 30 },
    );
  });

  it('gives what openEnvelope gives for a change in every header byte and at the edges of the body', async () => {
    const envelope = sealEnvelope(utf8('Chaque octet compte.'), KEYS.slice(0, 2));
    const headerEnd = 2 + 2 * RECIPIENT_BYTES;
    const positions = [
      ...Array.from({ length: headerEnd + 17 }, (_, i) => i),
      envelope.length - 1,
    ];
    const surprises: unknown[] = [];
    for (const position of positions) {
      const changed = envelope.slice();
      changed[position] ^= 1 + (position % 255);
      const expected = outcome(() => openEnvelope(changed, KEYS[1]));
      const result = await outcomeAsync(() => opener(KEYS[1]).open(changed));
      if (JSON.stringify(result) !== JSON.stringify(expected)) surprises.push({ position, result, expected });
    }
    expect(surprises).toEqual([]);
  });

  it('never yields bytes after several changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 2, maxLength: 8 }), async (changes) => {
        const envelope = sealEnvelope(utf8('texte'), KEYS.slice(0, 2));
        for (const [at, delta] of changes) envelope[at % envelope.length] ^= delta;
        const result = await outcomeAsync(() => opener(KEYS[0]).open(envelope));
        expect(result === null || ENVELOPE_ERRORS.includes((result as { threw: string }).threw)).toBe(true);
      }),
      { numRuns: path === 'webcrypto' ? 60 : 20 },
    );
  });

  it('refuses a wrap from a low-order ephemeral key, as openEnvelope and libsodium do', async () => {
    for (const point of LOW_ORDER) {
      const envelope = envelopeWithWrap(KEYS[0], lowOrderWrap(KEYS[0], point));
      expect(await outcomeAsync(() => opener(KEYS[0]).open(envelope))).toEqual({ threw: 'envelope damaged' });
      expect(outcome(() => openEnvelope(envelope, KEYS[0]))).toEqual({ threw: 'envelope damaged' });
      expect(outcome(() => refOpenEnvelope(envelope, asRef(KEYS[0])))).toEqual({ threw: 'rejected' });
    }
  });

  it('opens a wrap whose ephemeral key is non-canonical, as openEnvelope and libsodium do', async () => {
    for (const wrap of [topBitWrap(KEYS[0]), nonCanonicalWrap(KEYS[0])]) {
      const envelope = envelopeWithWrap(KEYS[0], wrap);
      const expected = refOpenEnvelope(envelope, asRef(KEYS[0]))!;
      expect(new TextDecoder().decode(expected)).toBe('forgé');
      expect(sameBytes(openEnvelope(envelope, KEYS[0]), expected)).toBe(true);
      expect(sameBytes(await opener(KEYS[0]).open(envelope), expected)).toBe(true);
    }
  });

  it('keeps many opens in flight apart', async () => {
    const payloads = Array.from({ length: 40 }, (_, i) => utf8(`témoignage ${i}`));
    const envelopes = payloads.map((p, i) => sealEnvelope(p, i % 3 === 0 ? [KEYS[1]] : KEYS.slice(0, 2)));
    const opened = await Promise.all(envelopes.map((e) => opener(KEYS[0]).open(e)));
    opened.forEach((bytes, i) => (i % 3 === 0 ? expect(bytes).toBeNull() : expect(sameBytes(bytes, payloads[i])).toBe(true)));
  });

  it('rejects malformed input with the messages of openEnvelope', async () => {
    const envelope = sealEnvelope(utf8('x'), [KEYS[0]]);
    const inputs: unknown[] = [new Uint8Array(0), new Uint8Array([2, 1]), envelope.subarray(1), 'texte', null, Array.from(envelope), envelope.slice().buffer];
    for (const input of inputs) {
      await same(input as Uint8Array, KEYS[0]);
      expect(ENVELOPE_ERRORS).toContain(((await outcomeAsync(() => opener(KEYS[0]).open(input as Uint8Array))) as { threw: string }).threw);
    }
  });
});

describe('createOpener', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it("throws 'invalid secret key' when a key part is not 32 bytes", async () => {
    const key = KEYS[0];
    const bad = [
      { ...key, boxSecret: key.boxSecret.subarray(1) },
      { ...key, box: new Uint8Array(33) },
      { box: key.box, boxSecret: key.boxSecret },
      { ...key, boxSecret: Array.from(key.boxSecret) },
      null,
    ];
    for (const value of bad) {
      expect(await outcomeAsync(() => createOpener(value as never))).toEqual({ threw: 'invalid secret key' });
    }
  });

  it('opens with the public halves and the X25519 secret alone, without the signing seed', async () => {
    const { box, sign, boxSecret } = KEYS[0];
    const opener = await createOpener({ box, sign, boxSecret });
    expect(await opener.open(sealEnvelope(utf8('oui'), [KEYS[0]]))).toEqual(utf8('oui'));
  });

  /** A fresh copy of the module, so the WebCrypto probe runs again against the stubbed platform. */
  async function openerOn(subtle: Partial<SubtleCrypto> | undefined): Promise<Opener> {
    vi.stubGlobal('crypto', subtle === undefined ? undefined : { subtle });
    vi.resetModules();
    const { createOpener: fresh } = await import('../../crypto/opener.js');
    return fresh(KEYS[0]);
  }

  it('falls back to tweetnacl, silently, where WebCrypto is missing, lacks X25519 or disagrees', async () => {
    const real = globalThis.crypto.subtle;
    const platforms: (Partial<SubtleCrypto> | undefined)[] = [
      undefined,
      { importKey: () => Promise.reject(new DOMException('unsupported', 'NotSupportedError')) },
      {
        importKey: real.importKey.bind(real) as SubtleCrypto['importKey'],
        deriveBits: async (...args: Parameters<SubtleCrypto['deriveBits']>) => {
          const bits = new Uint8Array(await real.deriveBits(...args));
          bits[0] ^= 1;
          return bits.buffer;
        },
      },
    ];
    const envelope = sealEnvelope(utf8('repli'), [KEYS[0]]);
    for (const platform of platforms) {
      const opener = await openerOn(platform);
      expect(opener.x25519).toBe('tweetnacl');
      expect(await opener.open(envelope)).toEqual(utf8('repli'));
    }
  });

  it('probes the platform once, not once per opener', async () => {
    const real = globalThis.crypto.subtle;
    const deriveBits = vi.fn(real.deriveBits.bind(real));
    await openerOn({ importKey: real.importKey.bind(real) as SubtleCrypto['importKey'], deriveBits });
    const { createOpener: same } = await import('../../crypto/opener.js');
    const second = await same(KEYS[1]);
    expect(second.x25519).toBe('webcrypto');
    expect(deriveBits).toHaveBeenCalledTimes(1);
  });
});
