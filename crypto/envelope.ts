import nacl from 'tweetnacl';
import { concat, fromHex, toHex } from './bytes.js';
import { labelledHash } from './hash.js';
import { KEY_ID_BYTES, keyId, type PublicKey, type SecretKey } from './keys.js';
import { BUCKETS, pad, unpad } from './padding.js';
import { SEAL_OVERHEAD, seal, sealOpen } from './sealedbox.js';

export const ENVELOPE_VERSION = 1;
export const MAX_RECIPIENTS = 16;
const CONTENT_KEY_BYTES = 32;
const WRAP_BYTES = CONTENT_KEY_BYTES + SEAL_OVERHEAD;
const RECIPIENT_BYTES = KEY_ID_BYTES + WRAP_BYTES;
const HEADER_FIXED = 2;
const MAC_BYTES = 16;
// The payload key is derived afresh for every envelope and used once, so a fixed nonce is safe.
const ZERO_NONCE = new Uint8Array(24);

/** What the server may check without any key: the structure of an envelope. */
export interface EnvelopeHeader {
  version: number;
  keyIds: string[];
  /** The padded payload size, always one of BUCKETS. */
  bucket: number;
}

export function envelopeSize(recipients: number, bucket: number): number {
  return HEADER_FIXED + recipients * RECIPIENT_BYTES + bucket + MAC_BYTES;
}

/** The largest envelope the format allows; servers cap request bodies with it. */
export const MAX_ENVELOPE_BYTES = envelopeSize(MAX_RECIPIENTS, BUCKETS[BUCKETS.length - 1]);

/**
 * The payload key depends on every header byte: changing any key id or wrap, even one
 * meant for another recipient, makes the payload fail to open.
 */
function payloadKey(contentKey: Uint8Array, header: Uint8Array): Uint8Array {
  return labelledHash('parole/v1/payload-key', header, 32, contentKey);
}

/**
 * Encrypts a payload to every recipient. Throws 'no recipients', 'too many recipients',
 * 'duplicate recipient' or 'payload too large'.
 */
export function sealEnvelope(payload: Uint8Array, recipients: PublicKey[]): Uint8Array<ArrayBuffer> {
  if (recipients.length === 0) throw new Error('no recipients');
  if (recipients.length > MAX_RECIPIENTS) throw new Error('too many recipients');
  const ids = recipients.map(keyId);
  if (new Set(ids).size !== ids.length) throw new Error('duplicate recipient');
  const padded = pad(payload);
  const contentKey = nacl.randomBytes(CONTENT_KEY_BYTES);
  const header = concat(
    new Uint8Array([ENVELOPE_VERSION, recipients.length]),
    ...recipients.map((r, i) => concat(fromHex(ids[i]), seal(contentKey, r.box))),
  );
  const key = payloadKey(contentKey, header);
  const body = nacl.secretbox(padded, ZERO_NONCE, key);
  contentKey.fill(0);
  key.fill(0);
  padded.fill(0);
  return concat(header, body);
}

/**
 * Reads the structure of an envelope without opening it.
 * Throws 'invalid envelope' or 'unsupported envelope version'.
 */
export function parseEnvelopeHeader(envelope: Uint8Array): EnvelopeHeader {
  if (!(envelope instanceof Uint8Array) || envelope.length < HEADER_FIXED) throw new Error('invalid envelope');
  const version = envelope[0];
  if (version !== ENVELOPE_VERSION) throw new Error('unsupported envelope version');
  const count = envelope[1];
  if (count < 1 || count > MAX_RECIPIENTS) throw new Error('invalid envelope');
  const bucket = envelope.length - HEADER_FIXED - count * RECIPIENT_BYTES - MAC_BYTES;
  if (!BUCKETS.includes(bucket)) throw new Error('invalid envelope');
  const keyIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const at = HEADER_FIXED + i * RECIPIENT_BYTES;
    keyIds.push(toHex(envelope.subarray(at, at + KEY_ID_BYTES)));
  }
  if (new Set(keyIds).size !== keyIds.length) throw new Error('invalid envelope');
  return { version, keyIds, bucket };
}

/** One recipient's share of an envelope: views into it, not copies. */
export interface RecipientSlot {
  /** The sealed box of the content key for this recipient. */
  wrap: Uint8Array;
  /** Everything the payload key covers. */
  header: Uint8Array;
  /** The secretbox of the padded payload. */
  body: Uint8Array;
}

/**
 * Finds the wrap addressed to a key id. Returns null when the envelope is not for that key.
 * Throws 'invalid envelope' or 'unsupported envelope version'.
 */
export function recipientSlot(envelope: Uint8Array, id: string): RecipientSlot | null {
  const { keyIds } = parseEnvelopeHeader(envelope);
  const index = keyIds.indexOf(id);
  if (index < 0) return null;
  const headerEnd = HEADER_FIXED + keyIds.length * RECIPIENT_BYTES;
  const wrapAt = HEADER_FIXED + index * RECIPIENT_BYTES + KEY_ID_BYTES;
  return {
    wrap: envelope.subarray(wrapAt, wrapAt + WRAP_BYTES),
    header: envelope.subarray(0, headerEnd),
    body: envelope.subarray(headerEnd),
  };
}

/**
 * The payload of a slot, given what its wrap opened to (null when it did not open). Wipes the
 * content key. Throws 'envelope damaged' unless the body authenticates and unpads.
 */
export function openSlot(slot: RecipientSlot, contentKey: Uint8Array | null): Uint8Array {
  if (contentKey === null || contentKey.length !== CONTENT_KEY_BYTES) throw new Error('envelope damaged');
  const payloadKeyBytes = payloadKey(contentKey, slot.header);
  const padded = nacl.secretbox.open(slot.body, ZERO_NONCE, payloadKeyBytes);
  contentKey.fill(0);
  payloadKeyBytes.fill(0);
  if (padded === null) throw new Error('envelope damaged');
  try {
    return unpad(padded);
  } catch {
    throw new Error('envelope damaged');
  }
}

/**
 * Opens an envelope with a delegate's key. Returns null when the envelope is not for this
 * key ("not for you"). Throws 'invalid envelope', 'unsupported envelope version' or
 * 'envelope damaged' when it is malformed or altered; never returns other text.
 */
export function openEnvelope(envelope: Uint8Array, key: SecretKey): Uint8Array | null {
  const slot = recipientSlot(envelope, keyId(key));
  if (slot === null) return null;
  return openSlot(slot, sealOpen(slot.wrap, key.box, key.boxSecret));
}
