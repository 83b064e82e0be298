/** The decryption worker: the pool's messages in, results out (see session.ts). */
import type { FromWorker, ToWorker } from './protocol.js';
import { decryptSession } from './session.js';

// The worker global, typed here: the WebWorker lib cannot share a program with the DOM lib.
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker): void;
  close(): void;
};

const handle = decryptSession(
  (message) => scope.postMessage(message),
  () => scope.close(),
);
scope.onmessage = (event) => void handle(event.data);
