/**
 * Keyring rotation: once a delegate's key is removed, no new testimony reaches it and its
 * signed requests are refused, while what it pulled before stays readable to it and what was
 * sealed to several keys stays readable to the others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundleHeaderLine,
  decodeTestimony,
  envelopeDigest,
  generateKey,
  openEnvelope,
  parseBundleLine,
  sealReply,
  toBase64,
  type BundleEntry,
  type SecretKey,
  type SigningKey,
} from '../../crypto/index.js';
import { createDb } from '../../server/db/client.js';
import { DELEGATE_PATHS } from '../../server/delegate-protocol.js';
import { removeKey } from '../../server/store.js';
import { CAMPAIGN, countRows, registerDelegate, sealTo, send, signed, type TestDelegate } from '../helpers/delegate.js';
import { envelopeFor, fetchKeyring, postEnvelope, proofHeaders, type KeyringEntry } from '../helpers/envelopes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const NOW = Date.parse('2026-03-04T15:16:17.250Z');
const clock = () => new Date(NOW);

let server: TestServer;
let leaving: TestDelegate;
let staying: TestDelegate;
/** Sealed to both keys and sent before the rotation. */
let before: Uint8Array<ArrayBuffer>;
/** What the leaving key pulled before it was removed. */
let pulledBefore: BundleEntry[];

async function removeFromKeyring(id: string): Promise<void> {
  const database = await createDb(`file:${server.dbPath}`);
  try {
    await removeKey(database.db, id, '2026-03-04');
  } finally {
    await database.close();
  }
}

async function call(key: SigningKey, method: string, path: string, body?: unknown) {
  const response = await send(server.url, signed(key, method, path, body, NOW));
  return { status: response.status, text: await response.text() };
}

async function pull(key: SigningKey): Promise<BundleEntry[]> {
  const answer = await call(key, 'GET', DELEGATE_PATHS.envelopes);
  expect(answer.status).toBe(200);
  expect(answer.text.startsWith(bundleHeaderLine())).toBe(true);
  return answer.text.slice(bundleHeaderLine().length).split('\n').filter(Boolean).map(parseBundleLine);
}

const textOf = (envelope: Uint8Array, key: SecretKey) => {
  const payload = openEnvelope(envelope, key);
  return payload === null ? null : decodeTestimony(payload).text;
};

const ids = (keyring: KeyringEntry[]) => keyring.map((k) => k.id).sort();

beforeAll(async () => {
  server = await startTestServer({ clock });
  // The demo key a fresh server makes is no part of this keyring.
  for (const demo of await fetchKeyring(server.url)) await removeFromKeyring(demo.id);
  leaving = await registerDelegate(server.dbPath, 'Départ');
  staying = await registerDelegate(server.dbPath, 'Reste');
  expect(ids(await fetchKeyring(server.url))).toEqual([leaving.id, staying.id].sort());

  before = envelopeFor(await fetchKeyring(server.url), 'écrit avant la rotation');
  expect((await postEnvelope(server.url, before)).status).toBe(201);
  pulledBefore = await pull(leaving.key);
  expect(pulledBefore).toHaveLength(1);

  await removeFromKeyring(leaving.id);
});
afterAll(() => server.close());

describe('after a key is removed from the keyring', () => {
  it('serves only the remaining keys to the page', async () => {
    const keyring = await fetchKeyring(server.url);
    expect(ids(keyring)).toEqual([staying.id]);
    expect(JSON.stringify(keyring)).not.toContain(leaving.id);
  });

  it.each([
    ['the removed key alone', () => [leaving.key]],
    ['the removed key and the remaining one', () => [leaving.key, staying.key]],
  ])('refuses a testimony or a follow-up sealed to %s: 409 stale_keyring with the current keyring, nothing stored', async (_, recipients) => {
    const stale = sealTo(recipients(), 'trop tard');
    const rows = await countRows(server.dbPath);
    for (const path of ['submissions', 'followups']) {
      const res = await fetch(`${server.url}/api/campaigns/${CAMPAIGN}/${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream', ...(await proofHeaders(server.url)) },
        body: stale,
      });
      expect(res.status, path).toBe(409);
      const body = await res.json();
      expect(body.error).toBe('stale_keyring');
      expect(ids(body.keyring)).toEqual([staying.id]);
    }
    expect(await countRows(server.dbPath)).toEqual(rows);
  });

  it('accepts a testimony sealed to the current keyring (control)', async () => {
    const rows = await countRows(server.dbPath);
    expect((await postEnvelope(server.url, envelopeFor(await fetchKeyring(server.url), 'après la rotation'))).status).toBe(201);
    expect((await countRows(server.dbPath)).submissions).toBe(rows.submissions + 1);
  });

  it('leaves what the removed key pulled before readable with its secret key', () => {
    expect(pulledBefore[0].envelope).toEqual(before);
    expect(textOf(pulledBefore[0].envelope, leaving.key)).toBe('écrit avant la rotation');
  });

  it('lets the remaining key pull and open what was sealed to both before the rotation', async () => {
    const entries = await pull(staying.key);
    const texts = entries.map((entry) => textOf(entry.envelope, staying.key)).sort();
    expect(texts).toEqual(['après la rotation', 'écrit avant la rotation']);
    const old = entries.find((entry) => envelopeDigest(entry.envelope) === envelopeDigest(before))!;
    expect(old.id).toBe(pulledBefore[0].id);
    // The removed key could open it as well, but it cannot pull anything any more.
    expect(textOf(old.envelope, leaving.key)).toBe('écrit avant la rotation');
    expect(entries.filter((entry) => textOf(entry.envelope, leaving.key) === null)).toHaveLength(1);
  });

  it('refuses every signed request of the removed key: 403 key_removed, nothing changed', async () => {
    const requests: [string, string, unknown][] = [
      ['GET', DELEGATE_PATHS.envelopes, undefined],
      ['POST', DELEGATE_PATHS.confirm, { ids: [pulledBefore[0].id] }],
      ['POST', DELEGATE_PATHS.purge, { envelopes: [{ id: pulledBefore[0].id, digest: envelopeDigest(before) }] }],
      ['GET', DELEGATE_PATHS.campaigns, undefined],
      ['POST', DELEGATE_PATHS.replies, { envelope: toBase64(sealReply({ text: 'encore moi', sent: '2026-03-04T15:16Z' }, leaving.key, generateKey())) }],
      ['POST', '/api/delegate/replies/purge', { mailbox: '0123456789abcdef' }],
    ];
    for (const [method, path, body] of requests) {
      const rows = await countRows(server.dbPath);
      const answer = await call(leaving.key, method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(JSON.parse(answer.text).error).toBe('key_removed');
      expect(await countRows(server.dbPath), `${method} ${path}`).toEqual(rows);
    }
  });
});
