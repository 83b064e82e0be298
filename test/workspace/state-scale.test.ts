/**
 * A workspace at the size a large campaign reaches: 10,000 testimonies, 30 tags in two levels,
 * 3 tags per testimony, 2,000 memos, 500 quotes, 50 terms, built one operation at a time as the
 * interface would. The answers are checked against counts kept here; the times are printed as
 * figures, never asserted.
 */
import { describe, expect, it } from 'vitest';
import { fromUtf8 } from '../../crypto/bytes.js';
import { generateKey, openWorkspace, sealWorkspace } from '../../crypto/index.js';
import {
  addQuote,
  addTerm,
  approveQuote,
  createTag,
  decodeState,
  editQuote,
  emptyState,
  encodeState,
  entriesTagged,
  entryTags,
  memo,
  merge,
  quotes,
  setEntryTag,
  setMemo,
  tags,
  terms,
  type WorkspaceState,
} from '../../web/workspace/src/core/state.js';
import { author } from './state-fixtures.js';

const ENTRIES = 10_000;
const ROOTS = 6;
const CHILDREN = 4;
const TAGS_PER_ENTRY = 3;
const MEMOS = 2_000;
const QUOTES = 500;
const TERMS = 50;

/** Server ids are 53-bit random numbers in decimal; these are spread the same way, but fixed. */
const entryId = (i: number) => String(2 ** 52 + ((i * 2_654_435_761) % 2 ** 40));

function timed<T>(run: () => T): [T, number] {
  const start = performance.now();
  const result = run();
  return [result, performance.now() - start];
}

const ms = (t: number) => `${t.toFixed(1)} ms`;

/** The first run (the code still cold, as after opening a file) and the best of three more. */
function firstAndBest<T>(run: () => T): [T, string] {
  const [result, first] = timed(run);
  const best = Math.min(...[0, 1, 2].map(() => timed(run)[1]));
  return [result, `${ms(first)} first, ${ms(best)} best of 3 more`];
}

describe('a workspace of 10,000 testimonies', () => {
  it('is built, queried, saved, reopened and merged (figures)', () => {
    const a = author('aaaaaaaaaaaaaaaa');
    const figures: string[] = [];
    let s = emptyState();

    const roots: string[] = [];
    const children: string[][] = [];
    for (let r = 0; r < ROOTS; r++) {
      const root = createTag(s, a, { name: `Thème ${r}` });
      s = root.state;
      roots.push(root.id);
      children.push([]);
      for (let c = 0; c < CHILDREN; c++) {
        const child = createTag(s, a, { name: `Sous-thème ${r}.${c}`, parent: root.id });
        s = child.state;
        children[r].push(child.id);
      }
    }
    const allTags = [...roots, ...children.flat()];
    expect(tags(s)).toHaveLength(30);

    // Each testimony gets three distinct tags; the counts are kept here to check the queries.
    const expected = new Map<string, Set<string>>(allTags.map((id) => [id, new Set()]));
    const [, tagging] = timed(() => {
      for (let i = 0; i < ENTRIES; i++) {
        for (let k = 0; k < TAGS_PER_ENTRY; k++) {
          const tagId = allTags[(i * 7 + k * 11) % allTags.length];
          s = setEntryTag(s, a, entryId(i), tagId, true);
          expected.get(tagId)!.add(entryId(i));
        }
      }
    });
    figures.push(`tag 30,000 times: ${ms(tagging)} (${((tagging / 30_000) * 1000).toFixed(1)} µs per operation)`);

    const [, memoing] = timed(() => {
      for (let i = 0; i < MEMOS; i++) s = setMemo(s, a, entryId(i * 5), `Memo ${i} : à recouper avec le CSE.`);
    });
    figures.push(`write 2,000 memos: ${ms(memoing)}`);

    const quoteIds: string[] = [];
    const [, quoting] = timed(() => {
      for (let i = 0; i < QUOTES; i++) {
        const original = `Passage ${i} : « on nous impose des horaires sans prévenir ».`;
        const made = addQuote(s, a, { entryId: entryId(i * 20), start: 10, end: 10 + original.length, original, tags: [allTags[i % 30]] });
        s = made.state;
        quoteIds.push(made.id);
        if (i % 2 === 0) s = editQuote(s, a, made.id, `Passage ${i} : « on nous impose des horaires ».`);
        if (i % 5 === 0) s = approveQuote(s, a, made.id, true);
      }
    });
    figures.push(`add 500 quotes, edit 250, approve 100: ${ms(quoting)}`);
    for (let i = 0; i < TERMS; i++) s = addTerm(s, a, `Personne ${i}`);

    const [everyEntry, reading] = timed(() => Array.from({ length: ENTRIES }, (_, i) => entryTags(s, entryId(i))));
    expect(everyEntry.every((list) => list.length === TAGS_PER_ENTRY)).toBe(true);
    figures.push(`entryTags for all 10,000: ${ms(reading)}`);

    const [firstFilter, indexing] = timed(() => entriesTagged(s, roots[0], true));
    const rootExpected = new Set([roots[0], ...children[0]].flatMap((id) => [...expected.get(id)!]));
    expect(firstFilter).toEqual(rootExpected);
    figures.push(`entriesTagged, first call (builds the index): ${ms(indexing)}`);
    const [, filtering] = timed(() => allTags.map((id) => entriesTagged(s, id, true)));
    for (const id of children.flat()) expect(entriesTagged(s, id, false)).toEqual(expected.get(id));
    figures.push(`entriesTagged for all 30 tags with descendants, index built: ${ms(filtering)}`);

    const [afterOne, incremental] = timed(() => {
      const next = setEntryTag(s, a, entryId(1), children[5][3], !expected.get(children[5][3])!.has(entryId(1)));
      return [next, entriesTagged(next, children[5][3], false)] as const;
    });
    expect(afterOne[1].has(entryId(1))).toBe(!expected.get(children[5][3])!.has(entryId(1)));
    figures.push(`one tag switched then the filter read again: ${ms(incremental)}`);

    const [list, listing] = timed(() => quotes(s));
    expect(list).toHaveLength(QUOTES);
    expect(list.filter((q) => q.approved)).toHaveLength(100);
    expect(quotes(s)).toBe(list);
    figures.push(`quotes(), first call: ${ms(listing)}`);
    expect(terms(s)).toHaveLength(TERMS);

    const [bytes, encoding] = firstAndBest(() => encodeState(s));
    const [back, decoding] = firstAndBest(() => decodeState(bytes));
    expect(fromUtf8(encodeState(back))).toBe(fromUtf8(bytes));
    expect(entriesTagged(back, roots[0], true)).toEqual(rootExpected);
    figures.push(`encodeState: ${encoding}; ${(bytes.length / 1024).toFixed(0)} KiB`);
    figures.push(`decodeState: ${decoding}`);

    const key = generateKey();
    const [file, sealing] = timed(() => sealWorkspace(bytes, [key]));
    const [opened, opening] = timed(() => openWorkspace(file, key));
    expect(Buffer.from(opened!).equals(Buffer.from(bytes))).toBe(true);
    figures.push(`sealWorkspace: ${ms(sealing)}, file ${(file.length / 1024).toFixed(0)} KiB; openWorkspace: ${ms(opening)}`);

    // Two delegates go on from the saved file, each with 100 edits, then merge.
    const b = author('bbbbbbbbbbbbbbbb');
    let mine: WorkspaceState = s;
    let theirs: WorkspaceState = back;
    for (let i = 0; i < 100; i++) {
      mine = setMemo(mine, a, entryId(i * 97), `Ici ${i}`);
      theirs = setEntryTag(theirs, b, entryId(i * 89 + 1), roots[i % ROOTS], true);
    }
    const [merged, merging] = firstAndBest(() => merge(mine, theirs));
    expect(memo(merged, entryId(97))!.text).toBe('Ici 1');
    expect(entryTags(merged, entryId(90))).toContain(roots[1]);
    figures.push(`merge of two copies diverged by 100 edits each: ${merging}`);
    expect(fromUtf8(encodeState(merge(theirs, mine)))).toBe(fromUtf8(encodeState(merged)));
    const [, mergingDescendant] = timed(() => merge(s, mine));
    figures.push(`merge with its own descendant (shared buckets): ${ms(mergingDescendant)}`);
    const [, rebuild] = timed(() => entriesTagged(merged, roots[0], true));
    figures.push(`entriesTagged after a merge (index rebuilt): ${ms(rebuild)}`);

    console.log(`workspace state at 10,000 testimonies:\n  ${figures.join('\n  ')}`);
  });
});
