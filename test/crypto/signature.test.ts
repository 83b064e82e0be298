import fc from 'fast-check';
import nacl from 'tweetnacl';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  SIGNATURE_SCHEME,
  decodePublicKey,
  encodePublicKey,
  fromBase64Url,
  fromHex,
  keyFromSecrets,
  keyId,
  parseAuthorization,
  signRequest,
  toBase64Url,
  toHex,
  utf8,
  verifyRequest,
  type SecretKey,
  type SignedRequest,
} from '../../crypto/index.js';
import { labelledHash } from '../../crypto/hash.js';
import { loadVectors, outcome, plusGroupOrder, seededBytes, testKey } from './fixtures.js';
import { join, refKeyFromSecrets, refParseAuthorization, refRequestMessage, refSignRequest, refVerifyRequest, sodium } from './reference.js';

interface SignedRequestVector {
  key: { boxSecret: string; signSeed: string; publicKey: string };
  keyId: string;
  method: string;
  path: string;
  body: string;
  timestamp: number;
  nonce: string;
  bodyDigest: string;
  signedMessage: string;
  header: string;
}

const vectors = loadVectors<{ vectors: SignedRequestVector[] }>('signed-request-v1.json');
const keyOf = (v: SignedRequestVector) => keyFromSecrets(fromHex(v.key.boxSecret), fromHex(v.key.signSeed));
const requestOf = (v: SignedRequestVector): SignedRequest => ({ method: v.method, path: v.path, body: utf8(v.body) });
const asRef = (key: SecretKey) => refKeyFromSecrets(key.boxSecret, key.signSeed);

const KEY = testKey(600);
const OTHER = testKey(601);
const NOW_MS = 1_772_960_400_123;
const REQUEST: SignedRequest = { method: 'POST', path: '/api/delegate/envelopes/purge?dry=1', body: utf8('{"envelopes":[{"id":17}]}') };

/** Parses and verifies, the way the server does. */
function verifies(header: string, key: SecretKey, request: SignedRequest): boolean {
  return verifyRequest(parseAuthorization(header), key, request);
}

/** Rebuilds a header from its four values, so a test can change one and keep the rest. */
function headerWith(header: string, change: Partial<Record<'key' | 'ts' | 'nonce' | 'sig', string>>): string {
  const fields = Object.fromEntries(header.slice(SIGNATURE_SCHEME.length + 1).split(', ').map((f) => f.split('=') as [string, string]));
  const merged = { ...fields, ...change };
  return `${SIGNATURE_SCHEME} key=${merged.key}, ts=${merged.ts}, nonce=${merged.nonce}, sig=${merged.sig}`;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('signed-request vectors made with libsodium crypto_sign_detached', () => {
  it('name their origin and rationale', () => {
    expect(vectors.origin.length).toBeGreaterThan(40);
    expect(vectors.rationale.length).toBeGreaterThan(40);
  });

  describe.each(vectors.vectors.map((v) => [`${v.method} ${v.path}`, v]))('%s', (_, v) => {
    it('signRequest writes exactly the recorded header, given its time and nonce', () => {
      vi.spyOn(nacl, 'randomBytes').mockReturnValueOnce(fromBase64Url(v.nonce));
      expect(signRequest(keyOf(v), requestOf(v), v.timestamp * 1000 + 999)).toBe(v.header);
    });

    it('parseAuthorization reads back the recorded fields', () => {
      const parsed = parseAuthorization(v.header);
      expect({ ...parsed, signature: toBase64Url(parsed.signature) }).toEqual({
        keyId: v.keyId,
        timestamp: v.timestamp,
        nonce: v.nonce,
        signature: v.header.slice(v.header.indexOf('sig=') + 4),
      });
    });

    it('verifyRequest accepts it for this key and this request only', () => {
      const key = keyOf(v);
      expect(keyId(key)).toBe(v.keyId);
      expect(verifies(v.header, key, requestOf(v))).toBe(true);
      expect(verifies(v.header, key, { ...requestOf(v), body: utf8(v.body + ' ') })).toBe(false);
      const another = vectors.vectors.find((w) => w.keyId !== v.keyId)!;
      expect(verifies(v.header, keyOf(another), requestOf(v))).toBe(false);
    });

    it('signs the recorded message and body digest', () => {
      const message = fromHex(v.signedMessage);
      expect(toHex(labelledHash('parole/v1/request-body', utf8(v.body), 32))).toBe(v.bodyDigest);
      expect(toHex(message.subarray(message.length - 32))).toBe(v.bodyDigest);
      const signature = parseAuthorization(v.header).signature;
      expect(sodium.crypto_sign_verify_detached(signature, message, keyOf(v).sign)).toBe(true);
    });
  });
});

describe('signed requests', () => {
  it('round-trip: what signRequest writes, parseAuthorization reads and verifyRequest accepts', () => {
    const header = signRequest(KEY, REQUEST, NOW_MS);
    expect(header).toMatch(/^Parole-Ed25519 key=[0-9a-f]{16}, ts=\d+, nonce=[\w-]{22}, sig=[\w-]{86}$/);
    const parsed = parseAuthorization(header);
    expect(parsed.keyId).toBe(keyId(KEY));
    expect(parsed.timestamp).toBe(Math.floor(NOW_MS / 1000));
    expect(fromBase64Url(parsed.nonce).length).toBe(16);
    expect(parsed.signature.length).toBe(64);
    expect(verifyRequest(parsed, KEY, REQUEST)).toBe(true);
  });

  it('a public key alone verifies', () => {
    const header = signRequest(KEY, REQUEST, NOW_MS);
    expect(verifyRequest(parseAuthorization(header), { box: KEY.box, sign: KEY.sign }, REQUEST)).toBe(true);
  });

  it('takes a fresh nonce every time, so the same request never signs the same bytes twice', () => {
    const nonces = new Set(Array.from({ length: 20 }, () => parseAuthorization(signRequest(KEY, REQUEST, NOW_MS)).nonce));
    expect(nonces.size).toBe(20);
  });

  it('rounds the clock down to the second', () => {
    for (const [ms, seconds] of [[1_772_960_400_000, 1772960400], [1_772_960_400_999, 1772960400], [1_772_960_401_000, 1772960401]]) {
      expect(parseAuthorization(signRequest(KEY, REQUEST, ms)).timestamp).toBe(seconds);
    }
  });

  it('signs with the current time by default', () => {
    const before = Math.floor(Date.now() / 1000);
    const { timestamp } = parseAuthorization(signRequest(KEY, REQUEST));
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it('does not change the caller key', () => {
    const seed = KEY.signSeed.slice();
    signRequest(KEY, REQUEST, NOW_MS);
    expect(toHex(KEY.signSeed)).toBe(toHex(seed));
  });
});

describe('every part of a signed request matters', () => {
  const header = signRequest(KEY, REQUEST, NOW_MS);
  const parsed = parseAuthorization(header);
  const other = parseAuthorization(signRequest(KEY, REQUEST, NOW_MS));

  const changedRequests: Record<string, SignedRequest> = {
    'the method': { ...REQUEST, method: 'GET' },
    'the method in lower case': { ...REQUEST, method: 'post' },
    'the path': { ...REQUEST, path: '/api/delegate/envelopes/confirm?dry=1' },
    'a trailing slash on the path': { ...REQUEST, path: '/api/delegate/envelopes/purge/?dry=1' },
    'the path percent-encoded differently': { ...REQUEST, path: '/api/delegate/envelopes/%70urge?dry=1' },
    'the query value': { ...REQUEST, path: '/api/delegate/envelopes/purge?dry=0' },
    'the query dropped': { ...REQUEST, path: '/api/delegate/envelopes/purge' },
    'an empty query added': { ...REQUEST, path: '/api/delegate/envelopes/purge?dry=1&' },
    'one body byte': { ...REQUEST, body: REQUEST.body.map((b, i) => (i === 5 ? b ^ 1 : b)) },
    'one byte appended to the body': { ...REQUEST, body: join(REQUEST.body, new Uint8Array([0x20])) },
    'the body truncated': { ...REQUEST, body: REQUEST.body.subarray(0, -1) },
    'the body emptied': { ...REQUEST, body: new Uint8Array(0) },
  };

  it.each(Object.entries(changedRequests))('%s', (_, request) => {
    expect(verifyRequest(parsed, KEY, request)).toBe(false);
    expect(refVerifyRequest(header, KEY, request)).toBe(false);
  });

  const changedHeaders: Record<string, string> = {
    'the timestamp, one second earlier': headerWith(header, { ts: String(parsed.timestamp - 1) }),
    'the timestamp, one second later': headerWith(header, { ts: String(parsed.timestamp + 1) }),
    'the nonce': headerWith(header, { nonce: other.nonce }),
    'the signature of the same request with another nonce': headerWith(header, { sig: toBase64Url(other.signature) }),
    'one signature bit': headerWith(header, { sig: toBase64Url(parsed.signature.map((b, i) => (i === 40 ? b ^ 0x10 : b))) }),
  };

  it.each(Object.entries(changedHeaders))('%s', (_, changed) => {
    expect(verifies(changed, KEY, REQUEST)).toBe(false);
    expect(refVerifyRequest(changed, KEY, REQUEST)).toBe(false);
  });

  it('a property: any one change to method, path, body, time or nonce breaks the signature', () => {
    const requestArb = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
      path: fc.webPath().map((p) => (p.startsWith('/') ? p : '/' + p)),
      body: fc.uint8Array({ maxLength: 200 }),
    });
    fc.assert(
      fc.property(requestArb, fc.constantFrom('method', 'path', 'body', 'timestamp', 'nonce'), (request, part) => {
        const signed = parseAuthorization(signRequest(KEY, request, NOW_MS));
        expect(verifyRequest(signed, KEY, request)).toBe(true);
        const changedRequest = { ...request };
        const changedSigned = { ...signed };
        if (part === 'method') changedRequest.method = request.method === 'GET' ? 'POST' : 'GET';
        if (part === 'path') changedRequest.path = request.path + 'x';
        if (part === 'body') changedRequest.body = Uint8Array.from(join(request.body, new Uint8Array([0])));
        if (part === 'timestamp') changedSigned.timestamp += 1;
        if (part === 'nonce') changedSigned.nonce = toBase64Url(seededBytes(16, signed.timestamp));
        expect(verifyRequest(changedSigned, KEY, changedRequest)).toBe(false);
      }),
      { numRuns: 40 },
    );
  });
});

describe('a signature binds its key', () => {
  const header = signRequest(KEY, REQUEST, NOW_MS);

  it('is refused for another key', () => {
    expect(verifies(header, OTHER, REQUEST)).toBe(false);
    expect(refVerifyRequest(header, OTHER, REQUEST)).toBe(false);
  });

  it('is refused when its key id is rewritten to another key', () => {
    const rewritten = headerWith(header, { key: keyId(OTHER) });
    expect(verifies(rewritten, OTHER, REQUEST)).toBe(false);
    expect(verifies(rewritten, KEY, REQUEST)).toBe(false);
    expect(refVerifyRequest(rewritten, OTHER, REQUEST)).toBe(false);
  });

  it('is refused for a key with the same signing half and another box half (another key id)', () => {
    const sameSigner = { box: OTHER.box, sign: KEY.sign };
    expect(verifies(header, { ...OTHER, ...sameSigner }, REQUEST)).toBe(false);
    expect(verifies(headerWith(header, { key: keyId(sameSigner) }), { ...OTHER, ...sameSigner }, REQUEST)).toBe(true);
  });
});

describe('against the libsodium reference', () => {
  const requestArb = fc.record({
    method: fc.constantFrom('GET', 'POST'),
    path: fc.webPath().map((p) => (p.startsWith('/') ? p : '/' + p)),
    body: fc.uint8Array({ maxLength: 300 }),
  });

  it('the reference (crypto_sign_verify_detached) verifies what signRequest writes', () => {
    fc.assert(
      fc.property(requestArb, fc.nat(20), fc.integer({ min: 1, max: 999_999_999_999 }), (request, k, seconds) => {
        const key = testKey(610 + k);
        const header = signRequest(key, request, seconds * 1000);
        expect(refVerifyRequest(header, asRef(key), request)).toBe(true);
        expect(refParseAuthorization(header)).toEqual(parseAuthorization(header));
      }),
      { numRuns: 40 },
    );
  });

  it('verifyRequest verifies what the reference (crypto_sign_detached) writes', () => {
    fc.assert(
      fc.property(requestArb, fc.nat(20), fc.integer({ min: 1, max: 999_999_999_999 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), (request, k, seconds, nonce) => {
        const key = testKey(610 + k);
        const header = refSignRequest(asRef(key), request, seconds, nonce);
        expect(verifies(header, key, request)).toBe(true);
        expect(verifies(header, testKey(640 + k), request)).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('both sign the same bytes: Ed25519 is deterministic, so the headers are equal', () => {
    fc.assert(
      fc.property(requestArb, fc.integer({ min: 1, max: 999_999_999_999 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), (request, seconds, nonce) => {
        vi.spyOn(nacl, 'randomBytes').mockReturnValueOnce(nonce);
        expect(signRequest(KEY, request, seconds * 1000)).toBe(refSignRequest(asRef(KEY), request, seconds, nonce));
      }),
      { numRuns: 30 },
    );
  });

  it('parseAuthorization accepts exactly the headers the reference parser accepts', () => {
    const header = refSignRequest(asRef(KEY), REQUEST, 1772960400, seededBytes(16, 1));
    const alphabet = [' ', ',', '=', '"', 'A', 'Q', 'a', 'z', '0', '9', '-', '_', '+', '/', '\t', '\n', 'é', 'k', 'e', 'y'];
    const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom('insert', 'delete', 'replace'), char: fc.constantFrom(...alphabet) });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let text = header;
        for (const { at, kind, char } of edits) {
          const i = at % (text.length + 1);
          if (kind === 'insert') text = text.slice(0, i) + char + text.slice(i);
          else if (kind === 'delete') text = text.slice(0, i) + text.slice(i + 1);
          else text = text.slice(0, i) + char + text.slice(i + 1);
        }
        const ours = outcome(() => parseAuthorization(text));
        const reference = outcome(() => refParseAuthorization(text));
        if ('threw' in (reference as object)) expect(ours).toEqual({ threw: 'invalid authorization' });
        else expect(ours).toEqual(reference);
      }),
      { numRuns: 400 },
    );
  });
});

describe('parseAuthorization is strict', () => {
  const header = refSignRequest(asRef(KEY), REQUEST, 1772960400, seededBytes(16, 2));
  const { nonce, signature } = refParseAuthorization(header);
  const sig = toBase64Url(signature);
  const scheme = SIGNATURE_SCHEME;
  const rest = header.slice(scheme.length);
  // The last base64url character of 16 or 64 bytes carries 2 bits: the other 4 must be zero.
  const nonCanonical = (text: string) => text.slice(0, -1) + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(text.at(-1)!) + 1];

  const malformed: Record<string, string> = {
    'an empty header': '',
    'the scheme alone': scheme,
    'another scheme': 'Bearer ' + sig,
    'another scheme with the same fields': 'Parole-Ed448' + rest,
    'the scheme in lower case': scheme.toLowerCase() + rest,
    'no space after the scheme': scheme + rest.trimStart(),
    'two spaces after the scheme': scheme + ' ' + rest,
    'a tab after the scheme': scheme + '\t' + rest.trimStart(),
    'a leading space': ' ' + header,
    'a trailing space': header + ' ',
    'a trailing newline': header + '\n',
    'a trailing CRLF': header + '\r\n',
    'a trailing comma': header + ',',
    'a space before a comma': header.replace(', ts=', ' , ts='),
    'no space after a comma': header.replace(', ts=', ',ts='),
    'two spaces after a comma': header.replace(', ts=', ',  ts='),
    'a space around an equals sign': header.replace('ts=', 'ts ='),
    'fields in another order': headerWith(header, {}).replace(/key=(\w+), ts=(\d+)/, 'ts=$2, key=$1'),
    'no nonce field': header.replace(`, nonce=${nonce}`, ''),
    'a repeated field': header.replace(', ts=', `, nonce=${nonce}, ts=`),
    'an extra field': header + ', v=1',
    'quoted values': header.replace(/=([^,]+)/g, '="$1"'),
    'upper-case field names': header.replace('key=', 'KEY=').replace('ts=', 'TS='),
    'an upper-case key id': headerWith(header, { key: keyId(KEY).toUpperCase() }),
    'a key id with one upper-case digit': headerWith(header, { key: 'A' + keyId(KEY).slice(1) }),
    'a 15-digit key id': headerWith(header, { key: keyId(KEY).slice(1) }),
    'a 17-digit key id': headerWith(header, { key: keyId(KEY) + '0' }),
    'a fingerprint instead of a key id': headerWith(header, { key: '2EA1-FA46-A274-5883-692F' }),
    'a timestamp with a leading zero': headerWith(header, { ts: '01772960400' }),
    'a zero timestamp': headerWith(header, { ts: '0' }),
    'an empty timestamp': headerWith(header, { ts: '' }),
    'a negative timestamp': headerWith(header, { ts: '-1772960400' }),
    'a timestamp with a plus sign': headerWith(header, { ts: '+1772960400' }),
    'a fractional timestamp': headerWith(header, { ts: '1772960400.5' }),
    'a timestamp in exponent form': headerWith(header, { ts: '1.7e9' }),
    'a hexadecimal timestamp': headerWith(header, { ts: '0x69ad3b10' }),
    'a timestamp in milliseconds (13 digits)': headerWith(header, { ts: '1772960400000' }),
    'a huge timestamp (25 digits)': headerWith(header, { ts: '9'.repeat(25) }),
    'a timestamp past 2^53': headerWith(header, { ts: '9007199254740993' }),
    'a 21-character nonce': headerWith(header, { nonce: nonce.slice(1) }),
    'a 23-character nonce': headerWith(header, { nonce: nonce + 'A' }),
    'a 17-byte nonce': headerWith(header, { nonce: toBase64Url(seededBytes(17, 3)) }),
    'a 15-byte nonce': headerWith(header, { nonce: toBase64Url(seededBytes(15, 3)) }),
    'a padded nonce': headerWith(header, { nonce: nonce + '==' }),
    'a non-canonical nonce (non-zero trailing bits)': headerWith(header, { nonce: nonCanonical(nonce) }),
    'a nonce in standard base64': headerWith(header, { nonce: '+' + nonce.slice(1) }),
    'an 85-character signature': headerWith(header, { sig: sig.slice(1) }),
    'an 87-character signature': headerWith(header, { sig: sig + 'A' }),
    'a 63-byte signature': headerWith(header, { sig: toBase64Url(signature.subarray(1)) }),
    'a 65-byte signature': headerWith(header, { sig: toBase64Url(join(signature, new Uint8Array(1))) }),
    'a padded signature': headerWith(header, { sig: sig + '==' }),
    'a non-canonical signature (non-zero trailing bits)': headerWith(header, { sig: nonCanonical(sig) }),
    'a signature in standard base64': headerWith(header, { sig: '/' + sig.slice(1) }),
    'a signature in hex': headerWith(header, { sig: toHex(signature) }),
    'a non-ASCII letter': header.replace('key=', 'kéy='),
    'two headers joined by a comma': header + ', ' + header,
  };

  it('the table rows really differ from a valid header, which both parsers accept', () => {
    expect(refParseAuthorization(header)).toEqual(parseAuthorization(header));
    expect(Object.values(malformed)).not.toContain(header);
    expect(keyId(KEY).toUpperCase()).not.toBe(keyId(KEY));
    expect(nonCanonical(nonce)).not.toBe(nonce);
    expect(() => fromBase64Url(nonCanonical(nonce))).toThrow('invalid base64url');
  });

  it.each(Object.entries(malformed))('refuses %s', (_, text) => {
    expect(outcome(() => parseAuthorization(text))).toEqual({ threw: 'invalid authorization' });
    expect(() => refParseAuthorization(text)).toThrow('rejected');
  });

  it('accepts a 12-digit timestamp, the largest it reads', () => {
    expect(parseAuthorization(headerWith(header, { ts: '999999999999' })).timestamp).toBe(999_999_999_999);
  });

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 42, utf8(header), [header]]) {
      expect(outcome(() => parseAuthorization(value as never))).toEqual({ threw: 'invalid authorization' });
    }
  });
});

describe('verification is as strict as RFC 8032 §5.1.7 and libsodium', () => {
  it('refuses a signature whose S is not reduced (S + L): one request, two valid-looking signatures', () => {
    const header = signRequest(KEY, REQUEST, NOW_MS);
    const signed = parseAuthorization(header);
    const malleated = plusGroupOrder(signed.signature);
    expect(malleated[63] & 0xe0).toBe(0);
    const message = refRequestMessage(REQUEST, signed.timestamp, signed.nonce);
    expect(sodium.crypto_sign_verify_detached(malleated, message, KEY.sign)).toBe(false);
    expect(verifyRequest({ ...signed, signature: malleated }, KEY, REQUEST)).toBe(false);
  });

  it('refuses a forgery under a low-order signing key (the identity point verifies (R = identity, S = 0) for any request)', () => {
    const identity = fromHex('0100000000000000000000000000000000000000000000000000000000000000');
    const weak = { box: KEY.box, sign: identity };
    const forged = new Uint8Array(64);
    forged.set(identity);
    for (const request of [REQUEST, { ...REQUEST, path: '/api/delegate/envelopes/purge' }]) {
      const signed = { keyId: keyId(weak), timestamp: 1772960400, nonce: toBase64Url(seededBytes(16, 4)), signature: forged };
      expect(sodium.crypto_sign_verify_detached(forged, refRequestMessage(request, signed.timestamp, signed.nonce), identity)).toBe(false);
      expect(verifyRequest(signed, weak, request)).toBe(false);
    }
  });

  it('keeps method and path apart: a line break cannot move text from one to the other', () => {
    const body = new Uint8Array(0);
    expect(() => signRequest(KEY, { method: 'GET', path: '/x\ny', body }, NOW_MS)).toThrow('invalid request');
    const signed = parseAuthorization(signRequest(KEY, { method: 'GET', path: '/x', body }, NOW_MS));
    expect(verifyRequest(signed, KEY, { method: 'GET', path: '/x', body })).toBe(true);
    expect(verifyRequest(signed, KEY, { method: 'GET\n/x', path: '', body })).toBe(false);
    expect(verifyRequest(signed, KEY, { method: 'GET', path: '/x\n', body })).toBe(false);
  });
});

describe('the small-order list of crypto/ed25519.ts', () => {
  // Edwards arithmetic in BigInt, independent of tweetnacl and of the list it checks.
  const p = 2n ** 255n - 19n;
  const mod = (a: bigint) => ((a % p) + p) % p;
  const pow = (b: bigint, e: bigint): bigint => {
    let r = 1n;
    for (b = mod(b); e > 0n; e >>= 1n, b = mod(b * b)) if (e & 1n) r = mod(r * b);
    return r;
  };
  const inv = (a: bigint) => pow(a, p - 2n);
  const d = mod(-121665n * inv(121666n));
  const sqrtM1 = pow(2n, (p - 1n) / 4n);
  const decode = (bytes: Uint8Array): [bigint, bigint] | null => {
    const y = BigInt('0x' + toHex(bytes.slice().reverse())) & ((1n << 255n) - 1n);
    if (y >= p) return null;
    const x2 = mod((y * y - 1n) * inv(d * y * y + 1n));
    let x = pow(x2, (p + 3n) / 8n);
    if (mod(x * x - x2) !== 0n) x = mod(x * sqrtM1);
    return mod(x * x - x2) === 0n ? [x, y] : null;
  };
  const add = ([x1, y1]: [bigint, bigint], [x2, y2]: [bigint, bigint]): [bigint, bigint] => {
    const t = mod(d * x1 * x2 * y1 * y2);
    return [mod((x1 * y2 + x2 * y1) * inv(1n + t)), mod((y1 * y2 + x1 * x2) * inv(1n - t))];
  };
  const timesEight = (point: [bigint, bigint]) => [1, 2, 3].reduce((q) => add(q, q), point);

  it('names points whose eightfold is the identity, and refuses them as keys', () => {
    const listed = [
      '0000000000000000000000000000000000000000000000000000000000000000',
      '0100000000000000000000000000000000000000000000000000000000000000',
      '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
      'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
      'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    ];
    for (const hex of listed) {
      const point = decode(fromHex(hex));
      expect(point).not.toBeNull();
      expect(timesEight(point!)).toEqual([0n, 1n]);
      expect(() => decodePublicKey(encodePublicKey({ box: KEY.box, sign: fromHex(hex) }))).toThrow('invalid public key');
    }
    expect(timesEight(decode(KEY.sign)!)).not.toEqual([0n, 1n]);
  });
});
