/**
 * The page's side of the proof of work, with the network stubbed: what api.ts asks and sends,
 * how it reads each refusal, and how submit.ts retries with a new challenge once and only once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fingerprint, generateKey, keyId } from '../../crypto/keys.js';
import { PROOF_HEADER } from '../../crypto/proof.js';
import { getChallenge, postEnvelope } from '../../web/src/api.js';
import type { Proved } from '../../web/src/proof/proof.svelte.js';
import { sendTestimony, type Stage } from '../../web/src/submit.js';

const CHALLENGE = `${'A'.repeat(30)}.${'B'.repeat(22)}`;

function answering(...replies: [number, unknown][]): ReturnType<typeof vi.fn> {
  const fetch = vi.fn();
  for (const [status, body] of replies) fetch.mockResolvedValueOnce(new Response(JSON.stringify(body), { status }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('challenges in api.ts', () => {
  it('asks /api/challenge like every other request, and keeps the challenge and its difficulty', async () => {
    const fetch = answering([200, { challenge: CHALLENGE, difficulty: 14, expires: 2_000_000_000 }]);
    expect(await getChallenge()).toEqual({ ok: true, value: { challenge: CHALLENGE, difficulty: 14 } });
    expect(fetch.mock.calls[0][0]).toBe('/api/challenge');
    expect(fetch.mock.calls[0][1]).toMatchObject({ credentials: 'omit', redirect: 'error', referrerPolicy: 'no-referrer' });
  });

  it.each([[-1], [33], [1.5], ['12'], [null]])('takes a difficulty of %j as 0 rather than trust it', async (difficulty) => {
    answering([200, { challenge: CHALLENGE, difficulty }]);
    expect(await getChallenge()).toEqual({ ok: true, value: { challenge: CHALLENGE, difficulty: difficulty === 33 ? 32 : 0 } });
  });

  it('sends the proof in its header with the envelope', async () => {
    const fetch = answering([201, { ok: true }]);
    expect(await postEnvelope('c', 'submissions', new Uint8Array(4), `${CHALLENGE}.7`)).toEqual({ kind: 'stored' });
    expect(fetch.mock.calls[0][1].headers).toEqual({ 'Content-Type': 'application/octet-stream', [PROOF_HEADER]: `${CHALLENGE}.7` });
  });

  it.each([
    [428, 'proof_required'],
    [428, 'challenge_expired'],
    [403, 'proof_invalid'],
    [409, 'challenge_used'],
  ])('reads %i %s as a refused proof', async (status, error) => {
    answering([status, { error }]);
    expect(await postEnvelope('c', 'followups', new Uint8Array(4), `${CHALLENGE}.0`)).toEqual({ kind: 'proof_refused' });
  });

  it('reads 429 as busy, and 409 stale_keyring as before', async () => {
    answering([429, { error: 'busy' }], [409, { error: 'stale_keyring', keyring: [] }]);
    expect(await postEnvelope('c', 'submissions', new Uint8Array(4), `${CHALLENGE}.0`)).toEqual({ kind: 'failed', error: 'busy' });
    expect(await postEnvelope('c', 'submissions', new Uint8Array(4), `${CHALLENGE}.0`)).toEqual({ kind: 'stale_keyring', keyring: [] });
  });
});

describe('sending with a proof', () => {
  const key = generateKey();
  const keyring = { keys: [{ id: keyId(key), fingerprint: fingerprint(key), label: 'Déléguée', publicKey: key }], refused: [] };

  /** Hands out proofs 0, 1, 2… of the same made-up challenge, and counts renewals. */
  function proofs(ready: boolean) {
    let counter = 0;
    return {
      ready,
      renewed: 0,
      next: (): Promise<Proved> => Promise.resolve({ ok: true, value: `${CHALLENGE}.${counter}` }),
      renew() {
        this.renewed++;
        counter++;
      },
    };
  }

  async function send(given: Pick<ReturnType<typeof proofs>, 'ready' | 'next' | 'renew'>) {
    const stages: Stage[] = [];
    const failure = await sendTestimony(
      { slug: 'c', kind: 'submissions', testimony: { campaign: 'c', locale: 'fr', text: 'un texte assez long' }, keyring, pin: null, proofs: given },
      { onStage: (stage) => stages.push(stage), onKeyring: () => {} },
    );
    return { failure, stages };
  }

  const sentProofs = (fetch: ReturnType<typeof vi.fn>) => fetch.mock.calls.map((call) => call[1].headers[PROOF_HEADER]);

  it('waits for the proof when it is not ready, and renews it once used', async () => {
    const fetch = answering([201, {}]);
    const given = proofs(false);
    expect(await send(given)).toEqual({ failure: null, stages: ['encrypting', 'proving', 'sending'] });
    expect(sentProofs(fetch)).toEqual([`${CHALLENGE}.0`]);
    expect(given.renewed).toBe(1);
  });

  it('does not say it is calculating when the proof is already there', async () => {
    answering([201, {}]);
    expect((await send(proofs(true))).stages).toEqual(['encrypting', 'sending']);
  });

  it('retries once with a new proof when the first is refused', async () => {
    const fetch = answering([409, { error: 'challenge_used' }], [201, {}]);
    const given = proofs(true);
    expect((await send(given)).failure).toBeNull();
    expect(sentProofs(fetch)).toEqual([`${CHALLENGE}.0`, `${CHALLENGE}.1`]);
    expect(given.renewed).toBe(2);
  });

  it('reports a second refusal instead of trying again', async () => {
    const fetch = answering([403, { error: 'proof_invalid' }], [428, { error: 'challenge_expired' }]);
    expect((await send(proofs(true))).failure).toBe('proof');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('says busy on 429, without retrying', async () => {
    const fetch = answering([429, { error: 'busy' }]);
    expect((await send(proofs(true))).failure).toBe('busy');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('sends nothing when no challenge could be had', async () => {
    const fetch = answering();
    const given = { ready: false, next: (): Promise<Proved> => Promise.resolve({ ok: false, error: 'network' }), renew() {} };
    expect((await send(given)).failure).toBe('network');
    expect(fetch).not.toHaveBeenCalled();
  });
});
