/**
 * The bench-only parse route (server/routes/campaigns.ts, parseOnlyRoutes): mounted only when
 * PAROLE_BENCH=1 is set at start, it runs the submission's checks and stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../crypto/index.js';
import { countRows, sealTo } from '../helpers/delegate.js';
import { envelopeFor, fetchKeyring, proofHeaders, type KeyringEntry } from '../helpers/envelopes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let plain: TestServer;
let bench: TestServer;
let keyring: KeyringEntry[];

beforeAll(async () => {
  plain = await startTestServer();
  process.env.PAROLE_BENCH = '1';
  try {
    bench = await startTestServer();
  } finally {
    delete process.env.PAROLE_BENCH;
  }
  keyring = await fetchKeyring(bench.url);
});
afterAll(() => Promise.all([plain.close(), bench.close()]));

async function parse(server: TestServer, body: Uint8Array<ArrayBuffer>, campaign = 'temoignages') {
  return fetch(`${server.url}/api/bench/campaigns/${campaign}/parse`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', ...(await proofHeaders(server.url)) },
    body,
  });
}

describe('the bench parse route', () => {
  it('is absent without PAROLE_BENCH=1', async () => {
    const res = await parse(plain, envelopeFor(await fetchKeyring(plain.url), 'x'));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not_found', message: 'Nothing here.' });
  });

  it('accepts a valid envelope and stores nothing', async () => {
    const res = await parse(bench, envelopeFor(keyring, 'jeté après lecture'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: false });
    expect((await countRows(bench.dbPath)).submissions).toBe(0);
  });

  it.each([
    ['garbage bytes', () => new Uint8Array(1100), 'temoignages', 400, 'invalid_envelope'],
    ['a key not in the keyring', () => sealTo([generateKey()], 'x'), 'temoignages', 409, 'stale_keyring'],
    ['an unknown campaign', () => envelopeFor(keyring, 'x'), 'nope', 404, 'unknown_campaign'],
  ] as const)('refuses %s as a submission would be', async (_name, body, campaign, status, error) => {
    const res = await parse(bench, body() as Uint8Array<ArrayBuffer>, campaign);
    expect(res.status).toBe(status);
    expect((await res.json()).error).toBe(error);
  });
});
