import { decodePublicKey, encodeTestimony, sealEnvelope, type Testimony } from '../../crypto/index.js';
import type { KeyringEntry } from '../../server/store.js';

export type { KeyringEntry };

export async function fetchKeyring(url: string, campaign = 'temoignages'): Promise<KeyringEntry[]> {
  const res = await fetch(`${url}/api/campaigns/${campaign}`);
  return (await res.json()).keyring;
}

export function envelopeFor(keyring: KeyringEntry[], text: string, campaign = 'temoignages', answers?: Testimony['answers']): Uint8Array<ArrayBuffer> {
  return sealEnvelope(
    encodeTestimony({ campaign, locale: 'fr', text, answers }),
    keyring.map((k) => decodePublicKey(k.publicKey)),
  );
}

export function postEnvelope(url: string, body: Uint8Array<ArrayBuffer>, campaign = 'temoignages', headers: Record<string, string> = {}) {
  return fetch(`${url}/api/campaigns/${campaign}/submissions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', ...headers },
    body,
  });
}
