/**
 * A second implementation of the Parole formats, written from docs/FORMATS.md on libsodium
 * (libsodium-wrappers) and, for Argon2id only, @noble/hashes: the standard libsodium-wrappers
 * build has no crypto_pwhash. It imports nothing from crypto/, so the vectors it produces and
 * the cross-checks that use it compare two implementations, not one with itself.
 */
import { argon2id } from '@noble/hashes/argon2.js';
import sodium from 'libsodium-wrappers';

await sodium.ready;
export { sodium };

const encoder = new TextEncoder();

export function join(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** label bytes, one zero byte, then data, through crypto_generichash (keyed when `key` is given). */
export function refLabelledHash(label: string, data: Uint8Array, length: number, key: Uint8Array | null = null): Uint8Array {
  return sodium.crypto_generichash(length, join(encoder.encode(label), new Uint8Array([0]), data), key);
}

export interface RefPublicKey {
  box: Uint8Array;
  sign: Uint8Array;
}

export interface RefSecretKey extends RefPublicKey {
  boxSecret: Uint8Array;
  signSeed: Uint8Array;
}

export function refKeyFromSecrets(boxSecret: Uint8Array, signSeed: Uint8Array): RefSecretKey {
  return {
    box: sodium.crypto_scalarmult_base(boxSecret),
    sign: sodium.crypto_sign_seed_keypair(signSeed).publicKey,
    boxSecret,
    signSeed,
  };
}

export function refPublicKeyString(key: RefPublicKey): string {
  return 'parole-pk1:' + sodium.to_base64(join(key.box, key.sign), sodium.base64_variants.URLSAFE_NO_PADDING);
}

export function refKeyDigest(key: RefPublicKey): Uint8Array {
  return refLabelledHash('parole/v1/key-fingerprint', join(key.box, key.sign), 32);
}

export function refKeyId(key: RefPublicKey): string {
  return sodium.to_hex(refKeyDigest(key).subarray(0, 8));
}

export function refFingerprint(key: RefPublicKey): string {
  return sodium.to_hex(refKeyDigest(key).subarray(0, 10)).toUpperCase().match(/.{4}/g)!.join('-');
}

export const REF_BUCKETS = [1024, 2048, 4096, 8192, 16384, 32768, 65536];

export function refPad(data: Uint8Array): Uint8Array {
  const bucket = REF_BUCKETS.find((b) => b >= data.length + 4);
  if (bucket === undefined) throw new Error('too large');
  const out = new Uint8Array(bucket);
  new DataView(out.buffer).setUint32(0, data.length, false);
  out.set(data, 4);
  return out;
}

const RECIPIENT_BYTES = 8 + 32 + 32 + 16;

function refPayloadKey(contentKey: Uint8Array, header: Uint8Array): Uint8Array {
  return refLabelledHash('parole/v1/payload-key', header, 32, contentKey);
}

/** Builds an envelope around bytes that are already padded (or deliberately not). */
export function refSealPadded(padded: Uint8Array, recipients: RefPublicKey[]): Uint8Array {
  const contentKey = sodium.randombytes_buf(32);
  const header = join(
    new Uint8Array([1, recipients.length]),
    ...recipients.map((r) => join(sodium.from_hex(refKeyId(r)), sodium.crypto_box_seal(contentKey, r.box))),
  );
  const body = sodium.crypto_secretbox_easy(padded, new Uint8Array(24), refPayloadKey(contentKey, header));
  return join(header, body);
}

export function refSealEnvelope(payload: Uint8Array, recipients: RefPublicKey[]): Uint8Array {
  return refSealPadded(refPad(payload), recipients);
}

/**
 * The reader steps of FORMATS.md, in their order. Returns null for "not for you"; throws
 * Error('rejected') for anything else that fails.
 */
export function refOpenEnvelope(envelope: Uint8Array, key: RefSecretKey): Uint8Array | null {
  const reject = (): never => {
    throw new Error('rejected');
  };
  if (envelope.length < 2) reject();
  if (envelope[0] !== 1) reject();
  const count = envelope[1];
  if (count < 1 || count > 16) reject();
  const headerEnd = 2 + count * RECIPIENT_BYTES;
  const bucket = envelope.length - headerEnd - 16;
  if (!REF_BUCKETS.includes(bucket)) reject();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(sodium.to_hex(envelope.subarray(2 + i * RECIPIENT_BYTES, 10 + i * RECIPIENT_BYTES)));
  if (new Set(ids).size !== count) reject();
  const index = ids.indexOf(refKeyId(key));
  if (index < 0) return null;
  const wrapAt = 2 + index * RECIPIENT_BYTES + 8;
  let contentKey: Uint8Array;
  try {
    contentKey = sodium.crypto_box_seal_open(envelope.slice(wrapAt, wrapAt + 80), key.box, key.boxSecret);
  } catch {
    return reject();
  }
  let padded: Uint8Array;
  try {
    padded = sodium.crypto_secretbox_open_easy(
      envelope.slice(headerEnd),
      new Uint8Array(24),
      refPayloadKey(contentKey, envelope.slice(0, headerEnd)),
    );
  } catch {
    return reject();
  }
  const length = new DataView(padded.buffer, padded.byteOffset, padded.length).getUint32(0, false);
  if (length > padded.length - 4) reject();
  if (padded.subarray(4 + length).some((b) => b !== 0)) reject();
  return padded.slice(4, 4 + length);
}

export interface RefKdf {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

export function refKeyFileKey(passphrase: string, salt: Uint8Array, kdf: RefKdf): Uint8Array {
  return argon2id(encoder.encode(passphrase.normalize('NFC')), salt, {
    m: kdf.memoryKiB,
    t: kdf.iterations,
    p: kdf.parallelism,
    dkLen: 32,
  });
}

const b64 = (bytes: Uint8Array) => sodium.to_base64(bytes, sodium.base64_variants.ORIGINAL);
const unb64 = (text: string) => sodium.from_base64(text, sodium.base64_variants.ORIGINAL);

export function refCreateKeyFile(
  key: RefSecretKey,
  passphrase: string,
  label: string,
  kdf: RefKdf,
  salt: Uint8Array,
  nonce: Uint8Array,
): Record<string, unknown> {
  const wrapKey = refKeyFileKey(passphrase, salt, kdf);
  return {
    parole: 'key-file',
    version: 1,
    label,
    publicKey: refPublicKeyString(key),
    fingerprint: refFingerprint(key),
    kdf: { name: 'argon2id', salt: b64(salt), memoryKiB: kdf.memoryKiB, iterations: kdf.iterations, parallelism: kdf.parallelism },
    secret: { nonce: b64(nonce), box: b64(sodium.crypto_secretbox_easy(join(key.boxSecret, key.signSeed), nonce, wrapKey)) },
  };
}

interface RefKeyFileShape {
  publicKey: string;
  kdf: RefKdf & { salt: string };
  secret: { nonce: string; box: string };
}

/** Unlocks a key file; throws on any failure. Checks the secrets match the public key. */
export function refOpenKeyFile(file: RefKeyFileShape, passphrase: string): RefSecretKey {
  const wrapKey = refKeyFileKey(passphrase, unb64(file.kdf.salt), file.kdf);
  const secrets = sodium.crypto_secretbox_open_easy(unb64(file.secret.box), unb64(file.secret.nonce), wrapKey);
  if (secrets.length !== 64) throw new Error('rejected');
  const key = refKeyFromSecrets(secrets.slice(0, 32), secrets.slice(32));
  if (refPublicKeyString(key) !== file.publicKey) throw new Error('rejected');
  return key;
}

export interface RefRequest {
  method: string;
  path: string;
  body: Uint8Array;
}

/** "parole/v1/request" || 0x00 || UTF8(method LF path LF ts LF nonce LF) || H("parole/v1/request-body", body, 32). */
export function refRequestMessage(request: RefRequest, timestamp: number, nonce: string): Uint8Array {
  const lines = `${request.method}\n${request.path}\n${timestamp}\n${nonce}\n`;
  return join(encoder.encode('parole/v1/request'), new Uint8Array([0]), encoder.encode(lines), refLabelledHash('parole/v1/request-body', request.body, 32));
}

const b64url = (bytes: Uint8Array) => sodium.to_base64(bytes, sodium.base64_variants.URLSAFE_NO_PADDING);

/** The Authorization header value, with the timestamp and the 16 nonce bytes given by the caller. */
export function refSignRequest(key: RefSecretKey, request: RefRequest, timestamp: number, nonceBytes: Uint8Array): string {
  const nonce = b64url(nonceBytes);
  const { privateKey } = sodium.crypto_sign_seed_keypair(key.signSeed);
  const signature = sodium.crypto_sign_detached(refRequestMessage(request, timestamp, nonce), privateKey);
  return `Parole-Ed25519 key=${refKeyId(key)}, ts=${timestamp}, nonce=${nonce}, sig=${b64url(signature)}`;
}

export interface RefAuthorization {
  keyId: string;
  timestamp: number;
  nonce: string;
  signature: Uint8Array;
}

/** Strict base64url: the decoded bytes re-encode to exactly the text, of exactly `length` bytes. */
function refCanonicalBase64Url(text: string, length: number): Uint8Array {
  const bytes = sodium.from_base64(text, sodium.base64_variants.URLSAFE_NO_PADDING);
  if (bytes.length !== length || b64url(bytes) !== text) throw new Error('rejected');
  return bytes;
}

/** The header grammar of FORMATS.md, field by field; throws Error('rejected') on any departure. */
export function refParseAuthorization(header: string): RefAuthorization {
  const scheme = 'Parole-Ed25519 ';
  if (!header.startsWith(scheme)) throw new Error('rejected');
  const fields = header.slice(scheme.length).split(', ');
  const names = ['key', 'ts', 'nonce', 'sig'];
  if (fields.length !== names.length) throw new Error('rejected');
  const values = fields.map((field, i) => {
    if (!field.startsWith(`${names[i]}=`)) throw new Error('rejected');
    return field.slice(names[i].length + 1);
  });
  const [keyId, ts, nonce, sig] = values;
  if (!/^[0-9a-f]{16}$/.test(keyId) || !/^[1-9][0-9]{0,11}$/.test(ts)) throw new Error('rejected');
  let signature: Uint8Array;
  try {
    refCanonicalBase64Url(nonce, 16);
    signature = refCanonicalBase64Url(sig, 64);
  } catch {
    throw new Error('rejected');
  }
  return { keyId, timestamp: Number(ts), nonce, signature };
}

/** crypto_sign_verify_detached over the request message, after the key id check. */
export function refVerifyRequest(header: string, key: RefPublicKey, request: RefRequest): boolean {
  const signed = refParseAuthorization(header);
  if (signed.keyId !== refKeyId(key)) return false;
  return sodium.crypto_sign_verify_detached(signed.signature, refRequestMessage(request, signed.timestamp, signed.nonce), key.sign);
}

const WORKSPACE_MAGIC = encoder.encode('parolews');
const WORKSPACE_STEP = 65536;

export function refPadWorkspace(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil((data.length + 4) / WORKSPACE_STEP) * WORKSPACE_STEP);
  new DataView(out.buffer).setUint32(0, data.length, false);
  out.set(data, 4);
  return out;
}

function refWorkspaceKey(contentKey: Uint8Array, header: Uint8Array): Uint8Array {
  return refLabelledHash('parole/v1/workspace-key', header, 32, contentKey);
}

/** Builds a workspace file around bytes that are already padded (or deliberately not). */
export function refSealWorkspacePadded(padded: Uint8Array, recipients: RefPublicKey[]): Uint8Array {
  const contentKey = sodium.randombytes_buf(32);
  const header = join(
    WORKSPACE_MAGIC,
    new Uint8Array([1, recipients.length]),
    ...recipients.map((r) => join(sodium.from_hex(refKeyId(r)), sodium.crypto_box_seal(contentKey, r.box))),
  );
  const body = sodium.crypto_secretbox_easy(padded, new Uint8Array(24), refWorkspaceKey(contentKey, header));
  return join(header, body);
}

export function refSealWorkspace(payload: Uint8Array, recipients: RefPublicKey[]): Uint8Array {
  return refSealWorkspacePadded(refPadWorkspace(payload), recipients);
}

/**
 * The workspace reader steps of FORMATS.md, in their order. Returns null for "not for you";
 * throws Error('rejected') for anything else that fails.
 */
export function refOpenWorkspace(file: Uint8Array, key: RefSecretKey): Uint8Array | null {
  const reject = (): never => {
    throw new Error('rejected');
  };
  if (file.length < 10 || WORKSPACE_MAGIC.some((b, i) => file[i] !== b)) reject();
  if (file[8] !== 1) reject();
  const count = file[9];
  if (count < 1 || count > 16) reject();
  const headerEnd = 10 + count * RECIPIENT_BYTES;
  const bodyLength = file.length - headerEnd - 16;
  if (bodyLength < WORKSPACE_STEP || bodyLength % WORKSPACE_STEP !== 0) reject();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(sodium.to_hex(file.subarray(10 + i * RECIPIENT_BYTES, 18 + i * RECIPIENT_BYTES)));
  if (new Set(ids).size !== count) reject();
  const index = ids.indexOf(refKeyId(key));
  if (index < 0) return null;
  const wrapAt = 10 + index * RECIPIENT_BYTES + 8;
  let contentKey: Uint8Array;
  let padded: Uint8Array;
  try {
    contentKey = sodium.crypto_box_seal_open(file.slice(wrapAt, wrapAt + 80), key.box, key.boxSecret);
    padded = sodium.crypto_secretbox_open_easy(file.slice(headerEnd), new Uint8Array(24), refWorkspaceKey(contentKey, file.slice(0, headerEnd)));
  } catch {
    return reject();
  }
  const length = new DataView(padded.buffer, padded.byteOffset, padded.length).getUint32(0, false);
  if (length > padded.length - 4) reject();
  if (padded.subarray(4 + length).some((b) => b !== 0)) reject();
  return padded.slice(4, 4 + length);
}
