/** The messages between the decryption pool and its workers. */
import type { Testimony } from '../../../../crypto/testimony.js';

/** One envelope to open, named by an id of the caller's choosing. */
export interface DecryptItem {
  id: string;
  envelope: Uint8Array;
}

/** What became of one envelope. */
export type DecryptResult =
  | { id: string; status: 'ok'; testimony: Testimony }
  | { id: string; status: 'not-for-you' }
  | { id: string; status: 'damaged' };

/** What a worker opens with: the X25519 secret and the public halves, never the signing seed. */
export interface WorkerKey {
  box: Uint8Array;
  sign: Uint8Array;
  boxSecret: Uint8Array;
}

export type ToWorker =
  | { type: 'key'; key: WorkerKey; webCrypto: boolean }
  /** The envelopes are views into one buffer, transferred with the message. */
  | { type: 'batch'; batch: number; items: DecryptItem[] }
  | { type: 'close' };

export type FromWorker =
  /** A batch's results, in the order of its items: also the pool's measure of progress. */
  | { type: 'results'; batch: number; results: DecryptResult[] }
  /** The platform could not set up decryption at all. */
  | { type: 'failed' };
