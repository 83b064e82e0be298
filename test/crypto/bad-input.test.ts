/**
 * One table of bad inputs, run against every export that takes input. Each row names the exact
 * short message (or null for "not for you"); every thrown message must be one crypto/ documents,
 * which is also how we know none of them echoes its input.
 */
import { describe, expect, it } from 'vitest';
import {
  isLowOrderPoint,
  MAX_PAYLOAD,
  bucketFor,
  concat,
  createKeyFile,
  decodePublicKey,
  decodeTestimony,
  encodePublicKey,
  encodeTestimony,
  fromBase64,
  fromBase64Url,
  fromHex,
  fromUtf8,
  keyFromSecrets,
  normaliseFingerprint,
  openEnvelope,
  openKeyFile,
  pad,
  parseEnvelopeHeader,
  parseKeyFile,
  seal,
  sealEnvelope,
  sealOpen,
  toBase64,
  unpad,
  utf8,
  type KdfParams,
  type KeyFile,
} from '../../crypto/index.js';
import { DOCUMENTED_ERRORS, LOW_KDF, outcomeAsync, testKey } from './fixtures.js';

/** Planted in string inputs: no error message may contain it. */
const MARKER = 'Zx7MARKERqQ';

interface Row {
  call: () => unknown;
  /** The exact message thrown, or null for a "not for you" return. */
  expect: string | null;
}

const key = testKey(1);
const other = testKey(2);
const third = testKey(3);

const ENVELOPE = sealEnvelope(utf8('texte'), [key, other]);
const HEADER_END = 2 + 2 * 88;
function edited(edit: (bytes: Uint8Array) => void, from = ENVELOPE): Uint8Array {
  const copy = from.slice();
  edit(copy);
  return copy;
}

// A point of order 8, from the list of low-order Curve25519 points in libsodium's crypto_scalarmult.
const ORDER_EIGHT = fromHex('e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800');
const PUBLIC = encodePublicKey(key).slice('parole-pk1:'.length);
const FILE: KeyFile = await createKeyFile(key, 'bonne phrase', 'label', LOW_KDF);
const OTHER_FILE: KeyFile = await createKeyFile(other, 'bonne phrase', 'label', LOW_KDF);
const json = (value: unknown) => JSON.parse(JSON.stringify(value));
function fileWith(edit: (file: any) => void): unknown {
  const copy = json(FILE);
  edit(copy);
  return copy;
}
const kdfWith = (change: Partial<Record<keyof KdfParams | 'salt', unknown>>) => fileWith((f) => Object.assign(f.kdf, change));
const padded = (edit: (bytes: Uint8Array) => void, size = 1024) => {
  const bytes = new Uint8Array(size);
  edit(bytes);
  return bytes;
};

const table: Record<string, Record<string, Row>> = {
  fromHex: {
    'odd length': { call: () => fromHex('abc'), expect: 'invalid hex' },
    'a non-hex letter': { call: () => fromHex('0g'), expect: 'invalid hex' },
    'a 0x prefix': { call: () => fromHex('0x00'), expect: 'invalid hex' },
    'whitespace': { call: () => fromHex('00 11'), expect: 'invalid hex' },
    'the marker': { call: () => fromHex(MARKER), expect: 'invalid hex' },
    'null': { call: () => fromHex(null as never), expect: 'invalid hex' },
    'a number': {
      call: () => fromHex(12 as never),
      expect: 'invalid hex',
    },
  },
  fromBase64: {
    'a missing pad': { call: () => fromBase64('Zm8'), expect: 'invalid base64' },
    'non-zero trailing bits': { call: () => fromBase64('Zm9='), expect: 'invalid base64' },
    'too much padding': { call: () => fromBase64('Zg==='), expect: 'invalid base64' },
    'padding in the middle': { call: () => fromBase64('Zg==Zm8='), expect: 'invalid base64' },
    'url-safe letters': { call: () => fromBase64('-_8='), expect: 'invalid base64' },
    'a line break': { call: () => fromBase64('Zm9v\n'), expect: 'invalid base64' },
    'a space': { call: () => fromBase64('Zm 9v'), expect: 'invalid base64' },
    'the marker': { call: () => fromBase64(MARKER + '#'), expect: 'invalid base64' },
    'a number': { call: () => fromBase64(1234 as never), expect: 'invalid base64' },
    'bytes': { call: () => fromBase64(new Uint8Array(4) as never), expect: 'invalid base64' },
    'null': { call: () => fromBase64(null as never), expect: 'invalid base64' },
  },
  fromBase64Url: {
    'padding': { call: () => fromBase64Url('Zg=='), expect: 'invalid base64url' },
    'standard letters': { call: () => fromBase64Url('+/8'), expect: 'invalid base64url' },
    'a length of 4n+1': { call: () => fromBase64Url('Zm9vY'), expect: 'invalid base64url' },
    'the marker with a space': { call: () => fromBase64Url(MARKER + ' '), expect: 'invalid base64url' },
    'null': { call: () => fromBase64Url(null as never), expect: 'invalid base64url' },
    'non-zero trailing bits': {
      call: () => fromBase64Url('Zm9'),
      expect: 'invalid base64url',
    },
  },
  fromUtf8: {
    'a lone continuation byte': { call: () => fromUtf8(new Uint8Array([0x80])), expect: 'invalid utf-8' },
    'an overlong slash': { call: () => fromUtf8(new Uint8Array([0xc0, 0xaf])), expect: 'invalid utf-8' },
    'an encoded surrogate': { call: () => fromUtf8(new Uint8Array([0xed, 0xa0, 0x80])), expect: 'invalid utf-8' },
    'a truncated sequence': { call: () => fromUtf8(new Uint8Array([0x41, 0xe2, 0x82])), expect: 'invalid utf-8' },
    'a code point above U+10FFFF': { call: () => fromUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80])), expect: 'invalid utf-8' },
  },
  decodePublicKey: {
    'a wrong prefix version': { call: () => decodePublicKey('parole-pk2:' + PUBLIC), expect: 'invalid public key' },
    'an uppercase prefix': { call: () => decodePublicKey('PAROLE-PK1:' + PUBLIC), expect: 'invalid public key' },
    'no prefix': { call: () => decodePublicKey(PUBLIC), expect: 'invalid public key' },
    'an all-zero (low-order) X25519 key': { call: () => decodePublicKey(encodePublicKey({ box: new Uint8Array(32), sign: key.sign })), expect: 'invalid public key' },
    'a low-order X25519 key of order 8': { call: () => decodePublicKey(encodePublicKey({ box: ORDER_EIGHT, sign: key.sign })), expect: 'invalid public key' },
    'a space after the prefix': { call: () => decodePublicKey('parole-pk1: ' + PUBLIC), expect: 'invalid public key' },
    'one character short (63 bytes and a bit)': { call: () => decodePublicKey('parole-pk1:' + PUBLIC.slice(0, -1)), expect: 'invalid public key' },
    'two characters short (63 bytes)': { call: () => decodePublicKey('parole-pk1:' + PUBLIC.slice(0, -2)), expect: 'invalid public key' },
    'a 65-byte key': { call: () => decodePublicKey('parole-pk1:' + PUBLIC + 'AA'), expect: 'invalid public key' },
    'padding': { call: () => decodePublicKey('parole-pk1:' + PUBLIC + '=='), expect: 'invalid public key' },
    'standard base64 letters': { call: () => decodePublicKey('parole-pk1:' + PUBLIC.replace(/-/g, '+').replace(/_/g, '/') + '+/'), expect: 'invalid public key' },
    'the marker': { call: () => decodePublicKey('parole-pk1:' + MARKER), expect: 'invalid public key' },
    'empty': { call: () => decodePublicKey(''), expect: 'invalid public key' },
    'a number': { call: () => decodePublicKey(42 as never), expect: 'invalid public key' },
    'an object': { call: () => decodePublicKey({ box: key.box } as never), expect: 'invalid public key' },
  },
  keyFromSecrets: {
    'a 31-byte box secret': { call: () => keyFromSecrets(new Uint8Array(31), key.signSeed), expect: 'invalid secret key' },
    'a 33-byte sign seed': { call: () => keyFromSecrets(key.boxSecret, new Uint8Array(33)), expect: 'invalid secret key' },
    'a 64-byte Ed25519 secret key instead of its seed': { call: () => keyFromSecrets(key.boxSecret, new Uint8Array(64)), expect: 'invalid secret key' },
    'empty secrets': { call: () => keyFromSecrets(new Uint8Array(0), new Uint8Array(0)), expect: 'invalid secret key' },
  },
  normaliseFingerprint: {
    '19 digits': { call: () => normaliseFingerprint('ABCD-ABCD-ABCD-ABCD-ABC'), expect: null },
    '21 digits': { call: () => normaliseFingerprint('ABCD-ABCD-ABCD-ABCD-ABCDE'), expect: null },
    'a non-hex letter': { call: () => normaliseFingerprint('ABCD-ABCD-ABCD-ABCD-ABCG'), expect: null },
    'other separators': { call: () => normaliseFingerprint('ABCD:ABCD:ABCD:ABCD:ABCD'), expect: null },
    'the marker': { call: () => normaliseFingerprint(MARKER), expect: null },
    'empty': { call: () => normaliseFingerprint(''), expect: null },
  },
  seal: {
    'a 31-byte public key': { call: () => seal(new Uint8Array(1), new Uint8Array(31)), expect: 'invalid public key' },
    'a 64-byte public key': { call: () => seal(new Uint8Array(1), concat(key.box, key.sign)), expect: 'invalid public key' },
    'the all-zero point': { call: () => seal(new Uint8Array(1), new Uint8Array(32)), expect: 'invalid public key' },
    'a point of order 8': { call: () => seal(new Uint8Array(1), ORDER_EIGHT), expect: 'invalid public key' },
  },
  isLowOrderPoint: {
    'a 31-byte point': { call: () => isLowOrderPoint(new Uint8Array(31)), expect: 'invalid public key' },
    'a string': { call: () => isLowOrderPoint('00' as unknown as Uint8Array), expect: 'invalid public key' },
  },
  sealOpen: {
    'an empty box': { call: () => sealOpen(new Uint8Array(0), key.box, key.boxSecret), expect: null },
    'a 47-byte box': { call: () => sealOpen(seal(new Uint8Array(0), key.box).subarray(0, 47), key.box, key.boxSecret), expect: null },
    'a box for another key': { call: () => sealOpen(seal(new Uint8Array(5), other.box), key.box, key.boxSecret), expect: null },
    'a box with one more byte': { call: () => sealOpen(concat(seal(new Uint8Array(5), key.box), new Uint8Array(1)), key.box, key.boxSecret), expect: null },
    'the right secret with the wrong public key': { call: () => sealOpen(seal(new Uint8Array(5), key.box), other.box, key.boxSecret), expect: null },
  },
  bucketFor: {
    'one byte over MAX_PAYLOAD': { call: () => bucketFor(MAX_PAYLOAD + 1), expect: null },
  },
  pad: {
    'one byte over MAX_PAYLOAD': { call: () => pad(new Uint8Array(MAX_PAYLOAD + 1)), expect: 'payload too large' },
    'a megabyte': { call: () => pad(new Uint8Array(1 << 20)), expect: 'payload too large' },
  },
  unpad: {
    'empty': { call: () => unpad(new Uint8Array(0)), expect: 'invalid padding' },
    '4 bytes': { call: () => unpad(new Uint8Array(4)), expect: 'invalid padding' },
    '1023 bytes': { call: () => unpad(new Uint8Array(1023)), expect: 'invalid padding' },
    '1025 bytes': { call: () => unpad(new Uint8Array(1025)), expect: 'invalid padding' },
    '3072 bytes': { call: () => unpad(new Uint8Array(3072)), expect: 'invalid padding' },
    '131072 bytes': { call: () => unpad(new Uint8Array(131072)), expect: 'invalid padding' },
    'a length one past the bucket': { call: () => unpad(padded((b) => b.set([0, 0, 3, 0xfd]))), expect: 'invalid padding' },
    'a length of 2^32 - 1': { call: () => unpad(padded((b) => b.set([0xff, 0xff, 0xff, 0xff]))), expect: 'invalid padding' },
    'a non-zero last byte': { call: () => unpad(padded((b) => (b[1023] = 1))), expect: 'invalid padding' },
    'a non-zero byte just after the data': { call: () => unpad(padded((b) => b.set([0, 0, 0, 2, 9, 9, 1]))), expect: 'invalid padding' },
    'a string': { call: () => unpad(MARKER as never), expect: 'invalid padding' },
  },
  sealEnvelope: {
    '0 recipients': { call: () => sealEnvelope(utf8('x'), []), expect: 'no recipients' },
    '17 recipients': { call: () => sealEnvelope(utf8('x'), Array.from({ length: 17 }, (_, i) => testKey(500 + i))), expect: 'too many recipients' },
    'the same key twice': { call: () => sealEnvelope(utf8('x'), [key, other, key]), expect: 'duplicate recipient' },
    'the same key twice, once as public half': { call: () => sealEnvelope(utf8('x'), [key, decodePublicKey(encodePublicKey(key))]), expect: 'duplicate recipient' },
    'one byte over MAX_PAYLOAD': { call: () => sealEnvelope(new Uint8Array(MAX_PAYLOAD + 1), [key]), expect: 'payload too large' },
    'a 31-byte box key': { call: () => sealEnvelope(utf8('x'), [{ box: key.box.subarray(1), sign: key.sign }]), expect: 'invalid public key' },
    '17 recipients and an oversize payload (count checked first)': {
      call: () => sealEnvelope(new Uint8Array(MAX_PAYLOAD + 1), Array.from({ length: 17 }, (_, i) => testKey(500 + i))),
      expect: 'too many recipients',
    },
  },
  // Every parseEnvelopeHeader row also runs through openEnvelope below.
  parseEnvelopeHeader: {
    'no bytes': { call: () => new Uint8Array(0), expect: 'invalid envelope' },
    'one byte': { call: () => new Uint8Array([1]), expect: 'invalid envelope' },
    'version 0': { call: () => edited((b) => (b[0] = 0)), expect: 'unsupported envelope version' },
    'version 2': { call: () => edited((b) => (b[0] = 2)), expect: 'unsupported envelope version' },
    'version 255': { call: () => edited((b) => (b[0] = 255)), expect: 'unsupported envelope version' },
    'version 2 with nothing else': { call: () => new Uint8Array([2, 0]), expect: 'unsupported envelope version' },
    '0 recipients': { call: () => edited((b) => (b[1] = 0)), expect: 'invalid envelope' },
    '17 recipients': { call: () => edited((b) => (b[1] = 17)), expect: 'invalid envelope' },
    '17 recipients, with distinct ids and a size that fits': {
      call: () => concat(new Uint8Array([1, 17]), ...Array.from({ length: 17 }, (_, i) => new Uint8Array(88).fill(i + 1)), new Uint8Array(16 + 1024)),
      expect: 'invalid envelope',
    },
    'one recipient fewer than present': { call: () => edited((b) => (b[1] = 1)), expect: 'invalid envelope' },
    'truncated by one byte': { call: () => ENVELOPE.subarray(0, ENVELOPE.length - 1), expect: 'invalid envelope' },
    'truncated to its header': { call: () => ENVELOPE.subarray(0, HEADER_END), expect: 'invalid envelope' },
    'extended by one byte': { call: () => concat(ENVELOPE, new Uint8Array(1)), expect: 'invalid envelope' },
    'a body of 1000 bytes': { call: () => concat(ENVELOPE.subarray(0, HEADER_END), new Uint8Array(1000 + 16)), expect: 'invalid envelope' },
    'a body one bucket too large for its count': { call: () => concat(ENVELOPE.subarray(0, HEADER_END), new Uint8Array(65536 * 2 + 16)), expect: 'invalid envelope' },
    'duplicate key ids': { call: () => edited((b) => b.copyWithin(2 + 88, 2, 10)), expect: 'invalid envelope' },
    'a string': { call: () => MARKER, expect: 'invalid envelope' },
    'an array of numbers': { call: () => Array.from(ENVELOPE), expect: 'invalid envelope' },
    'an ArrayBuffer': { call: () => ENVELOPE.slice().buffer, expect: 'invalid envelope' },
    'null': { call: () => null, expect: 'invalid envelope' },
  },
  openEnvelope: {
    'an envelope for others': { call: () => openEnvelope(sealEnvelope(utf8('x'), [other, third]), key), expect: null },
    'my key id changed': { call: () => openEnvelope(edited((b) => (b[2] ^= 1)), key), expect: null },
    "another recipient's key id changed": { call: () => openEnvelope(edited((b) => (b[2] ^= 1)), other), expect: 'envelope damaged' },
    'my wrap changed': { call: () => openEnvelope(edited((b) => (b[2 + 8 + 40] ^= 1)), key), expect: 'envelope damaged' },
    "another recipient's wrap changed": { call: () => openEnvelope(edited((b) => (b[2 + 88 + 8] ^= 1)), key), expect: 'envelope damaged' },
    'the MAC changed': { call: () => openEnvelope(edited((b) => (b[HEADER_END] ^= 1)), key), expect: 'envelope damaged' },
    'the last byte changed': { call: () => openEnvelope(edited((b) => (b[b.length - 1] ^= 0x80)), key), expect: 'envelope damaged' },
    'a body extended by a whole bucket': { call: () => openEnvelope(concat(ENVELOPE, new Uint8Array(1024)), key), expect: 'envelope damaged' },
    'the recipients in another order': {
      call: () => openEnvelope(concat(ENVELOPE.subarray(0, 2), ENVELOPE.subarray(90, HEADER_END), ENVELOPE.subarray(2, 90), ENVELOPE.subarray(HEADER_END)), key),
      expect: 'envelope damaged',
    },
    'the right key id with the wrong secret': { call: () => openEnvelope(ENVELOPE, { ...key, boxSecret: other.boxSecret }), expect: 'envelope damaged' },
  },
  encodeTestimony: {
    'a text one byte too long': {
      call: () => encodeTestimony({ campaign: 'c', locale: 'fr', text: 'a'.repeat(MAX_PAYLOAD - encodeTestimony({ campaign: 'c', locale: 'fr', text: '' }).length + 1) }),
      expect: 'payload too large',
    },
    'a text whose escapes make it too long': { call: () => encodeTestimony({ campaign: 'c', locale: 'fr', text: '\u0001'.repeat(11000) }), expect: 'payload too large' },
  },
  decodeTestimony: {
    'invalid UTF-8': { call: () => decodeTestimony(new Uint8Array([0x7b, 0xff, 0x7d])), expect: 'invalid testimony' },
    'not JSON': { call: () => decodeTestimony(utf8(MARKER)), expect: 'invalid testimony' },
    'empty': { call: () => decodeTestimony(new Uint8Array(0)), expect: 'invalid testimony' },
    'JSON null': { call: () => decodeTestimony(utf8('null')), expect: 'invalid testimony' },
    'a JSON array': { call: () => decodeTestimony(utf8('[1]')), expect: 'invalid testimony' },
    'a JSON string': { call: () => decodeTestimony(utf8(`"${MARKER}"`)), expect: 'invalid testimony' },
    'an empty object': { call: () => decodeTestimony(utf8('{}')), expect: 'invalid testimony' },
    'version 2': { call: () => decodeTestimony(utf8('{"v":2,"campaign":"c","locale":"fr","text":"t"}')), expect: 'invalid testimony' },
    'version "1"': { call: () => decodeTestimony(utf8('{"v":"1","campaign":"c","locale":"fr","text":"t"}')), expect: 'invalid testimony' },
    'no campaign': { call: () => decodeTestimony(utf8('{"v":1,"locale":"fr","text":"t"}')), expect: 'invalid testimony' },
    'a numeric campaign': { call: () => decodeTestimony(utf8('{"v":1,"campaign":7,"locale":"fr","text":"t"}')), expect: 'invalid testimony' },
    'no text': { call: () => decodeTestimony(utf8('{"v":1,"campaign":"c","locale":"fr"}')), expect: 'invalid testimony' },
    'a null text': { call: () => decodeTestimony(utf8('{"v":1,"campaign":"c","locale":"fr","text":null}')), expect: 'invalid testimony' },
    'locale de': { call: () => decodeTestimony(utf8(`{"v":1,"campaign":"c","locale":"de","text":"${MARKER}"}`)), expect: 'invalid testimony' },
    'locale FR': { call: () => decodeTestimony(utf8('{"v":1,"campaign":"c","locale":"FR","text":"t"}')), expect: 'invalid testimony' },
    'no locale': { call: () => decodeTestimony(utf8('{"v":1,"campaign":"c","text":"t"}')), expect: 'invalid testimony' },
    'a string instead of bytes': { call: () => decodeTestimony('{}' as never), expect: 'invalid testimony' },
  },
  createKeyFile: {
    'an empty passphrase': { call: () => createKeyFile(key, '', '', LOW_KDF), expect: 'empty passphrase' },
    'an empty passphrase and bad kdf (passphrase checked first)': { call: () => createKeyFile(key, '', '', { ...LOW_KDF, memoryKiB: 1 }), expect: 'empty passphrase' },
    'memoryKiB 8191': { call: () => createKeyFile(key, 'p', '', { ...LOW_KDF, memoryKiB: 8191 }), expect: 'kdf parameters out of range' },
    'memoryKiB 1048577': { call: () => createKeyFile(key, 'p', '', { ...LOW_KDF, memoryKiB: 1048577 }), expect: 'kdf parameters out of range' },
    'iterations 0': { call: () => createKeyFile(key, 'p', '', { ...LOW_KDF, iterations: 0 }), expect: 'kdf parameters out of range' },
    'iterations 17': { call: () => createKeyFile(key, 'p', '', { ...LOW_KDF, iterations: 17 }), expect: 'kdf parameters out of range' },
    'parallelism 0': { call: () => createKeyFile(key, 'p', '', { ...LOW_KDF, parallelism: 0 }), expect: 'kdf parameters out of range' },
    'parallelism 5': { call: () => createKeyFile(key, 'p', '', { ...LOW_KDF, parallelism: 5 }), expect: 'kdf parameters out of range' },
    'iterations 1.5': { call: () => createKeyFile(key, 'p', '', { ...LOW_KDF, iterations: 1.5 }), expect: 'kdf parameters out of range' },
    'memoryKiB NaN': { call: () => createKeyFile(key, 'p', '', { ...LOW_KDF, memoryKiB: NaN }), expect: 'kdf parameters out of range' },
  },
  // Every parseKeyFile row also runs through openKeyFile below.
  parseKeyFile: {
    'null': { call: () => null, expect: 'not a key file' },
    'the JSON text instead of its value': { call: () => JSON.stringify(FILE), expect: 'not a key file' },
    'an array': { call: () => [FILE], expect: 'not a key file' },
    'another kind of file': { call: () => fileWith((f) => (f.parole = 'workspace')), expect: 'not a key file' },
    'no parole field': { call: () => fileWith((f) => delete f.parole), expect: 'not a key file' },
    'version 2': { call: () => fileWith((f) => (f.version = 2)), expect: 'unsupported key file version' },
    'version "1"': { call: () => fileWith((f) => (f.version = '1')), expect: 'unsupported key file version' },
    'no version': { call: () => fileWith((f) => delete f.version), expect: 'unsupported key file version' },
    'no label': { call: () => fileWith((f) => delete f.label), expect: 'invalid key file' },
    'a numeric label': { call: () => fileWith((f) => (f.label = 3)), expect: 'invalid key file' },
    'no public key': { call: () => fileWith((f) => delete f.publicKey), expect: 'invalid key file' },
    'no fingerprint': { call: () => fileWith((f) => delete f.fingerprint), expect: 'invalid key file' },
    'no kdf': { call: () => fileWith((f) => delete f.kdf), expect: 'invalid key file' },
    'kdf null': { call: () => fileWith((f) => (f.kdf = null)), expect: 'invalid key file' },
    'kdf scrypt': { call: () => fileWith((f) => (f.kdf.name = 'scrypt')), expect: 'invalid key file' },
    'no salt': { call: () => fileWith((f) => delete f.kdf.salt), expect: 'invalid key file' },
    'no secret': { call: () => fileWith((f) => delete f.secret), expect: 'invalid key file' },
    'no nonce': { call: () => fileWith((f) => delete f.secret.nonce), expect: 'invalid key file' },
    'a numeric box': { call: () => fileWith((f) => (f.secret.box = 1)), expect: 'invalid key file' },
    'a public key with one character changed': {
      call: () => fileWith((f) => (f.publicKey = f.publicKey.slice(0, -3) + (f.publicKey.at(-3) === 'A' ? 'B' : 'A') + f.publicKey.slice(-2))),
      expect: 'invalid key file',
    },
    'a public key with a wrong prefix': { call: () => fileWith((f) => (f.publicKey = f.publicKey.replace('pk1', 'pk2'))), expect: 'invalid key file' },
    'the marker as public key': { call: () => fileWith((f) => (f.publicKey = MARKER)), expect: 'invalid key file' },
    'a fingerprint of another key': { call: () => fileWith((f) => (f.fingerprint = OTHER_FILE.fingerprint)), expect: 'invalid key file' },
    'a fingerprint in lowercase': { call: () => fileWith((f) => (f.fingerprint = f.fingerprint.toLowerCase())), expect: 'invalid key file' },
  },
  openKeyFile: {
    'the wrong passphrase': { call: () => openKeyFile(FILE, 'mauvaise phrase'), expect: 'wrong passphrase' },
    'the passphrase in other case': { call: () => openKeyFile(FILE, 'Bonne phrase'), expect: 'wrong passphrase' },
    'an empty passphrase': {
      call: () => openKeyFile(FILE, ''),
      expect: 'wrong passphrase',
    },
    'another key file secret box': { call: () => openKeyFile(fileWith((f) => (f.secret = OTHER_FILE.secret)), 'bonne phrase'), expect: 'wrong passphrase' },
    "another key's public key and fingerprint (consistent, but not these secrets)": {
      call: () => openKeyFile(fileWith((f) => Object.assign(f, { publicKey: OTHER_FILE.publicKey, fingerprint: OTHER_FILE.fingerprint })), 'bonne phrase'),
      expect: 'invalid key file',
    },
    'memoryKiB 4096': { call: () => openKeyFile(kdfWith({ memoryKiB: 4096 }), 'bonne phrase'), expect: 'kdf parameters out of range' },
    'memoryKiB 2^21': { call: () => openKeyFile(kdfWith({ memoryKiB: 2 ** 21 }), 'bonne phrase'), expect: 'kdf parameters out of range' },
    'memoryKiB "8192"': { call: () => openKeyFile(kdfWith({ memoryKiB: '8192' }), 'bonne phrase'), expect: 'kdf parameters out of range' },
    'iterations 0': { call: () => openKeyFile(kdfWith({ iterations: 0 }), 'bonne phrase'), expect: 'kdf parameters out of range' },
    'iterations 1000': { call: () => openKeyFile(kdfWith({ iterations: 1000 }), 'bonne phrase'), expect: 'kdf parameters out of range' },
    'parallelism 5': { call: () => openKeyFile(kdfWith({ parallelism: 5 }), 'bonne phrase'), expect: 'kdf parameters out of range' },
    'parallelism -1': { call: () => openKeyFile(kdfWith({ parallelism: -1 }), 'bonne phrase'), expect: 'kdf parameters out of range' },
    'no memoryKiB': { call: () => openKeyFile(fileWith((f) => delete f.kdf.memoryKiB), 'bonne phrase'), expect: 'kdf parameters out of range' },
    'salt not base64': { call: () => openKeyFile(kdfWith({ salt: MARKER }), 'bonne phrase'), expect: 'invalid key file' },
    'a 15-byte salt': { call: () => openKeyFile(kdfWith({ salt: toBase64(new Uint8Array(15)) }), 'bonne phrase'), expect: 'invalid key file' },
    'a 23-byte nonce': { call: () => openKeyFile(fileWith((f) => (f.secret.nonce = toBase64(new Uint8Array(23)))), 'bonne phrase'), expect: 'invalid key file' },
    'a 25-byte nonce': { call: () => openKeyFile(fileWith((f) => (f.secret.nonce = toBase64(new Uint8Array(25)))), 'bonne phrase'), expect: 'invalid key file' },
    'nonce in base64url': { call: () => openKeyFile(fileWith((f) => (f.secret.nonce = f.secret.nonce.replace(/=+$/, '') + '-_')), 'bonne phrase'), expect: 'invalid key file' },
    'box not base64': { call: () => openKeyFile(fileWith((f) => (f.secret.box = MARKER)), 'bonne phrase'), expect: 'invalid key file' },
    'a box with one byte changed': {
      call: () => openKeyFile(fileWith((f) => (f.secret.box = toBase64(fromBase64(f.secret.box).map((b: number, i: number) => (i === 20 ? b ^ 1 : b))))), 'bonne phrase'),
      expect: 'wrong passphrase',
    },
    'a truncated box': {
      call: () => openKeyFile(fileWith((f) => (f.secret.box = toBase64(fromBase64(f.secret.box).subarray(0, 40)))), 'bonne phrase'),
      expect: 'invalid key file',
    },
    'an empty box': {
      call: () => openKeyFile(fileWith((f) => (f.secret.box = '')), 'bonne phrase'),
      expect: 'invalid key file',
    },
  },
};

// Rows whose input is a whole envelope or key file also run through the function that opens it.
for (const [name, row] of Object.entries(table.parseEnvelopeHeader)) {
  const input = row.call;
  table.parseEnvelopeHeader[name] = { ...row, call: () => parseEnvelopeHeader(input() as Uint8Array) };
  table.openEnvelope[`${name} (as in parseEnvelopeHeader)`] = { ...row, call: () => openEnvelope(input() as Uint8Array, key) };
}
for (const [name, row] of Object.entries(table.parseKeyFile)) {
  const input = row.call;
  table.parseKeyFile[name] = { ...row, call: () => parseKeyFile(input()) };
  table.openKeyFile[`${name} (as in parseKeyFile)`] = { ...row, call: () => openKeyFile(input(), 'bonne phrase') };
}

describe.each(Object.entries(table))('%s refuses', (_, rows) => {
  for (const [name, row] of Object.entries(rows)) {
    it(name, async () => {
      const result = await outcomeAsync(row.call);
      expect(result).toEqual(row.expect === null ? null : { threw: row.expect });
    });
  }
});

describe('error messages', () => {
  const rows = Object.values(table).flatMap((rows) => Object.values(rows));

  it('come only from the documented list, so they never echo input', async () => {
    for (const row of rows) {
      const result = (await outcomeAsync(row.call)) as { threw?: unknown } | null;
      if (result && typeof result === 'object' && 'threw' in result) {
        expect(DOCUMENTED_ERRORS).toContain(result.threw);
        expect(String(result.threw)).not.toContain(MARKER);
      }
    }
  });

  it('are thrown as Error instances, not strings', async () => {
    const failures: (() => unknown)[] = [() => fromHex('zz'), () => openEnvelope(new Uint8Array(1), key), () => openKeyFile(null, 'x')];
    for (const failure of failures) await expect((async () => failure())()).rejects.toBeInstanceOf(Error);
  });

  it('cover every exported function that reads input which can be malformed', async () => {
    const crypto = await import('../../crypto/index.js');
    const functions = Object.entries(crypto).filter(([, value]) => typeof value === 'function').map(([name]) => name);
    const withoutInputChecks = ['concat', 'toBase64', 'toBase64Url', 'toHex', 'utf8', 'generateKey', 'encodePublicKey', 'keyId', 'fingerprint', 'keyIdOfFingerprint', 'envelopeSize'];
    expect(functions.filter((name) => !(name in table) && !withoutInputChecks.includes(name)).sort()).toEqual([]);
  });
});
