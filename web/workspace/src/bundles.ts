import { isBundleHeader, parseBundleLine, type BundleEntry } from '../../../crypto/bundle.js';

/** A bundle file as the browser read it. */
export interface BundleText {
  name: string;
  text: string;
}

/** What reading a set of bundle files gave: each envelope once, and what was set aside. */
export interface BundleRead {
  entries: BundleEntry[];
  /** Files that are not Parole bundles at all (no header line). */
  notBundles: string[];
  /** Lines that are not valid envelope lines. */
  badLines: number;
  /** Envelopes already loaded, from an earlier file or the same one. */
  duplicates: number;
}

/**
 * Reads bundle files into envelope entries, each id once (a delegate may load overlapping
 * pulls), in id order. Entries in `known` count as duplicates. Never throws on bad input.
 */
export function readBundles(files: readonly BundleText[], known: ReadonlySet<number> = new Set()): BundleRead {
  const seen = new Set(known);
  const read: BundleRead = { entries: [], notBundles: [], badLines: 0, duplicates: 0 };
  for (const file of files) {
    const lines = file.text.split('\n');
    if (!isBundleHeader(lines[0]?.replace(/\r$/, '') ?? '')) {
      read.notBundles.push(file.name);
      continue;
    }
    for (const raw of lines.slice(1)) {
      const line = raw.replace(/\r$/, '');
      if (line === '') continue;
      let entry: BundleEntry;
      try {
        entry = parseBundleLine(line);
      } catch {
        read.badLines++;
        continue;
      }
      if (seen.has(entry.id)) read.duplicates++;
      else {
        seen.add(entry.id);
        read.entries.push(entry);
      }
    }
  }
  read.entries.sort((a, b) => a.id - b.id);
  return read;
}
