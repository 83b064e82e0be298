/**
 * One table of bad inputs, run against every export that takes input. Each row names the exact
 * short message (or the value returned instead); every thrown message must be one that
 * docs/FORMATS.md lists, which is also how we know none of them echoes its input.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkAnswers,
  containsReceipt,
  decodeReply,
  encodeReply,
  isLowOrderPoint,
  mailboxKey,
  openReply,
  readReceipt,
  sealReply,
  signDetached,
  signFollowUp,
  verifyFollowUp,
  verifyReply,
  verifyStrict,
  MAX_PAYLOAD,
  MAX_WORKSPACE_PAYLOAD,
  bucketFor,
  bundleLine,
  canonicalBundleLine,
  concat,
  createKeyFile,
  createOpener,
  decodePublicKey,
  decodeTestimony,
  encodePublicKey,
  encodeTestimony,
  fromBase64,
  fromBase64Url,
  fromHex,
  fromUtf8,
  isBundleHeader,
  keyFromSecrets,
  keyId,
  normaliseFingerprint,
  openEnvelope,
  openKeyFile,
  openSlot,
  openWorkspace,
  pad,
  parseAuthorization,
  parseBundleLine,
  parseEnvelopeHeader,
  parseKeyFile,
  recipientSlot,
  seal,
  sealEnvelope,
  sealOpen,
  sealOpenWithSharedSecret,
  sealWorkspace,
  signRequest,
  toBase64,
  toBase64Url,
  unpad,
  utf8,
  validateCampaign,
  verifyRequest,
  type KdfParams,
  type KeyFile,
} from '../../crypto/index.js';
import { LOW_KDF, outcomeAsync, plusGroupOrder, testKey } from './fixtures.js';

/** Planted in string inputs: no error message may contain it. */
const MARKER = 'Zx7MARKERqQ';

interface Row {
  call: () => unknown;
  /**
   * The exact message thrown, or the value returned instead: null for "not for you", false for
   * "does not verify", readReceipt's and checkAnswers' objects naming the problem.
   */
  expect: string | null | false | object;
}

/**
 * The messages in the first column of the errors table of docs/FORMATS.md. A cell written
 * "`prefix: …` (`a`, `b`)" stands for the messages "prefix: a" and "prefix: b".
 */
function formatErrors(): string[] {
  const doc = readFileSync(new URL('../../docs/FORMATS.md', import.meta.url), 'utf8');
  const section = doc.split(/^## /m).find((s) => /^\d+\. Errors\n/.test(s)) ?? '';
  const firstCells = section.split('\n').filter((line) => line.startsWith('| `')).map((line) => line.split('|')[1]);
  return firstCells.flatMap((cell) => {
    const quoted = [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    const family = /^`([^`]+): …`/.exec(cell.trim());
    return family ? quoted.slice(1).map((detail) => `${family[1]}: ${detail}`) : quoted;
  });
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

const REQUEST = { method: 'POST', path: '/api/delegate/envelopes/confirm', body: utf8('{"ids":[1]}') };
const AUTHORIZATION = signRequest(key, REQUEST);
const SIGNED = parseAuthorization(AUTHORIZATION);
const SHORT_SIGN_KEY = { box: key.box, sign: key.sign.subarray(1) };

const WORKSPACE = sealWorkspace(utf8('état'), [key, other]);
const WORKSPACE_HEADER_END = 10 + 2 * 88;
const MAGIC = utf8('parolews');
/** A byte array that claims a length it does not hold: sealWorkspace checks the size before any copy. */
function claimingLength(length: number): Uint8Array {
  const bytes = new Uint8Array(1);
  Object.defineProperty(bytes, 'length', { value: length });
  return bytes;
}

const BUNDLE_LINE = JSON.parse(bundleLine({ id: 17, campaign: 'nao-2025', day: '2025-03-01', envelope: ENVELOPE }));
const lineWith = (change: Record<string, unknown>) => JSON.stringify({ ...BUNDLE_LINE, ...change });
/** A one-recipient envelope's base64 with an unused bit set before its "=": the same bytes to a lenient reader. */
const LOOSE_BASE64 = ((text: string) => text.slice(0, -2) + String.fromCharCode(text.charCodeAt(text.length - 2) + 1) + '=')(
  toBase64(sealEnvelope(utf8('texte'), [key])),
);

const RECEIPT = '0000-0000-0000-0000-0012';
const FOLLOW_UP = { campaign: 'c', locale: 'fr' as const, text: 't' };
const FOLLOW_UP_SIGNATURE = signFollowUp(key, FOLLOW_UP);
const REPLY_CONTENT = { text: 'réponse', sent: '2026-03-04T09:30:00Z' };
const REPLY = decodeReply(encodeReply(REPLY_CONTENT, key, other));
const replyWith = (change: Record<string, unknown>) => utf8(JSON.stringify({ v: 1, ...REPLY, ...change }));
const REPLY_ENVELOPE = sealReply(REPLY_CONTENT, key, other);
const MESSAGE = utf8('message');
const DETACHED = signDetached(MESSAGE, key.signSeed);

const CAMPAIGN = {
  slug: 'nao-2026',
  title: { fr: 'Titre', en: '' },
  intro: { fr: '', en: '' },
  questions: [{ id: 'site', kind: 'short_text', required: false, label: { fr: 'Site', en: '' }, help: { fr: '', en: '' }, choices: [] }],
  opens: null,
  closes: null,
  state: 'open',
};
const DEFINITION = validateCampaign(CAMPAIGN);

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
    'the identity point as Ed25519 key': { call: () => decodePublicKey(encodePublicKey({ box: key.box, sign: fromHex('01' + '00'.repeat(31)) })), expect: 'invalid public key' },
    'an Ed25519 key of order 8': {
      call: () => decodePublicKey(encodePublicKey({ box: key.box, sign: fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a') })),
      expect: 'invalid public key',
    },
    'an Ed25519 key written non-canonically (y = p + 2)': { call: () => decodePublicKey(encodePublicKey({ box: key.box, sign: fromHex('ef' + 'ff'.repeat(30) + '7f') })), expect: 'invalid public key' },
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
    'answers as an array': { call: () => encodeTestimony({ campaign: 'c', locale: 'fr', text: 't', answers: ['a'] as never }), expect: 'invalid testimony' },
    'a question id in capitals': { call: () => encodeTestimony({ campaign: 'c', locale: 'fr', text: 't', answers: { Site: 'a' } }), expect: 'invalid testimony' },
    'a numeric answer': { call: () => encodeTestimony({ campaign: 'c', locale: 'fr', text: 't', answers: { site: 3 as never } }), expect: 'invalid testimony' },
    'a choice ticked twice': { call: () => encodeTestimony({ campaign: 'c', locale: 'fr', text: 't', answers: { site: ['a', 'a'] } }), expect: 'invalid testimony' },
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
    'answers null': { call: () => decodeTestimony(utf8('{"v":1,"campaign":"c","locale":"fr","text":"t","answers":null}')), expect: 'invalid testimony' },
    'an answer that is an object': { call: () => decodeTestimony(utf8('{"v":1,"campaign":"c","locale":"fr","text":"t","answers":{"a":{}}}')), expect: 'invalid testimony' },
    'a __proto__ question': { call: () => decodeTestimony(utf8('{"v":1,"campaign":"c","locale":"fr","text":"t","answers":{"__proto__":"x"}}')), expect: 'invalid testimony' },
    'a choice list holding a number': { call: () => decodeTestimony(utf8('{"v":1,"campaign":"c","locale":"fr","text":"t","answers":{"a":["x",1]}}')), expect: 'invalid testimony' },
  },
  recipientSlot: {
    'no bytes': { call: () => recipientSlot(new Uint8Array(0), keyId(key)), expect: 'invalid envelope' },
    'version 2': { call: () => recipientSlot(edited((b) => (b[0] = 2)), keyId(key)), expect: 'unsupported envelope version' },
    'the marker as envelope': { call: () => recipientSlot(MARKER as never, keyId(key)), expect: 'invalid envelope' },
    'the marker as key id': { call: () => recipientSlot(ENVELOPE, MARKER), expect: null },
    'a key id not listed': { call: () => recipientSlot(ENVELOPE, keyId(third)), expect: null },
  },
  openSlot: {
    'no content key': { call: () => openSlot(recipientSlot(ENVELOPE, keyId(key))!, null), expect: 'envelope damaged' },
    'a 31-byte content key': { call: () => openSlot(recipientSlot(ENVELOPE, keyId(key))!, new Uint8Array(31)), expect: 'envelope damaged' },
    'the wrong content key': { call: () => openSlot(recipientSlot(ENVELOPE, keyId(key))!, new Uint8Array(32)), expect: 'envelope damaged' },
  },
  sealOpenWithSharedSecret: {
    'a sealed box shorter than its overhead': { call: () => sealOpenWithSharedSecret(new Uint8Array(47), key.box, new Uint8Array(32).fill(1)), expect: null },
    'an all-zero shared secret': { call: () => sealOpenWithSharedSecret(seal(utf8('x'), key.box), key.box, new Uint8Array(32)), expect: null },
    'a 31-byte shared secret': { call: () => sealOpenWithSharedSecret(seal(utf8('x'), key.box), key.box, new Uint8Array(31).fill(1)), expect: null },
    'the marker as shared secret': { call: () => sealOpenWithSharedSecret(seal(utf8('x'), key.box), key.box, MARKER as never), expect: null },
  },
  createOpener: {
    'a 31-byte box secret': { call: () => createOpener({ ...key, boxSecret: key.boxSecret.subarray(1) }), expect: 'invalid secret key' },
    'no key': { call: () => createOpener(null as never), expect: 'invalid secret key' },
    'the marker as box secret': { call: () => createOpener({ ...key, boxSecret: MARKER as never }), expect: 'invalid secret key' },
  },
  parseAuthorization: {
    'the marker': { call: () => parseAuthorization(MARKER), expect: 'invalid authorization' },
    'the marker as signature': { call: () => parseAuthorization(AUTHORIZATION.replace(/sig=.*$/, `sig=${MARKER}`)), expect: 'invalid authorization' },
    'the marker as scheme': { call: () => parseAuthorization(AUTHORIZATION.replace('Parole-Ed25519', MARKER)), expect: 'invalid authorization' },
    'empty': { call: () => parseAuthorization(''), expect: 'invalid authorization' },
    'a trailing newline': { call: () => parseAuthorization(AUTHORIZATION + '\n'), expect: 'invalid authorization' },
    'a timestamp in milliseconds': { call: () => parseAuthorization(AUTHORIZATION.replace(/ts=(\d+)/, 'ts=$1000')), expect: 'invalid authorization' },
    'null': { call: () => parseAuthorization(null as never), expect: 'invalid authorization' },
    'bytes': { call: () => parseAuthorization(utf8(AUTHORIZATION) as never), expect: 'invalid authorization' },
  },
  verifyRequest: {
    'another key': { call: () => verifyRequest(SIGNED, other, REQUEST), expect: false },
    'another path': { call: () => verifyRequest(SIGNED, key, { ...REQUEST, path: '/api/delegate/envelopes/purge' }), expect: false },
    'another body': { call: () => verifyRequest(SIGNED, key, { ...REQUEST, body: utf8('{"ids":[2]}') }), expect: false },
    'a 63-byte signature': { call: () => verifyRequest({ ...SIGNED, signature: SIGNED.signature.subarray(1) }, key, REQUEST), expect: false },
    'an empty signature': { call: () => verifyRequest({ ...SIGNED, signature: new Uint8Array(0) }, key, REQUEST), expect: false },
    'the marker as nonce': { call: () => verifyRequest({ ...SIGNED, nonce: MARKER }, key, REQUEST), expect: false },
    'a method with a line break': { call: () => verifyRequest(SIGNED, key, { ...REQUEST, method: 'POST\n' }), expect: false },
    'a signature that is a string': { call: () => verifyRequest({ ...SIGNED, signature: MARKER as never }, key, REQUEST), expect: false },
    'a 31-byte signing key, named by the header': {
      call: () => verifyRequest({ ...SIGNED, keyId: keyId(SHORT_SIGN_KEY) }, SHORT_SIGN_KEY, REQUEST),
      expect: false,
    },
  },
  signRequest: {
    'a line break in the path': { call: () => signRequest(key, { ...REQUEST, path: '/x\ny' }), expect: 'invalid request' },
    'a lower-case method': { call: () => signRequest(key, { ...REQUEST, method: 'post' }), expect: 'invalid request' },
    'a path without its leading slash': { call: () => signRequest(key, { ...REQUEST, path: 'api' }), expect: 'invalid request' },
    'a body that is a string': { call: () => signRequest(key, { ...REQUEST, body: MARKER as never }), expect: 'invalid request' },
    'a 31-byte signing seed': { call: () => signRequest({ ...key, signSeed: key.signSeed.subarray(1) }, REQUEST), expect: 'invalid secret key' },
    'a 64-byte Ed25519 secret key instead of its seed': { call: () => signRequest({ ...key, signSeed: concat(key.signSeed, key.sign) }, REQUEST), expect: 'invalid secret key' },
  },
  sealWorkspace: {
    '0 recipients': { call: () => sealWorkspace(utf8('x'), []), expect: 'no recipients' },
    '17 recipients': { call: () => sealWorkspace(utf8('x'), Array.from({ length: 17 }, (_, i) => testKey(500 + i))), expect: 'too many recipients' },
    'the same key twice': { call: () => sealWorkspace(utf8('x'), [key, other, key]), expect: 'duplicate recipient' },
    'the same key twice, once as public half': { call: () => sealWorkspace(utf8('x'), [key, decodePublicKey(encodePublicKey(key))]), expect: 'duplicate recipient' },
    'one byte over MAX_WORKSPACE_PAYLOAD': { call: () => sealWorkspace(claimingLength(MAX_WORKSPACE_PAYLOAD + 1), [key]), expect: 'payload too large' },
    '17 recipients and an oversize payload (count checked first)': {
      call: () => sealWorkspace(claimingLength(MAX_WORKSPACE_PAYLOAD + 1), Array.from({ length: 17 }, (_, i) => testKey(500 + i))),
      expect: 'too many recipients',
    },
    'a 31-byte box key': { call: () => sealWorkspace(utf8('x'), [{ box: key.box.subarray(1), sign: key.sign }]), expect: 'invalid public key' },
  },
  openWorkspace: {
    'no bytes': { call: () => openWorkspace(new Uint8Array(0), key), expect: 'invalid workspace file' },
    'the magic alone': { call: () => openWorkspace(MAGIC, key), expect: 'invalid workspace file' },
    'the magic and a version, no count': { call: () => openWorkspace(concat(MAGIC, new Uint8Array([1])), key), expect: 'invalid workspace file' },
    'an envelope': { call: () => openWorkspace(ENVELOPE, key), expect: 'invalid workspace file' },
    'the magic in upper case': { call: () => openWorkspace(concat(utf8('PAROLEWS'), WORKSPACE.subarray(8)), key), expect: 'invalid workspace file' },
    'version 0': { call: () => openWorkspace(edited((b) => (b[8] = 0), WORKSPACE), key), expect: 'unsupported workspace version' },
    'version 2': { call: () => openWorkspace(edited((b) => (b[8] = 2), WORKSPACE), key), expect: 'unsupported workspace version' },
    'version 255': { call: () => openWorkspace(edited((b) => (b[8] = 255), WORKSPACE), key), expect: 'unsupported workspace version' },
    'version 2 with nothing else': { call: () => openWorkspace(concat(MAGIC, new Uint8Array([2, 0])), key), expect: 'unsupported workspace version' },
    '0 recipients': { call: () => openWorkspace(edited((b) => (b[9] = 0), WORKSPACE), key), expect: 'invalid workspace file' },
    '17 recipients': { call: () => openWorkspace(edited((b) => (b[9] = 17), WORKSPACE), key), expect: 'invalid workspace file' },
    '17 recipients, with distinct ids and a size that fits': {
      call: () => openWorkspace(concat(MAGIC, new Uint8Array([1, 17]), ...Array.from({ length: 17 }, (_, i) => new Uint8Array(88).fill(i + 1)), new Uint8Array(16 + 65536)), key),
      expect: 'invalid workspace file',
    },
    'one recipient fewer than present': { call: () => openWorkspace(edited((b) => (b[9] = 1), WORKSPACE), key), expect: 'invalid workspace file' },
    'truncated by one byte': { call: () => openWorkspace(WORKSPACE.subarray(0, WORKSPACE.length - 1), key), expect: 'invalid workspace file' },
    'truncated to its header': { call: () => openWorkspace(WORKSPACE.subarray(0, WORKSPACE_HEADER_END), key), expect: 'invalid workspace file' },
    'extended by one byte': { call: () => openWorkspace(concat(WORKSPACE, new Uint8Array(1)), key), expect: 'invalid workspace file' },
    'a body of 65535 bytes': { call: () => openWorkspace(concat(WORKSPACE.subarray(0, WORKSPACE_HEADER_END), new Uint8Array(16 + 65535)), key), expect: 'invalid workspace file' },
    'duplicate key ids': { call: () => openWorkspace(edited((b) => b.copyWithin(10 + 88, 10, 18), WORKSPACE), key), expect: 'invalid workspace file' },
    'a string': { call: () => openWorkspace(MARKER as never, key), expect: 'invalid workspace file' },
    'an array of numbers': { call: () => openWorkspace(Array.from(WORKSPACE) as never, key), expect: 'invalid workspace file' },
    'an ArrayBuffer': { call: () => openWorkspace(WORKSPACE.slice().buffer as never, key), expect: 'invalid workspace file' },
    'null': { call: () => openWorkspace(null as never, key), expect: 'invalid workspace file' },
    'a file for others': { call: () => openWorkspace(sealWorkspace(utf8('x'), [other, third]), key), expect: null },
    'my key id changed': { call: () => openWorkspace(edited((b) => (b[10] ^= 1), WORKSPACE), key), expect: null },
    "another recipient's key id changed": { call: () => openWorkspace(edited((b) => (b[10] ^= 1), WORKSPACE), other), expect: 'workspace file damaged' },
    'my wrap changed': { call: () => openWorkspace(edited((b) => (b[10 + 8 + 40] ^= 1), WORKSPACE), key), expect: 'workspace file damaged' },
    "another recipient's wrap changed": { call: () => openWorkspace(edited((b) => (b[10 + 88 + 8] ^= 1), WORKSPACE), key), expect: 'workspace file damaged' },
    'the MAC changed': { call: () => openWorkspace(edited((b) => (b[WORKSPACE_HEADER_END] ^= 1), WORKSPACE), key), expect: 'workspace file damaged' },
    'the last byte changed': { call: () => openWorkspace(edited((b) => (b[b.length - 1] ^= 0x80), WORKSPACE), key), expect: 'workspace file damaged' },
    'extended by a whole step': { call: () => openWorkspace(concat(WORKSPACE, new Uint8Array(65536)), key), expect: 'workspace file damaged' },
    'the right key id with the wrong secret': { call: () => openWorkspace(WORKSPACE, { ...key, boxSecret: other.boxSecret }), expect: 'workspace file damaged' },
  },
  parseBundleLine: {
    'the marker': { call: () => parseBundleLine(MARKER), expect: 'invalid bundle line' },
    'empty': { call: () => parseBundleLine(''), expect: 'invalid bundle line' },
    'JSON null': { call: () => parseBundleLine('null'), expect: 'invalid bundle line' },
    'the header line': { call: () => parseBundleLine('{"parole":"export","version":1}'), expect: 'invalid bundle line' },
    'id 0': { call: () => parseBundleLine(lineWith({ id: 0 })), expect: 'invalid bundle line' },
    'id 2^53': { call: () => parseBundleLine(lineWith({ id: 2 ** 53 })), expect: 'invalid bundle line' },
    'id "17"': { call: () => parseBundleLine(lineWith({ id: '17' })), expect: 'invalid bundle line' },
    'an upper-case campaign': { call: () => parseBundleLine(lineWith({ campaign: 'NAO' })), expect: 'invalid bundle line' },
    'the marker as campaign': { call: () => parseBundleLine(lineWith({ campaign: MARKER })), expect: 'invalid bundle line' },
    'month 13': { call: () => parseBundleLine(lineWith({ day: '2025-13-01' })), expect: 'invalid bundle line' },
    'a day with a time': { call: () => parseBundleLine(lineWith({ day: '2025-03-01T10:00:00Z' })), expect: 'invalid bundle line' },
    'an envelope in base64url': { call: () => parseBundleLine(lineWith({ envelope: toBase64Url(ENVELOPE) })), expect: 'invalid bundle line' },
    'an envelope of version 2': { call: () => parseBundleLine(lineWith({ envelope: toBase64(edited((b) => (b[0] = 2))) })), expect: 'invalid bundle line' },
    'a workspace file as envelope': { call: () => parseBundleLine(lineWith({ envelope: toBase64(WORKSPACE) })), expect: 'invalid bundle line' },
    'a number': { call: () => parseBundleLine(17 as never), expect: 'invalid bundle line' },
    'an envelope with an unused base64 bit set': { call: () => parseBundleLine(lineWith({ envelope: LOOSE_BASE64 })), expect: 'invalid bundle line' },
  },
  canonicalBundleLine: {
    'the marker': { call: () => canonicalBundleLine(MARKER), expect: 'invalid bundle line' },
    'the header line': { call: () => canonicalBundleLine('{"parole":"export","version":1}'), expect: 'invalid bundle line' },
    'id 2^53': { call: () => canonicalBundleLine(lineWith({ id: 2 ** 53 })), expect: 'invalid bundle line' },
    'a day with a time': { call: () => canonicalBundleLine(lineWith({ day: '2025-03-01T10:00:00Z' })), expect: 'invalid bundle line' },
    'an envelope of version 2': { call: () => canonicalBundleLine(lineWith({ envelope: toBase64(edited((b) => (b[0] = 2))) })), expect: 'invalid bundle line' },
    'an envelope with an unused base64 bit set': { call: () => canonicalBundleLine(lineWith({ envelope: LOOSE_BASE64 })), expect: 'invalid bundle line' },
    'a number': { call: () => canonicalBundleLine(17 as never), expect: 'invalid bundle line' },
  },
  isBundleHeader: {
    'the marker': { call: () => isBundleHeader(MARKER), expect: false },
    'version 2': { call: () => isBundleHeader('{"parole":"export","version":2}'), expect: false },
    'version "1"': { call: () => isBundleHeader('{"parole":"export","version":"1"}'), expect: false },
    'a key file': { call: () => isBundleHeader('{"parole":"key-file","version":1}'), expect: false },
    'an entry line': { call: () => isBundleHeader(lineWith({})), expect: false },
    'JSON null': { call: () => isBundleHeader('null'), expect: false },
  },
  validateCampaign: {
    'null': { call: () => validateCampaign(null), expect: 'invalid campaign: wrong type' },
    'the marker': { call: () => validateCampaign(MARKER), expect: 'invalid campaign: wrong type' },
    'no field': { call: () => validateCampaign({}), expect: 'invalid campaign: missing field' },
    'the marker as a field name': { call: () => validateCampaign({ ...CAMPAIGN, [MARKER]: 1 }), expect: 'invalid campaign: unknown field' },
    'the marker as slug': { call: () => validateCampaign({ ...CAMPAIGN, slug: MARKER }), expect: 'invalid campaign: invalid slug' },
    'raw HTML in the introduction': { call: () => validateCampaign({ ...CAMPAIGN, intro: { fr: `<b>${MARKER}</b>`, en: '' } }), expect: 'invalid campaign: raw html' },
    'a day that does not exist': { call: () => validateCampaign({ ...CAMPAIGN, opens: '2026-02-30' }), expect: 'invalid campaign: invalid day' },
    'a thirteenth month': { call: () => validateCampaign({ ...CAMPAIGN, opens: '2026-13-01' }), expect: 'invalid campaign: invalid day' },
    'a day 0': { call: () => validateCampaign({ ...CAMPAIGN, opens: '2026-02-00' }), expect: 'invalid campaign: invalid day' },
    'a day 32': { call: () => validateCampaign({ ...CAMPAIGN, closes: '2026-01-32' }), expect: 'invalid campaign: invalid day' },
  },
  checkAnswers: {
    'an answer to a question not asked': { call: () => checkAnswers(DEFINITION, { [MARKER.toLowerCase()]: 'x' }, 't'), expect: { question: MARKER.toLowerCase(), problem: 'invalid' } },
    'a list where a text is asked': { call: () => checkAnswers(DEFINITION, { site: ['Lyon'] }, 't'), expect: { question: 'site', problem: 'invalid' } },
    'a short answer one character too long': { call: () => checkAnswers(DEFINITION, { site: 'a'.repeat(201) }, 't'), expect: { question: 'site', problem: 'too_long' } },
    'neither text nor answer': { call: () => checkAnswers(DEFINITION, { site: '  ' }, ' \n'), expect: { problem: 'empty' } },
  },
  readReceipt: {
    'empty': { call: () => readReceipt(''), expect: { ok: false, problem: 'length' } },
    'the marker': { call: () => readReceipt(MARKER), expect: { ok: false, problem: 'length' } },
    'null': { call: () => readReceipt(null as never), expect: { ok: false, problem: 'length' } },
    'a U, outside the alphabet': { call: () => readReceipt(RECEIPT.replace('12', 'U2')), expect: { ok: false, problem: 'character' } },
    'a typo': { call: () => readReceipt(RECEIPT.replace('12', '13')), expect: { ok: false, problem: 'check' } },
  },
  mailboxKey: {
    'the marker': { call: () => mailboxKey(MARKER), expect: 'invalid receipt' },
    'a typo': { call: () => mailboxKey(RECEIPT.replace('12', '13')), expect: 'invalid receipt' },
    'null': { call: () => mailboxKey(null as never), expect: 'invalid receipt' },
  },
  containsReceipt: {
    'the marker as receipt': { call: () => containsReceipt(MARKER, MARKER), expect: false },
    'a receipt with a typo': { call: () => containsReceipt(RECEIPT, RECEIPT.replace('12', '13')), expect: false },
    'a number as text': { call: () => containsReceipt(12 as never, RECEIPT), expect: false },
    'null as receipt': { call: () => containsReceipt(RECEIPT, null as never), expect: false },
  },
  signFollowUp: {
    'a 31-byte signing seed': { call: () => signFollowUp({ ...key, signSeed: key.signSeed.subarray(1) }, FOLLOW_UP), expect: 'invalid secret key' },
    'no key': { call: () => signFollowUp(null as never, FOLLOW_UP), expect: 'invalid secret key' },
    'locale de': { call: () => signFollowUp(key, { ...FOLLOW_UP, locale: 'de' as never }), expect: 'invalid testimony' },
    'a numeric text': { call: () => signFollowUp(key, { ...FOLLOW_UP, text: 3 as never }), expect: 'invalid testimony' },
    'no follow-up': { call: () => signFollowUp(key, null as never), expect: 'invalid testimony' },
  },
  verifyFollowUp: {
    'another key': { call: () => verifyFollowUp(other, FOLLOW_UP, FOLLOW_UP_SIGNATURE), expect: false },
    'another text': { call: () => verifyFollowUp(key, { ...FOLLOW_UP, text: 'u' }, FOLLOW_UP_SIGNATURE), expect: false },
    'the marker as signature': { call: () => verifyFollowUp(key, FOLLOW_UP, MARKER), expect: false },
    'a signature in standard base64': { call: () => verifyFollowUp(key, FOLLOW_UP, toBase64(fromBase64Url(FOLLOW_UP_SIGNATURE))), expect: false },
    'no follow-up': { call: () => verifyFollowUp(key, null as never, FOLLOW_UP_SIGNATURE), expect: false },
    'no key': { call: () => verifyFollowUp(null as never, FOLLOW_UP, FOLLOW_UP_SIGNATURE), expect: false },
  },
  encodeReply: {
    'a day without a time': { call: () => encodeReply({ text: 't', sent: '2026-03-04' }, key, other), expect: 'invalid reply' },
    'a time with an offset': { call: () => encodeReply({ text: 't', sent: '2026-03-04T10:30:00+01:00' }, key, other), expect: 'invalid reply' },
    'the marker as time': { call: () => encodeReply({ text: 't', sent: MARKER }, key, other), expect: 'invalid reply' },
    'a thirteenth month and a 99th hour': { call: () => encodeReply({ text: 't', sent: '2026-13-45T99:99Z' }, key, other), expect: 'invalid reply' },
    '30 February': { call: () => encodeReply({ text: 't', sent: '2026-02-30T10:00Z' }, key, other), expect: 'invalid reply' },
    'hour 24, the next day to Date': { call: () => encodeReply({ text: 't', sent: '2026-03-04T24:00Z' }, key, other), expect: 'invalid reply' },
    'a leap second': { call: () => encodeReply({ text: 't', sent: '2026-12-31T23:59:60Z' }, key, other), expect: 'invalid reply' },
    'a numeric text': { call: () => encodeReply({ text: 3 as never, sent: REPLY_CONTENT.sent }, key, other), expect: 'invalid reply' },
    'no reply': { call: () => encodeReply(null as never, key, other), expect: 'invalid reply' },
    'a 31-byte signing seed': { call: () => encodeReply(REPLY_CONTENT, { ...key, signSeed: key.signSeed.subarray(1) }, other), expect: 'invalid secret key' },
    'no mailbox': { call: () => encodeReply(REPLY_CONTENT, key, null as never), expect: 'invalid public key' },
    'a low-order mailbox key': { call: () => encodeReply(REPLY_CONTENT, key, { box: new Uint8Array(32), sign: other.sign }), expect: 'invalid public key' },
    'a 31-byte mailbox signing key': { call: () => encodeReply(REPLY_CONTENT, key, SHORT_SIGN_KEY), expect: 'invalid public key' },
  },
  decodeReply: {
    'invalid UTF-8': { call: () => decodeReply(new Uint8Array([0x7b, 0xff, 0x7d])), expect: 'invalid reply' },
    'the marker': { call: () => decodeReply(utf8(MARKER)), expect: 'invalid reply' },
    'JSON null': { call: () => decodeReply(utf8('null')), expect: 'invalid reply' },
    'a testimony': { call: () => decodeReply(encodeTestimony({ campaign: 'c', locale: 'fr', text: 't' })), expect: 'invalid reply' },
    'version 2': { call: () => decodeReply(replyWith({ v: 2 })), expect: 'invalid reply' },
    'a key id in capitals': { call: () => decodeReply(replyWith({ from: REPLY.from.toUpperCase() })), expect: 'invalid reply' },
    'a short signature': { call: () => decodeReply(replyWith({ signature: REPLY.signature.slice(1) })), expect: 'invalid reply' },
    'no time': { call: () => decodeReply(replyWith({ sent: undefined })), expect: 'invalid reply' },
    'a thirteenth month and a 99th hour': { call: () => decodeReply(replyWith({ sent: '2026-13-45T99:99Z' })), expect: 'invalid reply' },
    '30 February': { call: () => decodeReply(replyWith({ sent: '2026-02-30T10:00:00Z' })), expect: 'invalid reply' },
    'minute 60': { call: () => decodeReply(replyWith({ sent: '2026-03-04T10:60:00.000Z' })), expect: 'invalid reply' },
    'a numeric time': { call: () => decodeReply(replyWith({ sent: Date.parse(REPLY_CONTENT.sent) })), expect: 'invalid reply' },
    'a string instead of bytes': { call: () => decodeReply(MARKER as never), expect: 'invalid reply' },
  },
  verifyReply: {
    'another delegate': { call: () => verifyReply(REPLY, other, other), expect: false },
    'another text': { call: () => verifyReply({ ...REPLY, text: 'autre' }, key, other), expect: false },
    'another mailbox': { call: () => verifyReply(REPLY, key, third), expect: false },
    'the marker as signature': { call: () => verifyReply({ ...REPLY, signature: MARKER }, key, other), expect: false },
    'no reply': { call: () => verifyReply(null as never, key, other), expect: false },
    'no key': { call: () => verifyReply(REPLY, null as never, other), expect: false },
    'no mailbox': { call: () => verifyReply(REPLY, key, null as never), expect: false },
  },
  sealReply: {
    'a low-order mailbox key': { call: () => sealReply(REPLY_CONTENT, key, { box: new Uint8Array(32), sign: other.sign }), expect: 'invalid public key' },
    'a day without a time': { call: () => sealReply({ text: 't', sent: '2026-03-04' }, key, other), expect: 'invalid reply' },
  },
  openReply: {
    'a reply to another mailbox': { call: () => openReply(REPLY_ENVELOPE, third), expect: null },
    'a damaged reply': { call: () => openReply(edited((b) => (b[b.length - 1] ^= 1), REPLY_ENVELOPE), other), expect: 'invalid reply' },
    'a testimony sealed to the mailbox': { call: () => openReply(sealEnvelope(encodeTestimony({ campaign: 'c', locale: 'fr', text: 't' }), [other]), other), expect: 'invalid reply' },
    'the marker': { call: () => openReply(utf8(MARKER), other), expect: 'invalid reply' },
    'null': { call: () => openReply(null as never, other), expect: 'invalid reply' },
  },
  signDetached: {
    'a 31-byte seed': { call: () => signDetached(MESSAGE, key.signSeed.subarray(1)), expect: 'invalid secret key' },
    'a 64-byte Ed25519 secret key instead of its seed': { call: () => signDetached(MESSAGE, concat(key.signSeed, key.sign)), expect: 'invalid secret key' },
    'the marker as seed': { call: () => signDetached(MESSAGE, MARKER as never), expect: 'invalid secret key' },
  },
  verifyStrict: {
    'another key': { call: () => verifyStrict(MESSAGE, DETACHED, other), expect: false },
    'another message': { call: () => verifyStrict(utf8('messagf'), DETACHED, key), expect: false },
    'a 63-byte signature': { call: () => verifyStrict(MESSAGE, DETACHED.subarray(1), key), expect: false },
    'S + L, the same signature malleated': { call: () => verifyStrict(MESSAGE, plusGroupOrder(DETACHED), key), expect: false },
    'the identity point as key': { call: () => verifyStrict(MESSAGE, DETACHED, { box: key.box, sign: fromHex('01' + '00'.repeat(31)) }), expect: false },
    'no key': { call: () => verifyStrict(MESSAGE, DETACHED, null as never), expect: false },
    'a string signature': { call: () => verifyStrict(MESSAGE, MARKER as never, key), expect: false },
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
      expect(result).toEqual(typeof row.expect === 'string' ? { threw: row.expect } : row.expect);
    });
  }
});

describe('error messages', () => {
  const rows = Object.values(table).flatMap((rows) => Object.values(rows));

  it('come only from the errors docs/FORMATS.md lists, so they never echo input', async () => {
    const documented = formatErrors();
    expect(documented).toContain('invalid workspace file');
    for (const row of rows) {
      const result = (await outcomeAsync(row.call)) as { threw?: unknown } | null;
      if (result && typeof result === 'object' && 'threw' in result) {
        expect(documented).toContain(result.threw);
        expect(String(result.threw)).not.toContain(MARKER);
      }
    }
  });

  it('are thrown as Error instances, not strings', async () => {
    const failures: (() => unknown)[] = [
      () => fromHex('zz'),
      () => openEnvelope(new Uint8Array(1), key),
      () => openKeyFile(null, 'x'),
      () => parseAuthorization(''),
      () => openWorkspace(new Uint8Array(1), key),
    ];
    for (const failure of failures) await expect((async () => failure())()).rejects.toBeInstanceOf(Error);
  });

  it('cover every exported function that reads input which can be malformed', async () => {
    const crypto = await import('../../crypto/index.js');
    const functions = Object.entries(crypto).filter(([, value]) => typeof value === 'function').map(([name]) => name);
    const withoutInputChecks = [
      'concat', 'toBase64', 'toBase64Url', 'toHex', 'utf8', 'generateKey', 'encodePublicKey', 'keyId', 'fingerprint', 'keyIdOfFingerprint', 'envelopeSize',
      'bundleHeaderLine', 'bundleLine', 'envelopeDigest', 'generateReceipt', 'mailboxId',
      // Given definitions validateCampaign returned; CampaignError is what it throws.
      'campaignStatus', 'CampaignError',
    ];
    expect(functions.filter((name) => !(name in table) && !withoutInputChecks.includes(name)).sort()).toEqual([]);
  });
});
