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

  it('answers whole parts for texts too long to compare word by word', () => {
    const before = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' ');
    const after = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(' ');
    const parts = wordDiff(before, after);
    expect(side(parts, 'added')).toBe(before);
    expect(side(parts, 'removed')).toBe(after);
  });
});
