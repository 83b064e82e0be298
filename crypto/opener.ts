import nacl from 'tweetnacl';
import { concat, fromHex } from './bytes.js';
import { openSlot, recipientSlot } from './envelope.js';
import { keyId, type PublicKey } from './keys.js';
import { sealOpenWithSharedSecret } from './sealedbox.js';

/** What opening envelopes needs of a delegate's key: the public halves (for the key id) and the X25519 secret. */
export type OpeningKey = PublicKey & { boxSecret: Uint8Array };

/** Opens envelopes for one key, many at a time. */
export interface Opener {
  /** Where the X25519 step runs: the platform's WebCrypto, or tweetnacl in JavaScript. */
  readonly x25519: 'webcrypto' | 'tweetnacl';
  /**
   * Exactly openEnvelope: resolves to null when the envelope is not for this key; rejects with
   * 'invalid envelope', 'unsupported envelope version' or 'envelope damaged'; never other text.
   */
  open(envelope: Uint8Array): Promise<Uint8Array | null>;
}

export interface OpenerOptions {
  /** false keeps X25519 in tweetnacl even where WebCrypto has it, to measure or test that path. */
  webCrypto?: boolean;
}

type SharedSecret = (ephemeral: Uint8Array) => Promise<Uint8Array>;

const X25519 = { name: 'X25519' } as const;
// The fixed DER of a PKCS#8 PrivateKeyInfo for X25519 (RFC 8410); the 32 secret bytes follow.
const PKCS8_PREFIX = fromHex('302e020100300506032b656e04220420');
// RFC 7748 §6.1: Alice's secret key and Bob's public key.
const PROBE_SECRET = fromHex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
const PROBE_PUBLIC = fromHex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');

let webCryptoProbe: Promise<SubtleCrypto | null> | undefined;

async function importSecret(subtle: SubtleCrypto, secret: Uint8Array): Promise<CryptoKey> {
  const pkcs8 = concat(PKCS8_PREFIX, secret);
  try {
    return await subtle.importKey('pkcs8', pkcs8, X25519, false, ['deriveBits']);
  } finally {
    pkcs8.fill(0);
  }
}

async function deriveShared(subtle: SubtleCrypto, secret: CryptoKey, ephemeral: Uint8Array): Promise<Uint8Array> {
  const point = await subtle.importKey('raw', ephemeral.slice(), X25519, false, []);
  return new Uint8Array(await subtle.deriveBits({ name: 'X25519', public: point }, secret, 256));
}

/**
 * WebCrypto's X25519 when this platform has it and it agrees with tweetnacl on a known vector;
 * null otherwise. Browsers gained X25519 at different times, so the answer is checked, not assumed.
 */
function webCrypto(): Promise<SubtleCrypto | null> {
  webCryptoProbe ??= (async () => {
    const subtle = globalThis.crypto?.subtle;
    if (!subtle) return null;
    try {
      const shared = await deriveShared(subtle, await importSecret(subtle, PROBE_SECRET), PROBE_PUBLIC);
      const expected = nacl.scalarMult(PROBE_SECRET, PROBE_PUBLIC);
      return shared.length === expected.length && shared.every((b, i) => b === expected[i]) ? subtle : null;
    } catch {
      return null;
    }
  })();
  return webCryptoProbe;
}

/**
 * An opener for a key. Resolves to an opener whose X25519 runs in WebCrypto where the platform
 * has it (about ten times faster than tweetnacl's), and in tweetnacl otherwise; both open and
 * refuse exactly the same envelopes. The opener reads `key` on every open: wipe it only once
 * the last open has settled. Throws 'invalid secret key' when a key part is not 32 bytes.
 */
export async function createOpener(key: OpeningKey, options: OpenerOptions = {}): Promise<Opener> {
  const parts = [key?.box, key?.sign, key?.boxSecret];
  if (!parts.every((part) => part instanceof Uint8Array && part.length === 32)) throw new Error('invalid secret key');
  const id = keyId(key);
  const naclShared: SharedSecret = async (ephemeral) => nacl.scalarMult(key.boxSecret, ephemeral);
  const subtle = options.webCrypto === false ? null : await webCrypto();
  let shared = naclShared;
  if (subtle) {
    const secret = await importSecret(subtle, key.boxSecret);
    // WebCrypto refuses to return an all-zero shared secret (a low-order ephemeral key); tweetnacl
    // then gives the zeros, and the wrap fails to open exactly as sealOpen's does.
    shared = (ephemeral) => deriveShared(subtle, secret, ephemeral).catch(() => naclShared(ephemeral));
  }
  return {
    x25519: subtle ? 'webcrypto' : 'tweetnacl',
    async open(envelope) {
      const slot = recipientSlot(envelope, id);
      if (slot === null) return null;
      const secret = await shared(slot.wrap.subarray(0, 32));
      const contentKey = sealOpenWithSharedSecret(slot.wrap, key.box, secret);
      secret.fill(0);
      return openSlot(slot, contentKey);
    },
  };
}
