/**
 * The delegate side of signed requests: the one module through which the CLI (and the
 * workspace's sync button) talks to a Parole server. It moves ciphertext, ids and signatures;
 * it holds the Ed25519 signing seed, never the X25519 secret that opens envelopes.
 * Isomorphic: fetch and web streams only, so that the workspace can bundle it.
 */
import type { CampaignDefinition } from '../crypto/campaign.js';
import { canonicalBundleLine, isBundleHeader, type BundleEntry, type CanonicalBundleLine } from '../crypto/bundle.js';
import { toBase64, utf8 } from '../crypto/bytes.js';
import { parseEnvelopeHeader } from '../crypto/envelope.js';
import { keyId } from '../crypto/keys.js';
import { signRequest, type SigningKey } from '../crypto/signature.js';
import { DELEGATE_PATHS } from './delegate-protocol.js';

/** A refusal by the server (its code and message) or a failure to reach it. */
export class DelegateApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// A line holds one envelope in base64 (at most about 1.4 MB): anything longer is not a bundle.
const MAX_LINE_CHARS = 2 * 1024 * 1024;
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * A server address: https, or http only to this machine or an onion service, where TLS adds
 * nothing. Throws DelegateApiError('invalid_server').
 */
export function serverAddress(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DelegateApiError('invalid_server', 'the server address is not a URL');
  }
  const plainOk = LOOPBACK.test(url.hostname) || url.hostname.endsWith('.onion');
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && plainOk))) {
    throw new DelegateApiError('invalid_server', 'the server address must start with https:// (http:// only for this machine or a .onion)');
  }
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    throw new DelegateApiError('invalid_server', 'give the server address alone, such as https://parole.example.org');
  }
  return url;
}

/** Sends items in batches of `size`, in order, one request at a time. */
export async function inBatches<T>(items: AsyncIterable<T> | Iterable<T>, size: number, send: (batch: T[]) => Promise<void>): Promise<void> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      await send(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await send(batch);
}

export class DelegateClient {
  private readonly ownId: string;

  constructor(
    private readonly server: URL,
    private readonly key: SigningKey,
    private readonly fetcher: typeof fetch = globalThis.fetch.bind(globalThis),
  ) {
    this.ownId = keyId(key);
  }

  private async send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    const bytes = body === undefined ? new Uint8Array(0) : utf8(JSON.stringify(body));
    const headers: Record<string, string> = { Authorization: signRequest(this.key, { method, path, body: bytes }) };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetcher(new URL(path, this.server), {
        method,
        headers,
        body: body === undefined ? undefined : (bytes as Uint8Array<ArrayBuffer>),
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        cache: 'no-store',
      });
    } catch {
      throw new DelegateApiError('unreachable', `cannot reach ${this.server.origin}`);
    }
    if (response.ok) return response;
    let refusal: { error?: unknown; message?: unknown } = {};
    try {
      refusal = await response.json();
    } catch {
      // A proxy's error page: the status alone is reported.
    }
    const code = typeof refusal.error === 'string' ? refusal.error : `http_${response.status}`;
    const message = typeof refusal.message === 'string' ? refusal.message.slice(0, 200) : `the server answered ${response.status}`;
    throw new DelegateApiError(code, message);
  }

  /** Streams the envelopes sealed to this key that it has not confirmed yet, checked one by one. */
  async *pull(): AsyncGenerator<BundleEntry> {
    for await (const { entry } of this.pullLines()) yield entry;
  }

  /**
   * What pull streams, each entry with its line as bundleLine writes it: `parole pull` copies
   * that line to its file rather than encode the envelope again.
   */
  async *pullLines(): AsyncGenerator<CanonicalBundleLine> {
    const response = await this.send('GET', DELEGATE_PATHS.envelopes);
    if (!response.body) throw new DelegateApiError('invalid_response', 'the server sent no bundle');
    const reader = response.body.getReader();
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let pending = '';
    let header = false;
    const take = (line: string): CanonicalBundleLine | null => {
      if (!header) {
        if (!isBundleHeader(line)) throw new DelegateApiError('invalid_response', 'the server sent something that is not a bundle');
        header = true;
        return null;
      }
      let checked: CanonicalBundleLine;
      try {
        checked = canonicalBundleLine(line);
      } catch {
        throw new DelegateApiError('invalid_response', 'the server sent a damaged bundle line');
      }
      if (!parseEnvelopeHeader(checked.entry.envelope).keyIds.includes(this.ownId)) {
        throw new DelegateApiError('invalid_response', 'the server sent an envelope that is not sealed to this key');
      }
      return checked;
    };
    try {
      for (;;) {
        let chunk;
        try {
          chunk = await reader.read();
          pending += decoder.decode(chunk.value ?? new Uint8Array(0), { stream: !chunk.done });
        } catch {
          throw new DelegateApiError('interrupted', 'the download was interrupted');
        }
        let start = 0;
        let end;
        while ((end = pending.indexOf('\n', start)) >= 0) {
          const checked = take(pending.slice(start, end));
          start = end + 1;
          if (checked) yield checked;
        }
        pending = pending.slice(start);
        if (pending.length > MAX_LINE_CHARS) throw new DelegateApiError('invalid_response', 'the server sent a line too long for a bundle');
        if (chunk.done) break;
      }
    } finally {
      reader.releaseLock();
      await response.body.cancel().catch(() => {});
    }
    if (pending !== '' || !header) throw new DelegateApiError('interrupted', 'the download was interrupted');
  }

  /** Tells the server this key holds these envelopes; returns how many it marked. */
  async confirm(ids: number[]): Promise<number> {
    const answer = (await (await this.send('POST', DELEGATE_PATHS.confirm, { ids })).json()) as { confirmed: number };
    return answer.confirmed;
  }

  /** Asks the server to delete envelopes this key holds, each named by its id and digest. */
  async purge(envelopes: { id: number; digest: string }[]): Promise<{ deleted: number; kept: number }> {
    return (await (await this.send('POST', DELEGATE_PATHS.purge, { envelopes })).json()) as {
      deleted: number;
      kept: number;
    };
  }

  /** Every campaign on the server, open or not, as the server validated it. */
  async campaigns(): Promise<CampaignDefinition[]> {
    return (await this.campaignsAndKeyring()).campaigns;
  }

  /** The public keys the server's pages encrypt to, in keyring order, as the server lists them. */
  async keyring(): Promise<{ publicKey: string; label: string }[]> {
    return (await this.campaignsAndKeyring()).keyring;
  }

  private async campaignsAndKeyring() {
    return (await (await this.send('GET', DELEGATE_PATHS.campaigns)).json()) as {
      campaigns: CampaignDefinition[];
      keyring: { publicKey: string; label: string }[];
    };
  }

  /** Creates a campaign (refused with `campaign_exists` when its slug is taken) or replaces one. */
  async saveCampaign(definition: CampaignDefinition, mode: 'create' | 'replace'): Promise<CampaignDefinition> {
    const path = mode === 'create' ? DELEGATE_PATHS.campaigns : DELEGATE_PATHS.campaign(definition.slug);
    const answer = (await (await this.send('POST', path, definition)).json()) as { campaign: CampaignDefinition };
    return answer.campaign;
  }

  /** Files a reply envelope, sealed to one mailbox key alone, for its receipt holder to read. */
  async reply(envelope: Uint8Array): Promise<void> {
    await this.send('POST', DELEGATE_PATHS.replies, { envelope: toBase64(envelope) });
  }

  /** Deletes every reply to this mailbox, whoever wrote it; returns how many the server deleted. */
  async purgeReplies(mailbox: string): Promise<number> {
    const answer = (await (await this.send('POST', DELEGATE_PATHS.repliesPurge, { mailbox })).json()) as { deleted?: unknown };
    const deleted = answer?.deleted;
    if (typeof deleted !== 'number' || !Number.isSafeInteger(deleted) || deleted < 0) {
      throw new DelegateApiError('invalid_response', 'the server did not say how many replies it deleted');
    }
    return deleted;
  }
}
