import type { BundleEntry } from '../../../crypto/bundle.js';
import { openKeyFile } from '../../../crypto/keyfile.js';
import { decodePublicKey, keyId, type PublicKey, type SecretKey } from '../../../crypto/keys.js';
import type { Answer, Locale } from '../../../crypto/testimony.js';
import { recordReply } from './core/state.js';
import { readBundles, type BundleText } from './bundles.js';
import { campaigns } from './campaigns.svelte.js';
import { decryptAll } from './decrypt/pool.js';
import { download, today } from './download.js';
import { fold } from './search.js';
import { bundleText, confirmHeld, connect, pullNew, purgeHeld, purgeReplies, sendReply, SyncFailure, type SyncError } from './sync.js';
import { threadFields, threadsOf, type ThreadFields } from './threads.js';
import { forgetReview } from './review.svelte.js';
import { forgetViews } from './views.svelte.js';
import { work } from './work.svelte.js';

/** A decrypted testimony as the workspace shows it. It lives in memory only. */
export interface Entry extends ThreadFields {
  /** The server's id, in decimal: what tags, memos and quotes refer to. */
  id: string;
  campaign: string;
  day: string;
  locale: Locale;
  text: string;
  /** Answers to the campaign's questions, by question id; empty when it asked none. */
  answers: Readonly<Record<string, Answer>>;
  /** The text folded for search (see search.ts), computed once. */
  folded: string;
}

/** What one load of bundle files gave, for the delegate to read. */
export interface LoadReport {
  added: number;
  duplicates: number;
  notForYou: number;
  damaged: number;
  badLines: number;
  notBundles: string[];
}

export type UnlockError = 'not_key_file' | 'wrong_passphrase' | 'unusable_key_file';

/** Where a sync stands, for the interface to show. */
export type SyncStatus =
  | { step: 'pulling'; count: number }
  | { step: 'confirming' | 'purging' }
  | { step: 'pulled'; count: number; file: string }
  | { step: 'nothing_new' }
  | { step: 'purged'; deleted: number; kept: number }
  | { step: 'failed'; error: SyncError };

/**
 * The unlocked key and the testimonies it opened. Nothing here is ever written to storage:
 * closing the tab or pressing "lock" forgets it all.
 */
class Session {
  key = $state.raw<SecretKey | null>(null);
  entries = $state.raw<Entry[]>([]);
  /** The questions answered in any loaded testimony, by id, sorted. */
  questions = $derived([...new Set(this.entries.flatMap((e) => Object.keys(e.answers)))].sort());
  /** Testimonies with their follow-ups threaded under them. */
  threads = $derived(threadsOf(this.entries));
  progress = $state<{ done: number; total: number } | null>(null);
  lastLoad = $state.raw<LoadReport | null>(null);
  sync = $state.raw<SyncStatus | null>(null);
  /** The server address typed for sync, kept while the tab lives. */
  server = $state('');
  /** How many envelopes are loaded, which a purge would name. */
  heldCount = $state(0);
  /** The ciphertext of every envelope loaded, which a purge names by digest. */
  private held = new Map<number, BundleEntry>();
  private loadAbort: AbortController | null = null;

  /** Opens a key file's text with its passphrase; the error says which of three things went wrong. */
  async unlock(fileText: string, passphrase: string): Promise<UnlockError | null> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fileText);
    } catch {
      return 'not_key_file';
    }
    try {
      this.key = await openKeyFile(parsed, passphrase);
      return null;
    } catch (err) {
      const reason = (err as Error).message;
      if (reason === 'wrong passphrase') return 'wrong_passphrase';
      return reason === 'not a key file' ? 'not_key_file' : 'unusable_key_file';
    }
  }

  /** Forgets the key, every decrypted text and the work done on them. */
  lock(): void {
    work.reset();
    forgetReview();
    forgetViews();
    campaigns.forget();
    this.loadAbort?.abort();
    if (this.key) for (const part of [this.key.boxSecret, this.key.signSeed]) part.fill(0);
    this.key = null;
    this.entries = [];
    this.held.clear();
    this.heldCount = 0;
    this.lastLoad = null;
    this.sync = null;
    this.progress = null;
  }

  get busy(): boolean {
    return this.progress !== null;
  }

  /** Reads bundle files, decrypts what is new in workers, and adds it, in id order. */
  async load(files: readonly BundleText[]): Promise<LoadReport | 'cancelled' | null> {
    if (!this.key || this.busy) return null;
    const read = readBundles(files, new Set(this.held.keys()));
    const report: LoadReport = { added: 0, duplicates: read.duplicates, notForYou: 0, damaged: 0, badLines: read.badLines, notBundles: read.notBundles };
    return this.open(read.entries, report);
  }

  /** Null when decryption could not run here; 'cancelled' when the delegate stopped it. */
  private async open(entries: BundleEntry[], report: LoadReport): Promise<LoadReport | 'cancelled' | null> {
    const key = this.key;
    if (!key) return null;
    const abort = new AbortController();
    this.loadAbort = abort;
    this.progress = { done: 0, total: entries.length };
    try {
      const byId = new Map<string, BundleEntry>(entries.map((e) => [String(e.id), e]));
      const results = await decryptAll(
        entries.map((e) => ({ id: String(e.id), envelope: e.envelope })),
        key,
        { signal: abort.signal, onProgress: (done, total) => (this.progress = { done, total }) },
      );
      const added: Entry[] = [];
      for (const result of results) {
        if (result.status === 'not-for-you') report.notForYou++;
        else if (result.status === 'damaged') report.damaged++;
        else {
          const { campaign, day } = byId.get(result.id)!;
          const { locale, text, answers = {} } = result.testimony;
          // The bundle line names the campaign too; the sealed one is what the employee chose.
          added.push({
            id: result.id,
            campaign: result.testimony.campaign || campaign,
            day,
            locale,
            text,
            answers,
            folded: fold(text),
            ...threadFields(result.testimony),
          });
        }
      }
      report.added = added.length;
      for (const entry of entries) this.held.set(entry.id, entry);
      this.heldCount = this.held.size;
      this.entries = [...this.entries, ...added].sort((a, b) => Number(a.id) - Number(b.id));
      this.lastLoad = report;
      return report;
    } catch {
      return abort.signal.aborted ? 'cancelled' : null;
    } finally {
      // A lock may have ended this load and a new one begun: only this load's own traces go.
      if (this.loadAbort === abort) {
        this.progress = null;
        this.loadAbort = null;
      }
    }
  }

  /** Downloads again, as one bundle, the ciphertext of every envelope loaded: for a delegate whose copy was lost. */
  saveHeld(): void {
    if (this.held.size === 0) return;
    download(`parole-${today()}.ndjson`, bundleText([...this.held.values()].sort((a, b) => a.id - b.id)), 'application/x-ndjson');
  }

  cancelLoad(): void {
    this.loadAbort?.abort();
  }

  /**
   * Pulls what the server holds for this key, saves it as a bundle file (ciphertext) through a
   * download, confirms it, then decrypts it here. The server keeps it until a purge.
   */
  async pull(server = this.server): Promise<void> {
    const key = this.key;
    if (!key || this.busy || this.syncing) return;
    this.sync = { step: 'pulling', count: 0 };
    try {
      const client = await connect(server, key);
      const known = new Set(this.held.keys());
      const entries = (await pullNew(client, (count) => (this.sync = { step: 'pulling', count }))).filter((e) => !known.has(e.id));
      if (entries.length === 0) {
        this.sync = { step: 'nothing_new' };
        return;
      }
      // Named by the day only: a download list keeps file names, and an envelope id is the server's.
      const file = `parole-${today()}.ndjson`;
      download(file, bundleText(entries), 'application/x-ndjson');
      this.sync = { step: 'confirming' };
      await confirmHeld(client, entries);
      this.sync = { step: 'pulled', count: entries.length, file };
      await this.open(entries, { added: 0, duplicates: 0, notForYou: 0, damaged: 0, badLines: 0, notBundles: [] });
    } catch (err) {
      this.sync = { step: 'failed', error: err instanceof SyncFailure ? err.code : 'server_error' };
    }
  }

  /** Asks the server to delete every envelope loaded here; it keeps any this key did not confirm. */
  async purge(server = this.server): Promise<void> {
    const key = this.key;
    if (!key || this.busy || this.syncing) return;
    this.sync = { step: 'purging' };
    try {
      const client = await connect(server, key);
      this.sync = { step: 'purged', ...(await purgeHeld(client, this.held.values())) };
    } catch (err) {
      this.sync = { step: 'failed', error: err instanceof SyncFailure ? err.code : 'server_error' };
    }
  }

  /**
   * Seals a reply to the entry's mailbox, signed by this key, files it on the server, and records
   * it in the work for colleagues to see. Null once sent; otherwise why not, and nothing is
   * recorded. Only the sealed envelope leaves.
   */
  async reply(entry: Entry, text: string, server = this.server): Promise<SyncError | 'no_mailbox' | null> {
    const target = this.answerable(entry);
    if (!target) return 'no_mailbox';
    const { key, mailbox } = target;
    const sent = new Date().toISOString();
    try {
      await sendReply(await connect(server, key), { text, sent }, key, mailbox);
    } catch (err) {
      return err instanceof SyncFailure ? err.code : 'server_error';
    }
    work.create((state, author) => recordReply(state, author, { entryId: entry.id, mailbox: keyId(mailbox), from: keyId(key), text, sent }));
    return null;
  }

  /**
   * Deletes every reply to the entry's mailbox from the server, before retention would: the
   * receipt holder can no longer read them; the work keeps them. How many went, or why none did.
   */
  async purgeReplies(entry: Entry, server = this.server): Promise<{ deleted: number } | { error: SyncError | 'no_mailbox' }> {
    const target = this.answerable(entry);
    if (!target) return { error: 'no_mailbox' };
    try {
      return { deleted: await purgeReplies(await connect(server, target.key), target.mailbox) };
    } catch (err) {
      return { error: err instanceof SyncFailure ? err.code : 'server_error' };
    }
  }

  /** This key and the entry's mailbox, when the entry can be answered: it has a mailbox, and no unverified claim to one. */
  private answerable(entry: Entry): { key: SecretKey; mailbox: PublicKey } | null {
    if (!this.key || !entry.mailbox || entry.followUp === 'unverified') return null;
    return { key: this.key, mailbox: decodePublicKey(entry.mailbox) };
  }

  get syncing(): boolean {
    return this.sync?.step === 'pulling' || this.sync?.step === 'confirming' || this.sync?.step === 'purging';
  }
}

export const session = new Session();
