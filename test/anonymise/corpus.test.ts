/**
 * The anonymiser on invented French testimonies (corpus/README.md): precision and recall per
 * kind, printed for the tuning corpus and for the held-out one written by someone else. Only the
 * tuning figures are asserted; the held-out ones are printed as they are, never tuned on.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCorpus, score, table, totals, type Score } from './evaluate.js';

const CORPUS = join(import.meta.dirname, 'corpus');
const TUNE = join(CORPUS, 'tune.jsonl');
const HELD_OUT = join(CORPUS, 'heldout.jsonl');
const RECALL = 0.95;
const ORDINARY_KEPT = 0.95;

describe('the tuning corpus', () => {
  const lines = readCorpus(TUNE);
  const result: Score = score(lines);

  it('is large and varied enough to tune on', () => {
    expect(lines.length).toBeGreaterThanOrEqual(120);
    for (const kind of result.byKind.values()) expect(kind.annotated).toBeGreaterThanOrEqual(5);
  });

  it(`finds at least ${RECALL} of every kind and keeps at least ${ORDINARY_KEPT} of ordinary words`, () => {
    console.log(table('tuning corpus (tune.jsonl)', result));
    for (const [kind, k] of result.byKind) expect({ kind, recall: k.recalled / k.annotated }).toEqual({ kind, recall: expect.toSatisfy((r: number) => r >= RECALL) });
    const all = totals(result);
    expect(all.recalled / all.annotated).toBeGreaterThanOrEqual(RECALL);
    expect(result.ordinaryWordsKept / result.ordinaryWords).toBeGreaterThanOrEqual(ORDINARY_KEPT);
  });
});

describe.runIf(existsSync(HELD_OUT))('the held-out corpus', () => {
  it('prints its figures (asserting nothing: it must never be tuned on)', () => {
    console.log(table('held-out corpus (heldout.jsonl)', score(readCorpus(HELD_OUT))));
  });
});
