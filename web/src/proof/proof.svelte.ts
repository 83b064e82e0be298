import { proofText } from '../../../crypto/proof.js';
import { getChallenge, type ApiError } from '../api.js';
import type { ProofRequest, ProofResponse } from './messages.js';

export type Proved = { ok: true; value: string } | { ok: false; error: ApiError };

/**
 * The page's proof of work: one challenge at a time, fetched and solved in a worker from the
 * moment the page loads, so that by the time someone sends it is usually done. The request is
 * the same for every visitor whatever they go on to do; a challenge is good for one envelope,
 * so `renew` is called after every post.
 */
export class ProofOfWork {
  /** Counters tried on the current challenge, and about how many it takes (2^difficulty). */
  tried = $state(0);
  expected = $state(1);
  ready = $state(false);

  #worker: Worker | null = null;
  #id = 0;
  #pending: Promise<Proved> = Promise.resolve({ ok: false, error: 'network' });
  #waiting: { id: number; resolve: (counter: number | null) => void } | null = null;

  /** Drops whatever was fetched or solved and starts on a new challenge. */
  renew(): void {
    const id = ++this.#id;
    this.tried = 0;
    this.expected = 1;
    this.ready = false;
    this.#waiting?.resolve(null);
    this.#waiting = null;
    this.#pending = this.#prove(id);
    this.#pending.then((proved) => {
      if (id === this.#id && proved.ok) this.ready = true;
    });
  }

  /**
   * The current challenge's proof, once solved. When no challenge could be had, one more is
   * fetched before giving up: the first may have been asked while the connection was down.
   */
  async next(): Promise<Proved> {
    let retried = false;
    for (;;) {
      const id = this.#id;
      const proved = await this.#pending;
      if (id !== this.#id) continue;
      if (proved.ok || retried) return proved;
      retried = true;
      this.renew();
    }
  }

  /** When the page is left: the worker stops, and a proof still on its way is dropped. */
  stop(): void {
    this.#id++;
    this.#waiting?.resolve(null);
    this.#waiting = null;
    this.#worker?.terminate();
    this.#worker = null;
  }

  async #prove(id: number): Promise<Proved> {
    const loaded = await getChallenge();
    if (!loaded.ok) return loaded;
    if (id !== this.#id) return { ok: false, error: 'network' };
    const { challenge, difficulty } = loaded.value;
    this.expected = 2 ** difficulty;
    const counter = await this.#solve(id, challenge);
    return counter === null ? { ok: false, error: 'network' } : { ok: true, value: proofText(challenge, counter) };
  }

  #solve(id: number, challenge: string): Promise<number | null> {
    return new Promise((resolve) => {
      this.#waiting = { id, resolve };
      const request: ProofRequest = { id, challenge };
      this.#started().postMessage(request);
    });
  }

  #started(): Worker {
    if (this.#worker !== null) return this.#worker;
    // Built by vite as its own file under /assets/, as the page's CSP requires.
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<ProofResponse>) => {
      const response = event.data;
      const waiting = this.#waiting;
      if (waiting === null || response.id !== waiting.id) return;
      if ('tried' in response) this.tried = response.tried;
      else {
        this.#waiting = null;
        waiting.resolve(response.counter);
      }
    };
    // A worker that failed to load is made again for the next challenge.
    worker.onerror = () => {
      worker.terminate();
      if (this.#worker === worker) this.#worker = null;
      this.#waiting?.resolve(null);
      this.#waiting = null;
    };
    this.#worker = worker;
    return worker;
  }
}
