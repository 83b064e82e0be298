/**
 * Solves proof-of-work challenges off the main thread, so that typing stays smooth while the
 * page works. Receives `{ id, challenge }`; posts `{ id, tried }` as it goes, then
 * `{ id, counter }` (null when the challenge is not one). A newer message abandons the older
 * search: only the latest challenge can still be sent.
 */
import { solveChallenge } from '../../../crypto/proof.js';
import type { ProofRequest, ProofResponse } from './messages.js';

let latest = 0;

function answer(response: ProofResponse): void {
  postMessage(response);
}

onmessage = async (event: MessageEvent<ProofRequest>) => {
  const { id, challenge } = event.data;
  latest = id;
  let counter: number | null;
  try {
    counter = await solveChallenge(challenge, { onProgress: (tried) => answer({ id, tried }), shouldStop: () => latest !== id });
  } catch {
    counter = null;
  }
  if (latest === id) answer({ id, counter });
};
