/**
 * The reads every submission makes (server/read-cache.ts through store.ts): kept between
 * requests, and never stale once a change has been committed, on this connection or another.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodePublicKey, generateKey } from '../../crypto/index.js';
import { createDb, migrateDb, type Database } from '../../server/db/client.js';
import { ReadCache } from '../../server/read-cache.js';
import { activeKeyIds, addKey, DEFAULT_CAMPAIGN, ensureDefaultCampaign, getCampaign, removeKey, replaceCampaign } from '../../server/store.js';

const DAY = '2026-03-04';
/** The next turn of the event loop: the cache reads data_version once per turn. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

let path: string;
let served: Database;
let other: Database;

beforeEach(async () => {
  path = join(mkdtempSync(join(tmpdir(), 'parole-reads-')), 'parole.db');
  served = await createDb(`file:${path}`);
  await migrateDb(served.db);
  await ensureDefaultCampaign(served.db);
  other = await createDb(`file:${path}`);
});

afterEach(async () => {
  await served.close();
  await other.close();
});

describe('the read cache', () => {
  it('keeps a campaign between reads: a change that bypasses both the store and data_version goes unseen', async () => {
    expect((await getCampaign(served.db, 'temoignages'))?.state).toBe('open');
    // The same connection, behind the store's back: data_version does not move for a connection's own writes.
    await served.client.execute("UPDATE campaigns SET closed = 1 WHERE slug = 'temoignages'");
    await nextTurn();
    expect((await getCampaign(served.db, 'temoignages'))?.state).toBe('open');
  });

  it('sees a campaign closed by another connection at the next turn', async () => {
    expect((await getCampaign(served.db, 'temoignages'))?.state).toBe('open');
    await replaceCampaign(other.db, { ...DEFAULT_CAMPAIGN, state: 'closed' });
    await nextTurn();
    expect((await getCampaign(served.db, 'temoignages'))?.state).toBe('closed');
  });

  it('sees its own handle’s writes at once', async () => {
    expect((await getCampaign(served.db, 'temoignages'))?.state).toBe('open');
    await replaceCampaign(served.db, { ...DEFAULT_CAMPAIGN, state: 'closed' });
    expect((await getCampaign(served.db, 'temoignages'))?.state).toBe('closed');
  });

  it('does not keep a value read before a clear that came while it was being read', async () => {
    const cache = new ReadCache(served.db);
    let release = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    const reading = cache.get('k', async () => {
      await slow;
      return 'before the change';
    });
    await nextTurn();
    cache.clear();
    release();
    expect(await reading).toBe('before the change');
    expect(await cache.get('k', async () => 'after the change')).toBe('after the change');
  });

  it('sees keys added and removed, on either connection', async () => {
    expect(await activeKeyIds(served.db)).toEqual([]);
    const first = await addKey(other.db, encodePublicKey(generateKey()), 'ailleurs', DAY);
    await nextTurn();
    expect(await activeKeyIds(served.db)).toEqual([first.id]);
    const second = await addKey(served.db, encodePublicKey(generateKey()), 'ici', DAY);
    expect((await activeKeyIds(served.db)).sort()).toEqual([first.id, second.id].sort());
    await removeKey(other.db, first.id, DAY);
    await nextTurn();
    expect(await activeKeyIds(served.db)).toEqual([second.id]);
  });

  it('does not keep a slug it did not find: requests for made-up slugs cannot grow it', async () => {
    expect(await getCampaign(served.db, 'plus-tard')).toBeUndefined();
    // Behind the store's back on the same connection, as in the first test: only a read that is not kept finds it.
    await served.client.execute("INSERT INTO campaigns (slug, title_fr, title_en, intro_fr, intro_en) SELECT 'plus-tard', title_fr, title_en, intro_fr, intro_en FROM campaigns WHERE slug = 'temoignages'");
    await nextTurn();
    expect((await getCampaign(served.db, 'plus-tard'))?.slug).toBe('plus-tard');
  });
});
