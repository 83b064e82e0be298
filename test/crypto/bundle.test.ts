/**
 * Bundle lines: the quick path for lines in the form Parole's server writes must read every line,
 * valid or not, exactly as the JSON reading it stands beside, and give back the line bundleLine writes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bundleLine,
  canonicalBundleLine,
  fromBase64,
  parseBundleLine,
  parseEnvelopeHeader,
  sealEnvelope,
  toBase64,
  type BundleEntry,
} from '../../crypto/index.js';
import { outcome, seededBytes, testKey } from './fixtures.js';

/**
 * How a bundle line was read before the quick path for the server's own lines: JSON, the strict
 * base64 reader, the envelope's structure. Every line must still read exactly as it says.
 */
function referenceParse(line: string): BundleEntry {
  try {
    const value = JSON.parse(line);
    const ok =
      Number.isSafeInteger(value?.id) && value.id >= 1 &&
      typeof value.campaign === 'string' && /^[a-z0-9][a-z0-9-]{0,63}$/.test(value.campaign) &&
      typeof value.day === 'string' && /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(value.day) &&
      typeof value.envelope === 'string';
    if (!ok) throw new Error();
    const envelope = fromBase64(value.envelope);
    parseEnvelopeHeader(envelope);
    return { id: value.id, campaign: value.campaign, day: value.day, envelope };
  } catch {
    throw new Error('invalid bundle line');
  }
}

const RECIPIENT_BYTES = 88;

/** Mostly what a valid line holds, sometimes one of the values next to it. */
const mostly = <T>(valid: fc.Arbitrary<T>, invalid: T[]) => fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: fc.constantFrom(...invalid), weight: 1 });

/** Bytes shaped like an envelope, or nearly: version, count, key ids (maybe colliding), size. */
const envelopeArb = fc
  .record({
    version: mostly(fc.constant(1), [0, 2]),
    count: mostly(fc.integer({ min: 1, max: 3 }), [0, 17]),
    bucket: mostly(fc.constantFrom(1024, 2048), [0, 1023, 1025]),
    collide: mostly(fc.constant(false), [true]),
    seed: fc.integer(),
  })
  .map(({ version, count, bucket, collide, seed }) => {
    const bytes = seededBytes(2 + RECIPIENT_BYTES * count + 16 + bucket, seed);
    bytes[0] = version;
    bytes[1] = count;
    if (collide && count >= 2) bytes.copyWithin(2 + RECIPIENT_BYTES, 2, 10);
    return bytes;
  });

const entryArb = fc.record({
  id: mostly(fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.constantFrom(2 ** 53 - 1, 4503599627370497)), [0, -1, 2 ** 53, 2 ** 53 + 2, 9999999999999999, 1e21, 1.5]),
  campaign: mostly(fc.oneof(fc.constantFrom('nao-2025', 'a', '0', 'x'.repeat(64)), fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,7}$/)), ['-a', 'A', 'é', 'x'.repeat(65)]),
  day: mostly(fc.constantFrom('2025-03-01', '2026-12-31', '2025-02-31', '0000-01-01'), ['2025-13-01', '2025-00-10', '2025-3-01', '2025-03-01T00:00:00Z']),
  envelope: envelopeArb,
});

/** The line as bundleLine would write it for these values, whether or not they are valid. */
const writtenText = ({ id, campaign, day, envelope }: { id: number; campaign: string; day: string; envelope: Uint8Array }) =>
  `{"id":${id},"campaign":"${campaign}","day":"${day}","envelope":"${toBase64(envelope)}"}`;

const EDIT_CHARACTERS = 'AQgwEIMc048BZz9+/=-_ "\\{}:,.e\u00e9';

/** Other spellings of the same JSON, and small edits that mostly break a line. */
const lineArb = fc
  .record({
    entry: entryArb,
    edit: fc.oneof(
      { arbitrary: fc.constant('none'), weight: 8 },
      { arbitrary: fc.constantFrom('replace', 'replace near the end', 'delete', 'insert'), weight: 4 },
      { arbitrary: fc.constantFrom('spaced', 'reordered', 'extra field', 'escaped', 'id with .0', 'trailing space'), weight: 4 },
    ),
    at: fc.nat(),
    character: fc.constantFrom(...EDIT_CHARACTERS),
  })
  .map(({ entry, edit, at, character }) => {
    const line = writtenText(entry);
    const near = line.length - 2 - (at % 8);
    const i = at % line.length;
    switch (edit) {
      case 'replace': return line.slice(0, i) + character + line.slice(i + 1);
      case 'replace near the end': return line.slice(0, near) + character + line.slice(near + 1);
      case 'delete': return line.slice(0, i) + line.slice(i + 1);
      case 'insert': return line.slice(0, i) + character + line.slice(i);
      case 'spaced': return line.replaceAll('":', '": ');
      case 'reordered': return JSON.stringify({ day: entry.day, envelope: toBase64(entry.envelope), id: entry.id, campaign: entry.campaign });
      case 'extra field': return line.slice(0, -1) + ',"note":"x"}';
      case 'escaped': return line.replace(/"campaign":"(.)/, (_, c: string) => `"campaign":"\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      case 'id with .0': return line.replace(/^\{"id":(\d+)/, '{"id":$1.0');
      case 'trailing space': return line + ' ';
      default: return line;
    }
  });

describe('bundle lines', () => {
  it('read exactly as JSON and the strict base64 reader read them, whatever their spelling', () => {
    fc.assert(
      fc.property(lineArb, (line) => {
        const expected = outcome(() => referenceParse(line));
        expect(outcome(() => parseBundleLine(line))).toEqual(expected);
        const canonical = outcome(() => canonicalBundleLine(line));
        if (expected && typeof expected === 'object' && 'threw' in expected) {
          expect(canonical).toEqual(expected);
        } else {
          expect(canonical).toEqual({ entry: expected, text: bundleLine(expected as BundleEntry) });
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('keep a line the server wrote as it is, and write any other spelling as bundleLine does', () => {
    const entry = { id: 4503599627370497, campaign: 'nao-2025', day: '2025-03-01', envelope: sealEnvelope(new Uint8Array(10), [testKey(1)]) };
    const written = bundleLine(entry);
    expect(canonicalBundleLine(written.slice(0, -1))).toEqual({ entry, text: written });
    const spaced = written.slice(0, -1).replaceAll('":', '": ').replaceAll(',"', ', "');
    expect(canonicalBundleLine(spaced)).toEqual({ entry, text: written });
  });

  it('take any character in the last four of the envelope exactly when the strict base64 reader does', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ ';
    const accepted = new Map<number, number>();
    for (const count of [1, 2, 3]) {
      const envelope = sealEnvelope(new Uint8Array(10), [1, 2, 3].slice(0, count).map(testKey));
      const line = bundleLine({ id: 17, campaign: 'nao-2025', day: '2025-03-01', envelope }).slice(0, -1);
      const padding = /(=*)"\}$/.exec(line)![1].length;
      let readable = 0;
      for (let fromEnd = 3; fromEnd <= 6; fromEnd++) {
        const at = line.length - fromEnd;
        for (const character of alphabet) {
          const edited = line.slice(0, at) + character + line.slice(at + 1);
          const expected = outcome(() => referenceParse(edited));
          expect(outcome(() => parseBundleLine(edited))).toEqual(expected);
          expect(outcome(() => canonicalBundleLine(edited).entry)).toEqual(expected);
          if (!(expected && typeof expected === 'object' && 'threw' in expected)) readable++;
        }
      }
      accepted.set(padding, readable);
    }
    // A changed letter changes only the payload's bytes, which a line does not check, so the letters
    // that decode all read: every one, but only a quarter before "=" and a sixteenth before "==".
    // Any other change of length leaves no bucket's size.
    expect(Object.fromEntries(accepted)).toEqual({ 0: 4 * 64, 1: 2 * 64 + 16 + 1, 2: 64 + 4 + 2 });
  });
});
