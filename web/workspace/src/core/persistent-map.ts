/**
 * An immutable string-keyed map whose updates copy one bucket, not the whole map: the workspace
 * state holds one value per testimony (10,000 and more), and every edit makes a new state.
 * Keys are spread over a fixed number of buckets by hash, so an update costs the bucket table
 * plus one bucket, and two maps derived from the same one share the buckets neither changed.
 */

const BUCKETS = 256;

export interface PersistentMap<V> {
  readonly size: number;
  readonly buckets: readonly (ReadonlyMap<string, V> | undefined)[];
}

const EMPTY: PersistentMap<never> = { size: 0, buckets: new Array(BUCKETS).fill(undefined) };

export function emptyMap<V>(): PersistentMap<V> {
  return EMPTY;
}

// FNV-1a over UTF-16 code units: any spread will do, since keys are random ids or server ids.
function bucketOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % BUCKETS;
}

export function getIn<V>(map: PersistentMap<V>, key: string): V | undefined {
  return map.buckets[bucketOf(key)]?.get(key);
}

function withBucket<V>(map: PersistentMap<V>, index: number, bucket: ReadonlyMap<string, V>, size: number): PersistentMap<V> {
  const buckets = map.buckets.slice();
  buckets[index] = bucket.size === 0 ? undefined : bucket;
  return { size, buckets };
}

/** A map equal to `map` with `key` set to `value`. */
export function setIn<V>(map: PersistentMap<V>, key: string, value: V): PersistentMap<V> {
  const index = bucketOf(key);
  const bucket = new Map(map.buckets[index]);
  const had = bucket.has(key);
  bucket.set(key, value);
  return withBucket(map, index, bucket, had ? map.size : map.size + 1);
}

/** A map equal to `map` without `key`; `map` itself when it has no such key. */
export function deleteIn<V>(map: PersistentMap<V>, key: string): PersistentMap<V> {
  const index = bucketOf(key);
  const old = map.buckets[index];
  if (!old?.has(key)) return map;
  const bucket = new Map(old);
  bucket.delete(key);
  return withBucket(map, index, bucket, map.size - 1);
}

/** Every key and value, in no particular order. */
export function* entriesOf<V>(map: PersistentMap<V>): IterableIterator<[string, V]> {
  for (const bucket of map.buckets) if (bucket) yield* bucket;
}

/** A map built in one pass, for decoding and merging. */
export function mapFrom<V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> {
  const buckets: Map<string, V>[] = [];
  let size = 0;
  for (const [key, value] of entries) {
    const index = bucketOf(key);
    const bucket = (buckets[index] ??= new Map());
    if (!bucket.has(key)) size++;
    bucket.set(key, value);
  }
  return { size, buckets: Array.from({ length: BUCKETS }, (_, i) => buckets[i]) };
}

/**
 * The union of two maps, with `join` deciding the value of a key both hold (a null result drops
 * the key) and `one` deciding the value of a key only one holds, given which side holds it.
 * Buckets the two maps share are kept as they are, so merging a state with its own
 * descendant costs only what changed.
 */
export function unionWith<V>(
  a: PersistentMap<V>,
  b: PersistentMap<V>,
  join: (x: V, y: V) => V | null,
  one: (value: V, side: 'a' | 'b') => V | null,
): PersistentMap<V> {
  if (a === b) return a;
  let size = 0;
  const buckets = a.buckets.map((left, i) => {
    const right = b.buckets[i];
    if (left === right) {
      size += left?.size ?? 0;
      return left;
    }
    const out = new Map<string, V>();
    for (const [key, x] of left ?? []) {
      const y = right?.get(key);
      const value = y === undefined ? one(x, 'a') : join(x, y);
      if (value !== null) out.set(key, value);
    }
    for (const [key, y] of right ?? []) {
      if (left?.has(key)) continue;
      const value = one(y, 'b');
      if (value !== null) out.set(key, value);
    }
    size += out.size;
    return out.size === 0 ? undefined : out;
  });
  return { size, buckets };
}
