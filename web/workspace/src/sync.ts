/**
 * The workspace's sync: the same two steps as `parole pull` and `parole purge`, through the same
 * client, and replies sealed here to a testimony's mailbox. Only signatures, ids, public
 * campaign definitions and ciphertext cross the network.
 */
import { bundleHeaderLine, bundleLine, envelopeDigest, type BundleEntry } from '../../../crypto/bundle.js';
import type { CampaignDefinition } from '../../../crypto/campaign.js';
import { decodePublicKey, fingerprint, type PublicKey } from '../../../crypto/keys.js';
import { mailboxId, sealReply } from '../../../crypto/mailbox.js';
import type { SigningKey } from '../../../crypto/signature.js';
import { DelegateApiError, DelegateClient, inBatches, serverAddress } from '../../../server/delegate-client.js';
import { MAX_IDS_PER_REQUEST } from '../../../server/delegate-protocol.js';

/** The client's refusal codes the interface explains; any other becomes 'server_error'. */
export const SYNC_ERRORS = [
  'invalid_server',
  'unreachable',
  'unknown_key',
  'key_removed',
  'stale_timestamp',
  'invalid_response',
  'interrupted',
  'campaign_exists',
  'unknown_campaign',
  'invalid_campaign',
  'server_error',
] as const;
export type SyncError = (typeof SYNC_ERRORS)[number];

export class SyncFailure extends Error {
  constructor(readonly code: SyncError) {
    super(code);
  }
}

async function talking<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const code = err instanceof DelegateApiError ? err.code : '';
    throw new SyncFailure((SYNC_ERRORS as readonly string[]).includes(code) ? (code as SyncError) : 'server_error');
  }
}

export async function connect(server: string, key: SigningKey): Promise<DelegateClient> {
  return talking(async () => new DelegateClient(serverAddress(server.trim().replace(/\/+$/, '') + '/'), key));
}

/** Every envelope sealed to this key that it has not confirmed yet. Throws SyncFailure. */
export async function pullNew(client: DelegateClient, onCount: (count: number) => void): Promise<BundleEntry[]> {
  return talking(async () => {
    const entries: BundleEntry[] = [];
    for await (const entry of client.pull()) {
      entries.push(entry);
      if (entries.length % 100 === 0) onCount(entries.length);
    }
    onCount(entries.length);
    return entries;
  });
}

/** Tells the server this key holds these envelopes. Throws SyncFailure. */
export async function confirmHeld(client: DelegateClient, entries: readonly BundleEntry[]): Promise<void> {
  await talking(() => inBatches(entries.map((e) => e.id), MAX_IDS_PER_REQUEST, async (ids) => void (await client.confirm(ids))));
}

/** Asks the server to delete these envelopes; it deletes only those this key confirmed, unchanged. */
export async function purgeHeld(client: DelegateClient, entries: Iterable<BundleEntry>): Promise<{ deleted: number; kept: number }> {
  const result = { deleted: 0, kept: 0 };
  const items = [...entries].map((e) => ({ id: e.id, digest: envelopeDigest(e.envelope) }));
  await talking(() =>
    inBatches(items, MAX_IDS_PER_REQUEST, async (batch) => {
      const answer = await client.purge(batch);
      result.deleted += answer.deleted;
      result.kept += answer.kept;
    }),
  );
  return result;
}

/** Seals a reply to one mailbox key and files it on the server. Throws SyncFailure. */
export async function sendReply(client: DelegateClient, reply: { text: string; sent: string }, key: SigningKey, mailbox: PublicKey): Promise<void> {
  const envelope = sealReply(reply, key, mailbox);
  await talking(() => client.reply(envelope));
}

/** Deletes every reply to this mailbox from the server; how many it deleted. Throws SyncFailure. */
export async function purgeReplies(client: DelegateClient, mailbox: PublicKey): Promise<number> {
  return talking(() => client.purgeReplies(mailboxId(mailbox)));
}

/** Every campaign the server holds, open or not. Throws SyncFailure. */
export async function listCampaigns(client: DelegateClient): Promise<CampaignDefinition[]> {
  return talking(() => client.campaigns());
}

/** Creates or replaces a campaign; the server's stored definition comes back. Throws SyncFailure. */
export async function storeCampaign(client: DelegateClient, definition: CampaignDefinition, mode: 'create' | 'replace'): Promise<CampaignDefinition> {
  return talking(() => client.saveCampaign(definition, mode));
}

/**
 * The fingerprints of the keys the server's pages encrypt to, computed here from the public keys,
 * never taken from the server's own fingerprint field. Throws SyncFailure.
 */
export async function servedFingerprints(client: DelegateClient): Promise<string[]> {
  const keyring = await talking(() => client.keyring());
  try {
    return keyring.map((k) => fingerprint(decodePublicKey(k.publicKey)));
  } catch {
    throw new SyncFailure('invalid_response');
  }
}

/** A bundle file's text, the same format `parole pull` writes. */
export function bundleText(entries: readonly BundleEntry[]): string {
  return bundleHeaderLine() + entries.map(bundleLine).join('');
}
