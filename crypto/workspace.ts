import nacl from 'tweetnacl';
import { concat, fromHex, toHex, utf8 } from './bytes.js';
import { labelledHash } from './hash.js';
import { KEY_ID_BYTES, keyId, type PublicKey, type SecretKey } from './keys.js';
import { SEAL_OVERHEAD, seal, sealOpen } from './sealedbox.js';

export const WORKSPACE_VERSION = 1;
/** Tags, quotes and memos of a workspace: far beyond what a delegate's work can reach. */
export const MAX_WORKSPACE_PAYLOAD = 256 * 1024 * 1024;
const MAGIC = utf8('parolews');
const MAX_RECIPIENTS = 16;
const CONTENT_KEY_BYTES = 32;
const WRAP_BYTES = CONTENT_KEY_BYTES + SEAL_OVERHEAD;
const RECIPIENT_BYTES = KEY_ID_BYTES + WRAP_BYTES;
const HEADER_FIXED = MAGIC.length + 2;
const MAC_BYTES = 16;
const LENGTH_PREFIX = 4;
// Sizes are rounded up to this step, so a saved file tells its size only roughly.
const PAD_STEP = 64 * 1024;
// The payload key is derived afresh for every file and used once, so a fixed nonce is safe.
const ZERO_NONCE = new Uint8Array(24);

function payloadKey(contentKey: Uint8Array, header: Uint8Array): Uint8Array {
  return labelledHash('parole/v1/workspace-key', header, 32, contentKey);
}

/**
 * Encrypts a workspace file's contents to the delegate's own key and any colleagues' keys.
 * Throws 'no recipients', 'too many recipients', 'duplicate recipient' or 'payload too large'.
 */
export function sealWorkspace(payload: Uint8Array, recipients: PublicKey[]): Uint8Array<ArrayBuffer> {
  if (recipients.length === 0) throw new Error('no recipients');
  if (recipients.length > MAX_RECIPIENTS) throw new Error('too many recipients');
  if (payload.length > MAX_WORKSPACE_PAYLOAD) throw new Error('payload too large');
  const ids = recipients.map(keyId);
  if (new Set(ids).size !== ids.length) throw new Error('duplicate recipient');
  const padded = new Uint8Array(Math.ceil((payload.length + LENGTH_PREFIX) / PAD_STEP) * PAD_STEP);
  new DataView(padded.buffer).setUint32(0, payload.length);
  padded.set(payload, LENGTH_PREFIX);
  const contentKey = nacl.randomBytes(CONTENT_KEY_BYTES);
  const header = concat(
    MAGIC,
    new Uint8Array([WORKSPACE_VERSION, recipients.length]),
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
 * Opens a workspace file. Returns null when it was not saved for this key. Throws
 * 'invalid workspace file', 'unsupported workspace version' or 'workspace file damaged';
 * never returns other content.
 */
export function openWorkspace(file: Uint8Array, key: SecretKey): Uint8Array | null {
  if (!(file instanceof Uint8Array) || file.length < HEADER_FIXED || MAGIC.some((b, i) => file[i] !== b)) {
    throw new Error('invalid workspace file');
  }
  if (file[MAGIC.length] !== WORKSPACE_VERSION) throw new Error('unsupported workspace version');
  const count = file[MAGIC.length + 1];
  const headerEnd = HEADER_FIXED + count * RECIPIENT_BYTES;
  const bodyLength = file.length - headerEnd - MAC_BYTES;
  if (count < 1 || count > MAX_RECIPIENTS || bodyLength < PAD_STEP || bodyLength % PAD_STEP !== 0) {
    throw new Error('invalid workspace file');
  }
  const ids = Array.from({ length: count }, (_, i) => {
    const at = HEADER_FIXED + i * RECIPIENT_BYTES;
    return toHex(file.subarray(at, at + KEY_ID_BYTES));
  });
  if (new Set(ids).size !== ids.length) throw new Error('invalid workspace file');
  const index = ids.indexOf(keyId(key));
  if (index < 0) return null;
  const wrapAt = HEADER_FIXED + index * RECIPIENT_BYTES + KEY_ID_BYTES;
  const contentKey = sealOpen(file.subarray(wrapAt, wrapAt + WRAP_BYTES), key.box, key.boxSecret);
  if (contentKey === null) throw new Error('workspace file damaged');
  const keyBytes = payloadKey(contentKey, file.subarray(0, headerEnd));
  const padded = nacl.secretbox.open(file.subarray(headerEnd), ZERO_NONCE, keyBytes);
  contentKey.fill(0);
  keyBytes.fill(0);
  if (padded === null) throw new Error('workspace file damaged');
  const length = new DataView(padded.buffer, padded.byteOffset, padded.length).getUint32(0);
  if (length > padded.length - LENGTH_PREFIX || padded.subarray(LENGTH_PREFIX + length).some((b) => b !== 0)) {
    throw new Error('workspace file damaged');
  }
  return padded.slice(LENGTH_PREFIX, LENGTH_PREFIX + length);
}
