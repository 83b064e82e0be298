import { fromBase64, toBase64, toHex } from './bytes.js';
import { parseEnvelopeHeader } from './envelope.js';
import { labelledHash } from './hash.js';

/**
 * A bundle is the NDJSON file of envelopes that `parole export` and `parole pull` write and
 * that the CLI's decrypt and the workspace read (docs/FORMATS.md, "Export file").
 */
export const BUNDLE_HEADER = { parole: 'export', version: 1 } as const;

export interface BundleEntry {
  /** The server's random id, 1 to 2^53 - 1. */
  id: number;
  campaign: string;
  /** The UTC day the server stored it, YYYY-MM-DD. */
  day: string;
  envelope: Uint8Array;
}

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** A campaign's slug: what its page's address and every bundle line name it by. */
export const CAMPAIGN_SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The first line of every bundle, with its newline. */
export function bundleHeaderLine(): string {
  return JSON.stringify(BUNDLE_HEADER) + '\n';
}

/** True when a line is a version 1 bundle header. */
export function isBundleHeader(line: string): boolean {
  try {
    const header = JSON.parse(line);
    return header?.parole === BUNDLE_HEADER.parole && header?.version === BUNDLE_HEADER.version;
  } catch {
    return false;
  }
}

/** One entry as a line, with its newline. */
export function bundleLine(entry: BundleEntry): string {
  return JSON.stringify({ id: entry.id, campaign: entry.campaign, day: entry.day, envelope: toBase64(entry.envelope) }) + '\n';
}

/**
 * Reads one entry line and checks its envelope's structure. Throws 'invalid bundle line'
 * when any field is malformed; the envelope is not opened.
 */
export function parseBundleLine(line: string): BundleEntry {
  try {
    const value = JSON.parse(line);
    const ok =
      Number.isSafeInteger(value?.id) && value.id >= 1 &&
      typeof value.campaign === 'string' && CAMPAIGN_SLUG.test(value.campaign) &&
      typeof value.day === 'string' && DAY.test(value.day) && typeof value.envelope === 'string';
    if (!ok) throw new Error();
    const envelope = fromBase64(value.envelope);
    parseEnvelopeHeader(envelope);
    return { id: value.id, campaign: value.campaign, day: value.day, envelope };
  } catch {
    throw new Error('invalid bundle line');
  }
}

/** 64 hex digits naming an envelope's exact bytes: a purge names envelopes by it, so only an intact copy can delete one. */
export function envelopeDigest(envelope: Uint8Array): string {
  return toHex(labelledHash('parole/v1/envelope-digest', envelope, 32));
}
