/**
 * Payloads are padded to one of a few sizes before encryption, so a ciphertext tells only
 * its bucket, never the length of the text. The server accepts only these sizes.
 */
export const BUCKETS: readonly number[] = [1024, 2048, 4096, 8192, 16384, 32768, 65536];
export const LENGTH_PREFIX = 4;
export const MAX_PAYLOAD = BUCKETS[BUCKETS.length - 1] - LENGTH_PREFIX;

/** The bucket a payload of this many bytes is padded to; null when it is too long. */
export function bucketFor(length: number): number | null {
  return BUCKETS.find((b) => b >= length + LENGTH_PREFIX) ?? null;
}

/** 4-byte big-endian length, the data, zeros up to the bucket. Throws 'payload too large'. */
export function pad(data: Uint8Array): Uint8Array {
  const bucket = bucketFor(data.length);
  if (bucket === null) throw new Error('payload too large');
  const out = new Uint8Array(bucket);
  new DataView(out.buffer).setUint32(0, data.length);
  out.set(data, LENGTH_PREFIX);
  return out;
}

/** Throws 'invalid padding' unless the size is a bucket, the length fits and the tail is zeros. */
export function unpad(padded: Uint8Array): Uint8Array {
  if (!BUCKETS.includes(padded.length)) throw new Error('invalid padding');
  const length = new DataView(padded.buffer, padded.byteOffset, padded.length).getUint32(0);
  if (length > padded.length - LENGTH_PREFIX) throw new Error('invalid padding');
  for (let i = LENGTH_PREFIX + length; i < padded.length; i++) {
    if (padded[i] !== 0) throw new Error('invalid padding');
  }
  return padded.slice(LENGTH_PREFIX, LENGTH_PREFIX + length);
}
