import type { Db } from './db/client.js';

/** How long a remote database's reads are kept: a change made elsewhere shows within this. */
export const REMOTE_READ_SECONDS = 1;

/**
 * Reads that every submission makes and that change rarely (a campaign's definition, the active
 * key ids), kept between requests so that a flood of submissions does not re-read and re-validate
 * them each time.
 *
 * Whether they are still current:
 * - on an embedded file, SQLite's `data_version`, which moves whenever another connection commits
 *   (another instance, the CLI, the connection that stores submissions). It is read once per turn
 *   of the event loop, shared by the requests handled in that turn: a change committed before a
 *   request arrived is always seen. Writes made through this very connection do not move it:
 *   store.ts clears the cache when it writes campaigns or keys;
 * - on a remote server, whose statements may each run on a different connection, an age limit
 *   of REMOTE_READ_SECONDS.
 *
 * Only values that were found are kept, so that requests for slugs that do not exist cannot
 * grow the cache.
 */
export class ReadCache {
  private values = new Map<string, unknown>();
  // Moves at every clear, so that a read begun before a clear is not kept after it.
  private generation = 0;
  private version: unknown;
  private readAt = 0;
  private versionThisTurn: Promise<void> | undefined;

  constructor(private readonly db: Db) {}

  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    await this.dropIfStale();
    if (this.values.has(key)) return this.values.get(key) as T;
    const generation = this.generation;
    const value = await load();
    if (value !== undefined && generation === this.generation) this.values.set(key, value);
    return value;
  }

  clear(): void {
    this.values.clear();
    this.generation++;
  }

  private async dropIfStale(): Promise<void> {
    const client = this.db.$client;
    if (client.protocol === 'file') {
      if (!this.versionThisTurn) {
        this.versionThisTurn = this.readVersion();
        setImmediate(() => (this.versionThisTurn = undefined));
      }
      return this.versionThisTurn;
    }
    const now = performance.now();
    if (now - this.readAt > REMOTE_READ_SECONDS * 1000) {
      this.clear();
      this.readAt = now;
    }
  }

  private async readVersion(): Promise<void> {
    const { rows } = await this.db.$client.execute('PRAGMA data_version');
    const version = rows[0]?.[0];
    if (version !== this.version) this.clear();
    this.version = version;
  }
}
