import { createOpener, type Opener } from '../../../../crypto/opener.js';
import { decodeTestimony } from '../../../../crypto/testimony.js';
import type { DecryptItem, DecryptResult, FromWorker, ToWorker, WorkerKey } from './protocol.js';

async function openItem(opener: Opener, item: DecryptItem): Promise<DecryptResult> {
  try {
    const payload = await opener.open(item.envelope);
    if (payload === null) return { id: item.id, status: 'not-for-you' };
    const testimony = decodeTestimony(payload);
    payload.fill(0);
    return { id: item.id, status: 'ok', testimony };
  } catch {
    // Malformed, altered, or authentic but not a testimony: a reader can do nothing more with any.
    return { id: item.id, status: 'damaged' };
  }
}

/**
 * What a decryption worker does with each message from the pool, apart from the worker's own
 * plumbing, so it can run in a test as well. `post` sends a message back; `exit` ends the worker.
 * The key arrives once; on 'close' its secret is wiped and no further batch is answered.
 */
export function decryptSession(post: (message: FromWorker) => void, exit: () => void): (message: ToWorker) => Promise<void> {
  let key: WorkerKey | undefined;
  let opener: Promise<Opener> | undefined;
  let closed = false;
  return async (message) => {
    if (closed) return;
    if (message.type === 'key') {
      key = message.key;
      opener = createOpener(key, { webCrypto: message.webCrypto });
    } else if (message.type === 'batch') {
      const ready = await opener?.catch(() => undefined);
      if (ready === undefined) {
        post({ type: 'failed' });
        return;
      }
      const results = await Promise.all(message.items.map((item) => openItem(ready, item)));
      if (!closed) post({ type: 'results', batch: message.batch, results });
    } else {
      closed = true;
      key?.boxSecret.fill(0);
      key = undefined;
      opener = undefined;
      exit();
    }
  };
}
