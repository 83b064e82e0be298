import { argon2id } from 'hash-wasm';
import nacl from 'tweetnacl';
import { concat, fromBase64, toBase64, utf8 } from './bytes.js';
import { decodePublicKey, encodePublicKey, fingerprint, keyFromSecrets, type SecretKey } from './keys.js';

export const KEY_FILE_VERSION = 1;
// The X25519 secret key, then the Ed25519 seed.
const SECRETS_BYTES = 64;

export interface KdfParams {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/** Argon2id at 64 MiB and 3 passes: about half a second on a laptop, costly to guess at scale. */
export const DEFAULT_KDF: KdfParams = { memoryKiB: 65536, iterations: 3, parallelism: 1 };
// Bounds keep a hostile key file from asking for gigabytes or hours before the passphrase is checked.
const KDF_LIMITS = {
  memoryKiB: [8192, 1048576],
  iterations: [1, 16],
  parallelism: [1, 4],
} as const;

/** The key file, as JSON: the public half in clear, the secrets sealed under the passphrase. */
export interface KeyFile {
  parole: 'key-file';
  version: 1;
  label: string;
  publicKey: string;
  fingerprint: string;
  kdf: { name: 'argon2id'; salt: string } & KdfParams;
  secret: { nonce: string; box: string };
}

async function deriveKey(passphrase: string, salt: Uint8Array, p: KdfParams): Promise<Uint8Array> {
  return argon2id({
    password: utf8(passphrase.normalize('NFC')),
    salt,
    memorySize: p.memoryKiB,
    iterations: p.iterations,
    parallelism: p.parallelism,
    hashLength: 32,
    outputType: 'binary',
  });
}

/** Throws 'empty passphrase' or 'kdf parameters out of range'. */
export async function createKeyFile(
  key: SecretKey,
  passphrase: string,
  label = '',
  kdf: KdfParams = DEFAULT_KDF,
): Promise<KeyFile> {
  if (passphrase.length === 0) throw new Error('empty passphrase');
  checkKdf(kdf);
  const salt = nacl.randomBytes(16);
  const nonce = nacl.randomBytes(24);
  const wrapKey = await deriveKey(passphrase, salt, kdf);
  const secrets = concat(key.boxSecret, key.signSeed);
  const box = nacl.secretbox(secrets, nonce, wrapKey);
  wrapKey.fill(0);
  secrets.fill(0);
  return {
    parole: 'key-file',
    version: KEY_FILE_VERSION,
    label,
    publicKey: encodePublicKey(key),
    fingerprint: fingerprint(key),
    kdf: {
      name: 'argon2id',
      salt: toBase64(salt),
      memoryKiB: kdf.memoryKiB,
      iterations: kdf.iterations,
      parallelism: kdf.parallelism,
    },
    secret: { nonce: toBase64(nonce), box: toBase64(box) },
  };
}

function checkKdf(kdf: KdfParams): void {
  for (const [name, [min, max]] of Object.entries(KDF_LIMITS)) {
    const value = kdf[name as keyof KdfParams];
    if (!Number.isInteger(value) || value < min || value > max) throw new Error('kdf parameters out of range');
  }
}

/**
 * Checks the shape of a parsed key file without the passphrase. Throws 'not a key file',
 * 'unsupported key file version' or 'invalid key file'.
 */
export function parseKeyFile(value: unknown): KeyFile {
  const file = value as KeyFile;
  if (typeof file !== 'object' || file === null || file.parole !== 'key-file') throw new Error('not a key file');
  if (file.version !== KEY_FILE_VERSION) throw new Error('unsupported key file version');
  const ok =
    typeof file.label === 'string' &&
    typeof file.publicKey === 'string' &&
    typeof file.fingerprint === 'string' &&
    typeof file.kdf === 'object' && file.kdf !== null && file.kdf.name === 'argon2id' &&
    typeof file.kdf.salt === 'string' &&
    typeof file.secret === 'object' && file.secret !== null &&
    typeof file.secret.nonce === 'string' && typeof file.secret.box === 'string';
  if (!ok) throw new Error('invalid key file');
  try {
    const pub = decodePublicKey(file.publicKey);
    if (fingerprint(pub) !== file.fingerprint) throw new Error();
  } catch {
    throw new Error('invalid key file');
  }
  return file;
}

/**
 * Unlocks a key file. Throws 'wrong passphrase' when the passphrase does not open it,
 * 'kdf parameters out of range', or 'invalid key file' when its parts disagree.
 */
export async function openKeyFile(value: unknown, passphrase: string): Promise<SecretKey> {
  const file = parseKeyFile(value);
  const kdf = { memoryKiB: file.kdf.memoryKiB, iterations: file.kdf.iterations, parallelism: file.kdf.parallelism };
  checkKdf(kdf);
  let salt: Uint8Array, nonce: Uint8Array, box: Uint8Array;
  try {
    salt = fromBase64(file.kdf.salt);
    nonce = fromBase64(file.secret.nonce);
    box = fromBase64(file.secret.box);
  } catch {
    throw new Error('invalid key file');
  }
  if (salt.length < 16 || nonce.length !== 24 || box.length !== SECRETS_BYTES + nacl.secretbox.overheadLength) {
    throw new Error('invalid key file');
  }
  // createKeyFile refuses an empty passphrase, so no key file opens with one.
  if (passphrase.length === 0) throw new Error('wrong passphrase');
  const wrapKey = await deriveKey(passphrase, salt, kdf);
  const secrets = nacl.secretbox.open(box, nonce, wrapKey);
  wrapKey.fill(0);
  if (secrets === null) throw new Error('wrong passphrase');
  const boxSecret = secrets.slice(0, 32);
  const signSeed = secrets.slice(32);
  secrets.fill(0);
  const key = keyFromSecrets(boxSecret, signSeed);
  boxSecret.fill(0);
  signSeed.fill(0);
  if (encodePublicKey(key) !== file.publicKey) throw new Error('invalid key file');
  return key;
}
