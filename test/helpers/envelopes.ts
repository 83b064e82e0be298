import { decodePublicKey, encodeTestimony, sealEnvelope, type Testimony } from '../../crypto/index.js';
import { PROOF_HEADER, proofText, solveChallenge } from '../../crypto/proof.js';
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

/** A fresh challenge from the server, solved: the value of a Parole-Proof header. */
export async function solvedProof(url: string): Promise<string> {
  const { challenge } = await (await fetch(`${url}/api/challenge`)).json();
  return proofText(challenge, (await solveChallenge(challenge))!);
}

/** The Parole-Proof header, freshly solved, as a headers object to spread. */
export async function proofHeaders(url: string): Promise<Record<string, string>> {
  return { [PROOF_HEADER]: await solvedProof(url) };
}

/** Posts a submission with a freshly solved proof; `headers` may replace it, or anything else. */
export async function postEnvelope(
  url: string,
  body: Uint8Array<ArrayBuffer>,
  campaign = 'temoignages',
  headers: Record<string, string> = {},
  route: 'submissions' | 'followups' = 'submissions',
) {
  return fetch(`${url}/api/campaigns/${campaign}/${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', ...(await proofHeaders(url)), ...headers },
    body,
  });
}
