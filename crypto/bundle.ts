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

/** An entry, and its line as bundleLine writes it. */
export interface CanonicalBundleLine {
  entry: BundleEntry;
  /** With its newline. */
  text: string;
}

const DAY_FORM = String.raw`\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])`;
const SLUG_FORM = '[a-z0-9][a-z0-9-]{0,63}';
const DAY = new RegExp(`^${DAY_FORM}$`);
/** A campaign's slug: what its page's address and every bundle line name it by. */
export const CAMPAIGN_SLUG = new RegExp(`^${SLUG_FORM}$`);

// Canonical base64 (docs/FORMATS.md §1): the character before any padding has its unused low bits at
// zero. The length, a multiple of 4, is checked in code: a pattern counting in fours is twice as slow.
const CANONICAL_BASE64 = '[A-Za-z0-9+/]*(?:[AQgw]==|[AEIMQUYcgkosw048]=)?';
/** The text bundleLine writes, less the newline, once the envelope's length is checked. */
const WRITTEN_LINE = new RegExp(`^\\{"id":([1-9]\\d{0,15}),"campaign":"(${SLUG_FORM})","day":"(${DAY_FORM})","envelope":"(${CANONICAL_BASE64})"\\}$`);

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
  return parseWrittenLine(line) ?? parseAnyLine(line);
}

/**
 * parseBundleLine, also giving the line as bundleLine writes it. A line already in that form,
 * as Parole's server sends it, is kept as it is, so that a pull copies it without encoding its
 * envelope again. Throws 'invalid bundle line' exactly when parseBundleLine does.
 */
export function canonicalBundleLine(line: string): CanonicalBundleLine {
  const written = parseWrittenLine(line);
  if (written) return { entry: written, text: line + '\n' };
  const entry = parseAnyLine(line);
  return { entry, text: bundleLine(entry) };
}

/**
 * The quick path for lines in bundleLine's form, which the pattern checks whole, base64 included:
 * fromBase64 proves a string canonical by encoding the bytes again, the slow part of reading a line.
 * Null for any other text; throws 'invalid bundle line' for a line in that form holding a bad value.
 */
function parseWrittenLine(line: string): BundleEntry | null {
  const match = typeof line === 'string' ? WRITTEN_LINE.exec(line) : null;
  if (!match) return null;
  const [, idDigits, campaign, day, base64] = match;
  const id = Number(idDigits);
  if (!Number.isSafeInteger(id) || base64.length % 4 !== 0) throw new Error('invalid bundle line');
  const binary = atob(base64);
  const envelope = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) envelope[i] = binary.charCodeAt(i);
  try {
    parseEnvelopeHeader(envelope);
  } catch {
    throw new Error('invalid bundle line');
  }
  return { id, campaign, day, envelope };
}

function parseAnyLine(line: string): BundleEntry {
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
