import { utf8 } from '../../crypto/bytes.js';
import { sealEnvelope } from '../../crypto/envelope.js';
import { encodeTestimony, type Testimony } from '../../crypto/testimony.js';
import type { TrustedKey } from './keyring.js';

export { MAX_PAYLOAD } from '../../crypto/padding.js';

/** Without a secure random source no content key can be drawn, so nothing may be sealed. */
export function randomSourceAvailable(): boolean {
  return typeof globalThis.crypto?.getRandomValues === 'function';
}

/**
 * The exact size `encodeTestimony` will produce, without throwing past the limit. The free
 * texts (the main text and text answers) add their JSON string literal each; the rest, encoded
 * with those texts emptied, does not depend on them.
 */
export function payloadBytes(testimony: Omit<Testimony, 'v'>): number {
  const answers = Object.entries(testimony.answers ?? {});
  const texts = [testimony.text, ...answers.flatMap(([, answer]) => (typeof answer === 'string' ? [answer] : []))];
  const frame = encodeTestimony({
    ...testimony,
    text: '',
    answers: Object.fromEntries(answers.map(([id, answer]) => [id, typeof answer === 'string' ? '' : answer])),
  }).length;
  return texts.reduce((sum, text) => sum + utf8(JSON.stringify(text)).length - 2, frame);
}

/** The bytes to POST. Throws when the text is too long or the crypto fails; nothing is sent then. */
export function sealTestimony(
  testimony: Omit<Testimony, 'v'>,
  recipients: readonly TrustedKey[],
): Uint8Array<ArrayBuffer> {
  // slice() gives fetch the plain ArrayBuffer-backed view its body type asks for.
  return sealEnvelope(encodeTestimony(testimony), recipients.map((key) => key.publicKey)).slice();
}
