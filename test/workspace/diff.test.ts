import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wordDiff, type DiffPart } from '../../web/workspace/src/core/diff.js';

const side = (parts: DiffPart[], drop: DiffPart['kind']) => parts.filter((p) => p.kind !== drop).map((p) => p.text).join('');

describe('wordDiff', () => {
  it('shows a replaced name as one removal and one addition, the rest unchanged', () => {
    expect(wordDiff('Mme Dupont lit nos messages.', 'Mme [Personne A] lit nos messages.')).toEqual([
      { kind: 'same', text: 'Mme ' },
      { kind: 'removed', text: 'Dupont' },
      { kind: 'added', text: '[Personne A]' },
      { kind: 'same', text: ' lit nos messages.' },
    ]);
  });

  it('shows a cut as a removal only', () => {
    expect(wordDiff('Le chef, M. Martin, nous flique.', 'Le chef nous flique.')).toEqual([
      { kind: 'same', text: 'Le chef' },
      { kind: 'removed', text: ', M. Martin,' },
      { kind: 'same', text: ' nous flique.' },
    ]);
  });

  it('gives one part for equal texts and none for two empty ones', () => {
    expect(wordDiff('Rien à changer.', 'Rien à changer.')).toEqual([{ kind: 'same', text: 'Rien à changer.' }]);
    expect(wordDiff('', '')).toEqual([]);
  });

  it('keeps a changed punctuation mark apart from its word', () => {
    expect(wordDiff('trop tard.', 'trop tard !')).toEqual([
      { kind: 'same', text: 'trop tard' },
      { kind: 'removed', text: '.' },
      { kind: 'added', text: ' !' },
    ]);
  });

  it('a property: the parts rebuild both texts, and never two adjacent parts of one kind', () => {
    const words = fc.array(fc.constantFrom('le', 'chef', 'Dupont', ' ', ', ', '.', 'é', '\n', '[Personne A]', 'lit'), { maxLength: 30 }).map((w) => w.join(''));
    fc.assert(
      fc.property(fc.oneof(words, fc.string()), fc.oneof(words, fc.string()), (before, after) => {
        const parts = wordDiff(before, after);
        expect(side(parts, 'added')).toBe(before);
        expect(side(parts, 'removed')).toBe(after);
        for (let i = 1; i < parts.length; i++) expect(parts[i].kind).not.toBe(parts[i - 1].kind);
        for (const part of parts) expect(part.text).not.toBe('');
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a replaced name whole when a space it shares with the placeholder could split it', () => {
    expect(wordDiff('Dupont dit oui à Martin', '[Personne A] dit oui à [Personne B]')).toEqual([
      { kind: 'removed', text: 'Dupont' },
      { kind: 'added', text: '[Personne A]' },
      { kind: 'same', text: ' dit oui à ' },
      { kind: 'removed', text: 'Martin' },
      { kind: 'added', text: '[Personne B]' },
    ]);
  });

  it('shows only the two names in a 6,579-character quote anonymised at both ends', () => {
    const story =
      'On nous demande de rester tard sans prime. Le planning change la veille pour le lendemain. ' +
      'La direction ferme les yeux sur les horaires, et les congés d’été sont refusés sans raison. ';
    const body = story.repeat(40).slice(0, 6_579 - 'Mme Dupont '.length - ' M. Martin.'.length);
    const before = `Mme Dupont ${body} M. Martin.`;
    expect(before).toHaveLength(6_579);
    expect(wordDiff(before, `Mme [Personne A] ${body} M. [Personne B].`)).toEqual([
      { kind: 'same', text: 'Mme ' },
      { kind: 'removed', text: 'Dupont' },
      { kind: 'added', text: '[Personne A]' },
      { kind: 'same', text: ` ${body} M. ` },
      { kind: 'removed', text: 'Martin' },
      { kind: 'added', text: '[Personne B]' },
      { kind: 'same', text: '.' },
    ]);
  });

  it('a property: a few word edits in 2,000 words change at most the tokens they touched', () => {
    // Each edit touches at most two tokens: a replaced word is one out and one in, an inserted
    // or deleted word brings or takes its space. The vocabulary has no punctuation, so each run of
    // non-spaces in a part is one token, and it is small so that many diffs are equally short.
    const vocabulary = ['le', 'chef', 'nous', 'demande', 'de', 'rester', 'tard', 'congés', "d'été", 'après-midi'];
    const word = fc.constantFrom(...vocabulary);
    const edit = fc.record({ kind: fc.constantFrom('replace', 'insert', 'delete'), at: fc.nat(), word });
    fc.assert(
      fc.property(fc.array(word, { minLength: 2_000, maxLength: 2_000 }), fc.array(edit, { maxLength: 10 }), (words, edits) => {
        const edited = [...words];
        for (const { kind, at, word: replacement } of edits) {
          const index = at % edited.length;
          if (kind === 'replace') edited[index] = replacement;
          else if (kind === 'insert') edited.splice(index, 0, replacement);
          else edited.splice(index, 1);
        }
        const before = words.join(' ');
        const after = edited.join(' ');
        const parts = wordDiff(before, after);
        expect(side(parts, 'added')).toBe(before);
        expect(side(parts, 'removed')).toBe(after);
        const changedTokens = parts
          .filter((p) => p.kind !== 'same')
          .reduce((count, p) => count + (p.text.match(/\s+|\S+/g)?.length ?? 0), 0);
        expect(changedTokens).toBeLessThanOrEqual(2 * edits.length);
      }),
      { numRuns: 200 },
    );
  });

  it('answers one removal and one addition for two unrelated texts of 20,000 words', () => {
    const before = Array.from({ length: 20_000 }, (_, i) => `a${i}`).join(' ');
    const after = Array.from({ length: 20_000 }, (_, i) => `b${i}`).join(' ');
    expect(wordDiff(before, after)).toEqual([
      { kind: 'removed', text: before },
      { kind: 'added', text: after },
    ]);
  });
});
