/**
 * Proof of work (docs/FORMATS.md §16). The server hands out challenges it signed and will take
 * back once; the page finds a counter whose SHA-256 with the challenge starts with enough zero
 * bits. It slows a flood without keying anything on who sends: no address, no cookie, no trait
 * of the browser. Isomorphic: WebCrypto only, so the page's worker and the server share it (the
 * server checks a proof with node's synchronous SHA-256 over the same proofInput).
 */
import { fromBase64Url, toBase64Url, utf8 } from './bytes.js';

/** The request header that carries a solved challenge on submission and follow-up routes. */
export const PROOF_HEADER = 'Parole-Proof';
export const CHALLENGE_VERSION = 1;
export const MIN_DIFFICULTY = 0;
export const MAX_DIFFICULTY = 32;
const NONCE_BYTES = 16;
/** Version, difficulty, expiry (Unix seconds, 4 bytes big-endian), nonce. */
export const CHALLENGE_PAYLOAD_BYTES = 2 + 4 + NONCE_BYTES;
export const CHALLENGE_MAC_BYTES = 16;
const CHALLENGE = /^([A-Za-z0-9_-]{30})\.([A-Za-z0-9_-]{22})$/;
const COUNTER = /^(0|[1-9][0-9]{0,15})$/;

export interface ChallengeFields {
  difficulty: number;
  /** Unix seconds after which the challenge is refused. */
  expires: number;
  /** base64url of the 16 random bytes: what marks the challenge as spent. */
  nonce: string;
}

/** The challenge's payload bytes, before the server's MAC is added. Throws 'invalid challenge'. */
export function challengePayload(fields: ChallengeFields): Uint8Array {
  const nonce = fromBase64Url(fields.nonce);
  const ok =
    Number.isInteger(fields.difficulty) && fields.difficulty >= MIN_DIFFICULTY && fields.difficulty <= MAX_DIFFICULTY &&
    Number.isInteger(fields.expires) && fields.expires >= 0 && fields.expires <= 0xffffffff && nonce.length === NONCE_BYTES;
  if (!ok) throw new Error('invalid challenge');
  const payload = new Uint8Array(CHALLENGE_PAYLOAD_BYTES);
  payload[0] = CHALLENGE_VERSION;
  payload[1] = fields.difficulty;
  new DataView(payload.buffer).setUint32(2, fields.expires);
  payload.set(nonce, 6);
  return payload;
}

/** A challenge as the server sends it: payload and MAC, each base64url, joined by a dot. */
export function challengeText(payload: Uint8Array, mac: Uint8Array): string {
  if (payload.length !== CHALLENGE_PAYLOAD_BYTES || mac.length !== CHALLENGE_MAC_BYTES) throw new Error('invalid challenge');
  return `${toBase64Url(payload)}.${toBase64Url(mac)}`;
}

/**
 * Reads a challenge's fields and its two parts; null when it is not one. The MAC is not
 * checked here: only the server, which holds the key, can.
 */
export function readChallenge(text: string): { fields: ChallengeFields; payload: Uint8Array; mac: Uint8Array } | null {
  const match = typeof text === 'string' ? CHALLENGE.exec(text) : null;
  if (!match) return null;
  let payload: Uint8Array;
  let mac: Uint8Array;
  try {
    payload = fromBase64Url(match[1]);
    mac = fromBase64Url(match[2]);
  } catch {
    return null;
  }
  if (payload.length !== CHALLENGE_PAYLOAD_BYTES || payload[0] !== CHALLENGE_VERSION || payload[1] > MAX_DIFFICULTY) return null;
  const expires = new DataView(payload.buffer, payload.byteOffset).getUint32(2);
  return { fields: { difficulty: payload[1], expires, nonce: toBase64Url(payload.subarray(6)) }, payload, mac };
}

/** A proof header's value: the challenge, a dot, and the counter in decimal. */
export function proofText(challenge: string, counter: number): string {
  return `${challenge}.${counter}`;
}

/** Splits a proof header's value; null when it is malformed. */
export function readProof(text: string): { challenge: string; counter: number } | null {
  if (typeof text !== 'string') return null;
  const at = text.lastIndexOf('.');
  const challenge = text.slice(0, at);
  const counter = text.slice(at + 1);
  if (at < 0 || !CHALLENGE.test(challenge) || !COUNTER.test(counter) || !Number.isSafeInteger(Number(counter))) return null;
  return { challenge, counter: Number(counter) };
}

/** How many zero bits the digest starts with. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** What is hashed: the challenge text, a colon and the counter in decimal. */
export function proofInput(challenge: string, counter: number): Uint8Array<ArrayBuffer> {
  return utf8(`${challenge}:${counter}`);
}

/** SHA-256 of proofInput. */
export async function proofDigest(challenge: string, counter: number): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', proofInput(challenge, counter)));
}

// WebCrypto digests are asynchronous: asking for a batch at once hides most of each call's overhead.
const BATCH = 256;

/**
 * Tries counters from 0 upwards and gives the first that solves the challenge. `onProgress`
 * hears how many were tried after each batch; `shouldStop` ends the search early (null is
 * returned then). Expect about 2^difficulty tries. Throws 'invalid challenge' for text that is
 * not a challenge.
 */
export async function solveChallenge(
  challenge: string,
  hooks: { onProgress?: (tried: number) => void; shouldStop?: () => boolean } = {},
): Promise<number | null> {
  const read = readChallenge(challenge);
  if (read === null) throw new Error('invalid challenge');
  for (let base = 0; base + BATCH <= Number.MAX_SAFE_INTEGER; base += BATCH) {
    const digests = await Promise.all(Array.from({ length: BATCH }, (_, i) => proofDigest(challenge, base + i)));
    const found = digests.findIndex((digest) => leadingZeroBits(digest) >= read.fields.difficulty);
    if (found >= 0) return base + found;
    hooks.onProgress?.(base + BATCH);
    if (hooks.shouldStop?.()) return null;
  }
  return null;
}
