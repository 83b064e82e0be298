/**
 * Writes the known-answer vectors in this folder from test/crypto/reference.ts, an implementation
 * on libsodium that shares no code with crypto/. Sealed boxes, envelopes and workspace files use
 * fresh randomness, so the files are frozen once committed: this refuses to overwrite them unless
 * run with --force, which only a format change should need.
 *
 *   npx tsx test/crypto/vectors/generate.ts [--force]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  REF_BUCKETS,
  join,
  refCreateKeyFile,
  refFingerprint,
  refKeyDigest,
  refKeyFromSecrets,
  refKeyId,
  refLabelledHash,
  refOpenEnvelope,
  refOpenKeyFile,
  refOpenWorkspace,
  refPad,
  refParseAuthorization,
  refPublicKeyString,
  refRequestMessage,
  refSealEnvelope,
  refSealWorkspace,
  refSignRequest,
  refVerifyRequest,
  sodium,
  type RefPublicKey,
  type RefSecretKey,
} from '../reference.js';

const force = process.argv.includes('--force');
// Not every package exports its package.json, so read it from node_modules directly.
const version = (pkg: string) =>
  (JSON.parse(readFileSync(new URL(`../../../node_modules/${pkg}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;
const LIBSODIUM = `libsodium ${sodium.SODIUM_VERSION_STRING} through libsodium-wrappers ${version('libsodium-wrappers')}`;
const GENERATOR = 'test/crypto/vectors/generate.ts, using test/crypto/reference.ts';
const encoder = new TextEncoder();
const hex = (bytes: Uint8Array) => sodium.to_hex(bytes);
const b64 = (bytes: Uint8Array) => sodium.to_base64(bytes, sodium.base64_variants.ORIGINAL);

/** Fixed secrets anyone can recompute: BLAKE2b-256 (crypto_generichash, unkeyed) of an ASCII label. */
function fixedSecret(label: string): Uint8Array {
  return sodium.crypto_generichash(32, encoder.encode(label), null);
}

function fixedKey(n: number): RefSecretKey {
  return refKeyFromSecrets(fixedSecret(`parole test vector ${n} box secret`), fixedSecret(`parole test vector ${n} sign seed`));
}

function describeKey(key: RefSecretKey) {
  return { boxSecret: hex(key.boxSecret), signSeed: hex(key.signSeed), publicKey: refPublicKeyString(key) };
}

function write(name: string, content: object): void {
  const path = new URL(`./${name}`, import.meta.url);
  if (existsSync(path) && !force) {
    console.log(`${name}: exists, kept (use --force to replace frozen vectors)`);
    return;
  }
  writeFileSync(path, JSON.stringify(content, null, 2) + '\n');
  console.log(`${name}: written`);
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`generator self-check failed: ${what}`);
}

const KEY_SECRETS_NOTE =
  'Each fixed key: boxSecret = BLAKE2b-256("parole test vector N box secret"), signSeed = BLAKE2b-256("parole test vector N sign seed"), ASCII, unkeyed crypto_generichash; box = crypto_scalarmult_base(boxSecret); sign = crypto_sign_seed_keypair(signSeed).publicKey.';

function sealedBoxes() {
  const messages = [new Uint8Array(0), encoder.encode('Grève'), fixedSecret('parole test vector content key'), sodium.crypto_generichash(64, encoder.encode('m'), null)];
  const vectors = messages.map((message, i) => {
    const key = fixedKey(i % 2);
    const sealed = sodium.crypto_box_seal(message, key.box);
    check(hex(sodium.crypto_box_seal_open(sealed, key.box, key.boxSecret)) === hex(message), 'sealed box opens');
    return { recipientPublicKey: hex(key.box), recipientSecretKey: hex(key.boxSecret), message: hex(message), sealed: hex(sealed) };
  });
  write('sealed-box.json', {
    origin: `${LIBSODIUM}: crypto_box_seal(message, recipientPublicKey). Generated once by ${GENERATOR}; the ephemeral keys were random, so the bytes are frozen.`,
    rationale:
      'crypto/sealedbox.ts claims byte compatibility with crypto_box_seal. Boxes sealed by libsodium itself must open with sealOpen to exactly the message, cover an empty message, a short UTF-8 one, a 32-byte content key (what envelopes wrap) and 64 bytes. Recipient keys are derived from fixed secrets: ' +
      KEY_SECRETS_NOTE,
    vectors,
  });
}

function keyIds() {
  const keys: RefPublicKey[] = [
    fixedKey(0),
    fixedKey(1),
    fixedKey(2),
    { box: new Uint8Array(32), sign: new Uint8Array(32) },
    { box: Uint8Array.from({ length: 32 }, (_, i) => i), sign: Uint8Array.from({ length: 32 }, (_, i) => 32 + i) },
  ];
  const vectors = keys.map((key) => ({
    box: hex(key.box),
    sign: hex(key.sign),
    publicKey: refPublicKeyString(key),
    digest: hex(refKeyDigest(key)),
    keyId: refKeyId(key),
    fingerprint: refFingerprint(key),
  }));
  write('key-ids.json', {
    origin: `${LIBSODIUM}: digest = crypto_generichash(32, UTF-8 "parole/v1/key-fingerprint" || 0x00 || box || sign, no key); keyId = lowercase hex of digest[0..8]; fingerprint = uppercase hex of digest[0..10] in groups of 4 joined by "-"; publicKey = "parole-pk1:" + to_base64(box || sign, URLSAFE_NO_PADDING). Computed by ${GENERATOR}.`,
    rationale:
      'Key ids tag every envelope wrap and fingerprints are printed on tracts, so both must never drift. The hash is recomputed with libsodium rather than the noble BLAKE2b that crypto/hash.ts uses. Includes three real keys (' +
      KEY_SECRETS_NOTE +
      ') and two arbitrary byte strings (all zeros; bytes 0..63), since the derivation hashes bytes and does not need valid points.',
    vectors,
  });
}

function testimonyBytes(campaign: string, locale: string, text: string): { payload: string; bytes: Uint8Array } {
  const payload = JSON.stringify({ v: 1, campaign, locale, text });
  return { payload, bytes: encoder.encode(payload) };
}

function envelopes() {
  const cases = [
    {
      name: 'three recipients, 1024-byte bucket',
      recipients: [fixedKey(0), fixedKey(1), fixedKey(2)],
      ...testimonyBytes('nao-2025', 'fr', "Depuis la réorganisation, on doit badger pour aller aux toilettes. Personne n'ose le dire en réunion."),
    },
    {
      name: 'one recipient, 2048-byte bucket',
      recipients: [fixedKey(1)],
      ...testimonyBytes('night-shifts', 'en', 'The rota changes the evening before, every week. '.repeat(25).trim()),
    },
  ];
  const outsider = fixedKey(3);
  const vectors = cases.map((c) => {
    const envelope = refSealEnvelope(c.bytes, c.recipients);
    for (const key of c.recipients) check(hex(refOpenEnvelope(envelope, key)!) === hex(c.bytes), `${c.name} opens`);
    check(refOpenEnvelope(envelope, outsider) === null, `${c.name} is not for the outsider`);
    const bucket = refPad(c.bytes).length;
    return {
      name: c.name,
      envelope: b64(envelope),
      size: envelope.length,
      bucket,
      keyIds: c.recipients.map(refKeyId),
      recipients: c.recipients.map(describeKey),
      notRecipient: describeKey(outsider),
      payload: c.payload,
      testimony: JSON.parse(c.payload),
    };
  });
  write('envelope-v1.json', {
    origin: `${LIBSODIUM}, following docs/FORMATS.md: content key = randombytes_buf(32); wrap = crypto_box_seal(content key, box); payload key = crypto_generichash(32, "parole/v1/payload-key" || 0x00 || header, key = content key); body = crypto_secretbox_easy(padded payload, 24 zero bytes, payload key). Generated once by ${GENERATOR}; the content keys and ephemeral keys were random, so the bytes are frozen.`,
    rationale:
      'A version-1 envelope is stored on servers and in export files for years: any change to the layout, labels, padding or the testimony JSON that stops these opening is a format break. Every listed recipient must open it to exactly `payload`, which decodes to `testimony`; `notRecipient` must get "not for you" (null). ' +
      KEY_SECRETS_NOTE,
    vectors,
  });
}

function keyFiles() {
  const passphrase = 'Grève générale : ça continue, été 1995';
  const nfd = passphrase.normalize('NFD');
  check(nfd !== passphrase && passphrase === passphrase.normalize('NFC'), 'passphrase is NFC and differs from its NFD form');
  const cases = [
    { key: fixedKey(0), label: 'Délégué CSE — site de Lyon', kdf: { memoryKiB: 8192, iterations: 1, parallelism: 1 } },
    { key: fixedKey(1), label: '', kdf: { memoryKiB: 8192, iterations: 2, parallelism: 2 } },
  ];
  const vectors = cases.map((c, i) => {
    const file = refCreateKeyFile(
      c.key,
      passphrase,
      c.label,
      c.kdf,
      fixedSecret(`parole test vector key file ${i} salt`).subarray(0, 16),
      fixedSecret(`parole test vector key file ${i} nonce`).subarray(0, 24),
    );
    const opened = refOpenKeyFile(file as unknown as Parameters<typeof refOpenKeyFile>[0], nfd);
    check(hex(join(opened.boxSecret, opened.signSeed)) === hex(join(c.key.boxSecret, c.key.signSeed)), 'key file opens');
    return {
      keyFile: file,
      passphrase,
      passphraseNfd: nfd,
      wrongPassphrase: passphrase + ' ',
      expected: { ...describeKey(c.key), fingerprint: refFingerprint(c.key), keyId: refKeyId(c.key) },
    };
  });
  write('key-file-v1.json', {
    origin: `Argon2id (RFC 9106, version 0x13) from @noble/hashes ${version('@noble/hashes')} on the UTF-8 bytes of the NFC passphrase, output 32 bytes; ${LIBSODIUM}: crypto_secretbox_easy(boxSecret || signSeed, nonce, derived key). Salt = first 16 bytes and nonce = first 24 bytes of BLAKE2b-256("parole test vector key file N salt" / "... nonce"). Generated by ${GENERATOR}.`,
    rationale:
      'A key file is the only copy of a delegate\'s secret key: files written today must open in every later version. Uses low KDF parameters (8 MiB) to keep tests fast, one case with parallelism 2 and 2 passes so lanes and passes are exercised. The passphrase has accented letters; `passphraseNfd` is the same text decomposed and must open the file too (NFC normalisation). `wrongPassphrase` differs by a trailing space and must be refused. ' +
      KEY_SECRETS_NOTE,
    vectors,
  });
}

function padding() {
  const cases: [number, number][] = [
    [0, 0x61], [1, 0x61], [5, 0x00], [1019, 0x61], [1020, 0x61], [1021, 0x62], [2044, 0x63], [2045, 0x64],
    [4092, 0xff], [4093, 0x00], [8189, 0x65], [16380, 0x66], [32765, 0x67], [65532, 0x68],
  ];
  const vectors = cases.map(([length, byte]) => {
    const padded = refPad(new Uint8Array(length).fill(byte));
    return {
      inputLength: length,
      inputByte: byte.toString(16).padStart(2, '0'),
      bucket: padded.length,
      paddedHead: hex(padded.subarray(0, 12)),
      paddedBlake2b: hex(sodium.crypto_generichash(32, padded, null)),
    };
  });
  write('padding.json', {
    origin: `Computed by ${GENERATOR} from the rule in docs/FORMATS.md (4-byte big-endian length, the data, zeros up to the smallest bucket of ${REF_BUCKETS.join(', ')} that holds length + 4), written independently of crypto/padding.ts; paddedBlake2b = crypto_generichash(32, padded) from ${LIBSODIUM}.`,
    rationale:
      'Bucket edges are where off-by-one errors live: each bucket is tested at its exact fit (length + 4 = bucket) and one byte over, plus the empty payload, MAX_PAYLOAD (65532) and data made of zero bytes, which must not be confused with padding. Inputs are `inputLength` copies of `inputByte`; `paddedHead` is the first 12 padded bytes, `paddedBlake2b` pins all of them. `tooLarge` lengths must be refused with "payload too large".',
    vectors,
    tooLarge: [65533, 65536, 1_000_000],
  });
}

function signedRequests() {
  const cases = [
    { key: fixedKey(0), method: 'GET', path: '/api/delegate/envelopes', body: '' },
    { key: fixedKey(1), method: 'POST', path: '/api/delegate/envelopes/confirm', body: '{"ids":[4503599627370497,17]}' },
    {
      key: fixedKey(2),
      method: 'POST',
      path: '/api/delegate/envelopes/purge',
      body: `{"envelopes":[{"id":17,"digest":"${hex(fixedSecret('parole test vector envelope digest'))}"}]}`,
    },
    { key: fixedKey(0), method: 'GET', path: '/api/delegate/envelopes?after=17&limit=500', body: '' },
  ];
  // 2026-03-08T09:00:00Z, then a second later for each case.
  const firstTimestamp = 1772960400;
  const vectors = cases.map((c, i) => {
    const timestamp = firstTimestamp + i;
    const nonceBytes = fixedSecret(`parole test vector request ${i} nonce`).subarray(0, 16);
    const request = { method: c.method, path: c.path, body: encoder.encode(c.body) };
    const header = refSignRequest(c.key, request, timestamp, nonceBytes);
    const parsed = refParseAuthorization(header);
    check(refVerifyRequest(header, c.key, request), `request ${i} verifies`);
    check(!refVerifyRequest(header, c.key, { ...request, path: request.path + '/' }), `request ${i} is bound to its path`);
    return {
      key: describeKey(c.key),
      keyId: refKeyId(c.key),
      method: c.method,
      path: c.path,
      body: c.body,
      timestamp,
      nonce: parsed.nonce,
      bodyDigest: hex(refLabelledHash('parole/v1/request-body', request.body, 32)),
      signedMessage: hex(refRequestMessage(request, timestamp, parsed.nonce)),
      header,
    };
  });
  write('signed-request-v1.json', {
    origin: `${LIBSODIUM}, following docs/FORMATS.md: message = "parole/v1/request" || 0x00 || UTF-8(method LF path LF ts LF nonce LF) || crypto_generichash(32, "parole/v1/request-body" || 0x00 || body); sig = crypto_sign_detached(message, crypto_sign_seed_keypair(signSeed).privateKey). Nonce = first 16 bytes of BLAKE2b-256("parole test vector request N nonce"). Computed by ${GENERATOR}; Ed25519 is deterministic, so regenerating gives the same bytes.`,
    rationale:
      'Every delegate request carries this header; a client and a server written apart must agree on every byte of it. With the timestamp and nonce fixed, signRequest must write exactly `header`, parseAuthorization must read back `keyId`, `timestamp` and `nonce`, and verifyRequest must accept it for this key and request only. Covers an empty body (GET), JSON bodies (POST) and a query string, which is signed as part of the path. `signedMessage` and `bodyDigest` show the bytes under the signature. ' +
      KEY_SECRETS_NOTE,
    vectors,
  });
}

function workspaces() {
  const cases = [
    {
      name: 'three recipients, one 64 KiB step',
      recipients: [fixedKey(0), fixedKey(1), fixedKey(2)],
      payload: JSON.stringify({
        tags: { cadences: [4503599627370497], 'heures sup': [17, 4503599627370497] },
        quotes: [{ id: 17, text: 'On doit badger pour aller aux toilettes.' }],
        memo: 'Relire avec Amina avant le tract de mars.',
      }),
    },
    // 65532 + 4 = 65536: the step is filled exactly, with no zero byte after the data.
    { name: 'one recipient, a payload that fills its step exactly', recipients: [fixedKey(1)], payload: 'a'.repeat(65532) },
  ];
  const outsider = fixedKey(3);
  const vectors = cases.map((c) => {
    const bytes = encoder.encode(c.payload);
    const file = refSealWorkspace(bytes, c.recipients);
    for (const key of c.recipients) check(hex(refOpenWorkspace(file, key)!) === hex(bytes), `${c.name} opens`);
    check(refOpenWorkspace(file, outsider) === null, `${c.name} is not for the outsider`);
    return {
      name: c.name,
      file: b64(file),
      size: file.length,
      paddedSize: file.length - 10 - 88 * c.recipients.length - 16,
      keyIds: c.recipients.map(refKeyId),
      recipients: c.recipients.map(describeKey),
      notRecipient: describeKey(outsider),
      payload: c.payload,
    };
  });
  write('workspace-v1.json', {
    origin: `${LIBSODIUM}, following docs/FORMATS.md: content key = randombytes_buf(32); wrap = crypto_box_seal(content key, box); payload key = crypto_generichash(32, "parole/v1/workspace-key" || 0x00 || header, key = content key); body = crypto_secretbox_easy(uint32_be(length) || payload || zeros to a multiple of 65536, 24 zero bytes, payload key). Generated once by ${GENERATOR}; the content keys and ephemeral keys were random, so the bytes are frozen.`,
    rationale:
      'A delegate\'s saved workspace must open in every later version of Parole. Every listed recipient must open `file` to exactly the UTF-8 bytes of `payload`; `notRecipient` must get "not for you" (null). The first case has three recipients and a JSON payload far smaller than its 64 KiB step; the second fills its step exactly, so the length field is 65532 and no zero byte follows the data. ' +
      KEY_SECRETS_NOTE,
    vectors,
  });
}

sealedBoxes();
keyIds();
envelopes();
keyFiles();
padding();
signedRequests();
workspaces();
// Read back so a half-written file fails here rather than in the tests.
for (const name of ['sealed-box', 'key-ids', 'envelope-v1', 'key-file-v1', 'padding', 'signed-request-v1', 'workspace-v1']) {
  JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8'));
}
