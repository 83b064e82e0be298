import type { Testimony } from '../../crypto/testimony.js';
import { postEnvelope, type ApiError, type EnvelopeKind } from './api.js';
import { randomSourceAvailable, sealTestimony } from './encrypt.js';
import { checkKeyring, recipientsFor, type CheckedKeyring } from './keyring.js';
import type { Pin } from './pin.js';

export type Stage = 'deriving' | 'encrypting' | 'sending' | 'rekeying';

/** Every reason but the server's own means nothing left the device. */
export type SendFailure = 'no_random' | 'encrypt' | 'no_recipients' | 'pin' | 'stale_keyring' | ApiError;

/** Also refused before sealing: a receipt that could not be prepared, a testimony too long once it carries the mailbox. */
export type FormFailure = SendFailure | 'receipt' | 'too_long';

export interface SendRequest {
  slug: string;
  kind: EnvelopeKind;
  testimony: Omit<Testimony, 'v'>;
  keyring: CheckedKeyring;
  pin: Pin | null;
}

export interface SendHooks {
  onStage(stage: Stage): void;
  /** The server rotated its keys (409): the page shows the new keyring as it re-seals to it. */
  onKeyring(keyring: CheckedKeyring): void;
}

/**
 * Seals in the browser, then posts. On a stale keyring it re-checks the new keys, applies
 * the same pin, seals afresh and tries once more; a second refusal is reported, not retried.
 */
export async function sendTestimony(request: SendRequest, hooks: SendHooks): Promise<SendFailure | null> {
  if (!randomSourceAvailable()) return 'no_random';
  let keyring = request.keyring;
  for (let attempt = 0; ; attempt++) {
    const recipients = recipientsFor(keyring, request.pin);
    if (recipients.length === 0) return request.pin === null ? 'no_recipients' : 'pin';
    hooks.onStage(attempt === 0 ? 'encrypting' : 'rekeying');
    await statusShown();
    let envelope: Uint8Array<ArrayBuffer>;
    try {
      envelope = sealTestimony(request.testimony, recipients);
    } catch {
      return 'encrypt';
    }
    hooks.onStage('sending');
    const result = await postEnvelope(request.slug, request.kind, envelope);
    if (result.kind === 'stored') return null;
    if (result.kind === 'failed') return result.error;
    if (attempt > 0) return 'stale_keyring';
    keyring = checkKeyring(result.keyring);
    hooks.onKeyring(keyring);
  }
}

// Sealing holds the main thread for a moment on slow phones; let the status line paint first.
function statusShown(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}
