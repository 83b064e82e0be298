/// <reference types="vite/client" />
import type { OpeningKey } from '../../../../crypto/opener.js';
import type { DecryptItem, DecryptResult, FromWorker, ToWorker } from './protocol.js';
// Inlined as a blob: the workspace is one HTML file opened from disk, where a worker script
// at a file: URL is refused. Vite's default worker format (iife) matters too: Chromium will
// not start a module worker from a blob: URL on a file: page.
import DecryptWorker from './worker.ts?worker&inline';

export type { DecryptItem, DecryptResult };

/** What the pool needs of a worker: a Web Worker, or a stand-in for one in tests. */
export interface WorkerHandle {
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: ToWorker, transfer: Transferable[]): void;
}

export interface DecryptOptions {
  /** How many workers to run; defaults to the number of logical processors. */
  workers?: number;
  /** Envelopes per message to a worker. */
  batchSize?: number;
  /** Called after each batch with the number of envelopes done so far and the total. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** false keeps X25519 in tweetnacl even where WebCrypto has it, to measure or test that path. */
  webCrypto?: boolean;
  /** Makes one worker; the default is the inlined decryption worker. */
  createWorker?: () => WorkerHandle;
}

const DEFAULT_BATCH = 200;
// Two batches per worker: one to open, one waiting, so no worker idles while results travel back.
const BATCHES_IN_FLIGHT = 2;

/**
 * One batch's envelopes copied into a single fresh buffer, which is transferred rather than
 * copied again: the caller's envelopes stay intact and usable.
 */
function packBatch(items: readonly DecryptItem[]): { items: DecryptItem[]; buffer: ArrayBuffer } {
  const envelopes = items.map((item) => (item.envelope instanceof Uint8Array ? item.envelope : new Uint8Array(0)));
  const buffer = new ArrayBuffer(envelopes.reduce((sum, e) => sum + e.length, 0));
  let at = 0;
  const packed = items.map((item, i) => {
    const envelope = new Uint8Array(buffer, at, envelopes[i].length);
    envelope.set(envelopes[i]);
    at += envelope.length;
    return { id: item.id, envelope };
  });
  return { items: packed, buffer };
}

/**
 * Opens and decodes every envelope with the delegate's key, in worker threads. Resolves to one
 * result per item, in the order of `items`: the testimony, 'not-for-you' or 'damaged'. Only the
 * X25519 secret and the public halves reach the workers, which wipe the secret when done.
 * Throws 'invalid secret key' when a key part is not 32 bytes, 'decryption worker failed' when
 * a worker cannot run, and the signal's reason once it aborts.
 */
export async function decryptAll(items: readonly DecryptItem[], key: OpeningKey, options: DecryptOptions = {}): Promise<DecryptResult[]> {
  const parts = [key?.box, key?.sign, key?.boxSecret];
  if (!parts.every((part) => part instanceof Uint8Array && part.length === 32)) throw new Error('invalid secret key');
  const { signal, onProgress, webCrypto = true, createWorker = () => new DecryptWorker() } = options;
  signal?.throwIfAborted();
  if (items.length === 0) return [];
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH) || 1);
  const batchCount = Math.ceil(items.length / batchSize);
  const wanted = Math.floor(options.workers ?? globalThis.navigator?.hardwareConcurrency ?? 1) || 1;
  const workerCount = Math.min(Math.max(1, wanted), batchCount);

  return new Promise((resolve, reject) => {
    const results = new Array<DecryptResult>(items.length);
    const workers: WorkerHandle[] = [];
    let sent = 0;
    let done = 0;

    const finish = (error?: unknown) => {
      signal?.removeEventListener('abort', onAbort);
      for (const worker of workers) {
        worker.onmessage = null;
        worker.onerror = null;
        worker.postMessage({ type: 'close' }, []);
      }
      if (error === undefined) resolve(results);
      else reject(error);
    };
    const onAbort = () => finish(signal!.reason);
    const fail = () => finish(new Error('decryption worker failed'));

    const sendBatch = (worker: WorkerHandle) => {
      if (sent === batchCount) return;
      const batch = sent++;
      const { items: packed, buffer } = packBatch(items.slice(batch * batchSize, (batch + 1) * batchSize));
      worker.postMessage({ type: 'batch', batch, items: packed }, [buffer]);
    };

    const onMessage = (worker: WorkerHandle) => (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if (message.type === 'failed') return fail();
      message.results.forEach((result, i) => (results[message.batch * batchSize + i] = result));
      done += message.results.length;
      onProgress?.(done, items.length);
      if (done === items.length) return finish();
      sendBatch(worker);
    };

    signal?.addEventListener('abort', onAbort, { once: true });
    const workerKey = { box: key.box, sign: key.sign, boxSecret: key.boxSecret };
    for (let i = 0; i < workerCount; i++) {
      const worker = createWorker();
      workers.push(worker);
      worker.onmessage = onMessage(worker);
      worker.onerror = fail;
      worker.postMessage({ type: 'key', key: workerKey, webCrypto }, []);
    }
    for (let round = 0; round < BATCHES_IN_FLIGHT; round++) workers.forEach(sendBatch);
  });
}
