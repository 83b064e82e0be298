import type { Testimony } from '../../crypto/testimony.js';
import { postEnvelope, type ApiError, type EnvelopeKind } from './api.js';
import { randomSourceAvailable, sealTestimony } from './encrypt.js';
import { checkKeyring, recipientsFor, type CheckedKeyring } from './keyring.js';
import type { Pin } from './pin.js';
import type { ProofOfWork } from './proof/proof.svelte.js';

export type Stage = 'deriving' | 'encrypting' | 'proving' | 'sending' | 'rekeying';

/** Every reason but the server's own means nothing left the device; `proof`: refused twice. */
export type SendFailure = 'no_random' | 'encrypt' | 'no_recipients' | 'pin' | 'stale_keyring' | 'proof' | ApiError;

/**
 * Also refused before sealing: a receipt that could not be prepared, a testimony too long once
 * it carries the mailbox, or too short to say anything.
 */
export type FormFailure = SendFailure | 'receipt' | 'too_long' | 'too_short';

export interface SendRequest {
  slug: string;
  kind: EnvelopeKind;
  testimony: Omit<Testimony, 'v'>;
  keyring: CheckedKeyring;
  pin: Pin | null;
  proofs: Pick<ProofOfWork, 'ready' | 'next' | 'renew'>;
}

export interface SendHooks {
  onStage(stage: Stage): void;
  /** The server rotated its keys (409): the page shows the new keyring as it re-seals to it. */
  onKeyring(keyring: CheckedKeyring): void;
}

/**
 * Seals in the browser, waits for the proof of work, then posts. On a stale keyring it
 * re-checks the new keys, applies the same pin, seals afresh and tries once more; on a refused
 * proof it solves a new challenge and tries once more. A second refusal is reported, not retried.
 */
export async function sendTestimony(request: SendRequest, hooks: SendHooks): Promise<SendFailure | null> {
  if (!randomSourceAvailable()) return 'no_random';
  const { proofs } = request;
  let keyring = request.keyring;
  let rekeyed = false;
  let reproved = false;
  let envelope: Uint8Array<ArrayBuffer> | null = null;
  for (;;) {
    if (envelope === null) {
      const recipients = recipientsFor(keyring, request.pin);
      if (recipients.length === 0) return request.pin === null ? 'no_recipients' : 'pin';
      hooks.onStage(rekeyed ? 'rekeying' : 'encrypting');
      await statusShown();
      try {
        envelope = sealTestimony(request.testimony, recipients);
      } catch {
        return 'encrypt';
      }
    }
    if (!proofs.ready) hooks.onStage('proving');
    const proof = await proofs.next();
    if (!proof.ok) return proof.error;
    hooks.onStage('sending');
    const result = await postEnvelope(request.slug, request.kind, envelope, proof.value);
    // Whatever the answer, the server may have spent that challenge: the next post needs another.
    proofs.renew();
    if (result.kind === 'stored') return null;
    if (result.kind === 'failed') return result.error;
    if (result.kind === 'proof_refused') {
      if (reproved) return 'proof';
      reproved = true;
      continue;
    }
    if (rekeyed) return 'stale_keyring';
    rekeyed = true;
    keyring = checkKeyring(result.keyring);
    hooks.onKeyring(keyring);
    envelope = null;
  }
}

// Sealing holds the main thread for a moment on slow phones; let the status line paint first.
function statusShown(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}
