/**
 * The anonymiser's placeholders remembered in the workspace state: what rememberPlaceholders
 * adds and refuses, what the queries say, how two delegates' letters merge (the earliest given
 * to a value counts, none is lost) and when the work reports one letter for two people.
 * Random histories are in state-merge.test.ts, bad files in state-codec.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { Placeholders } from '../../web/anonymise/index.js';
import type { PlaceholderAssignment } from '../../web/anonymise/placeholders.js';
import {
  decodeState,
  emptyState,
  encodeState,
  MAX_PLACEHOLDER,
  MAX_PLACEHOLDER_KEY,
  MAX_PLACEHOLDERS,
  merge,
  placeholderAssignments,
  placeholderClashes,
  rememberPlaceholders,
  type Author,
  type WorkspaceState,
} from '../../web/workspace/src/core/state.js';
import { author, bytesOf, thrown } from './state-fixtures.js';

const person = (key: string, placeholder: string): PlaceholderAssignment => ({ kind: 'name', key, placeholder });

/** What the workspace does on "Anonymiser": a set built from the state, then what it gave stored. */
function anonymiseNames(s: WorkspaceState, a: Author, names: readonly string[]): { state: WorkspaceState; replaced: string[] } {
  const placeholders = new Placeholders('fr', placeholderAssignments(s, 'fr'));
  const replaced = names.map((name) => placeholders.replacement('name', name));
  return { state: rememberPlaceholders(s, a, 'fr', placeholders.assignments()), replaced };
}

describe('rememberPlaceholders', () => {
  it('adds what is new with one stamp, per language, and changes nothing when nothing is new', () => {
    const a = author('1111111111111111', 1_000);
    const s = rememberPlaceholders(emptyState(), a, 'fr', [person('garnier', '[Personne A]'), { kind: 'term', key: 'site nord', placeholder: '[Terme A]' }]);
    expect(placeholderAssignments(s, 'fr')).toEqual([person('garnier', '[Personne A]'), { kind: 'term', key: 'site nord', placeholder: '[Terme A]' }]);
    expect(placeholderAssignments(s, 'en')).toEqual([]);
    expect(s.latest).toEqual({ time: 1_000, counter: 0, actor: '1111111111111111' });
    expect(rememberPlaceholders(s, a, 'fr', [person('garnier', '[Personne A]')])).toBe(s);
    expect(rememberPlaceholders(s, a, 'fr', [])).toBe(s);
    const english = rememberPlaceholders(s, a, 'en', [person('garnier', '[Person A]')]);
    expect(placeholderAssignments(english, 'en')).toEqual([person('garnier', '[Person A]')]);
    expect(placeholderAssignments(english, 'fr')).toBe(placeholderAssignments(s, 'fr'));
  });

  it('keeps a value’s first placeholder first when it is given another', () => {
    const a = author('1111111111111111', 1_000);
    const once = rememberPlaceholders(emptyState(), a, 'fr', [person('garnier', '[Personne B]')]);
    const twice = rememberPlaceholders(once, a, 'fr', [person('garnier', '[Personne A]')]);
    expect(placeholderAssignments(twice, 'fr')).toEqual([person('garnier', '[Personne B]'), person('garnier', '[Personne A]')]);
    expect(new Placeholders('fr', placeholderAssignments(twice, 'fr')).replacement('name', 'Garnier')).toBe('[Personne B]');
  });

  it('gives a person met in a later session the letter an earlier one gave, and a new person the next', () => {
    const first = anonymiseNames(emptyState(), author('1111111111111111', 1_000), ['Mme Garnier', 'Karim Benali']);
    const reopened = decodeState(encodeState(first.state));
    const second = anonymiseNames(reopened, author('2222222222222222', 5_000), ['Lefebvre', 'Garnier', 'Karim']);
    expect(first.replaced).toEqual(['[Personne A]', '[Personne B]']);
    expect(second.replaced).toEqual(['[Personne C]', '[Personne A]', '[Personne B]']);
    expect(placeholderClashes(second.state, 'fr')).toEqual([]);
  });

  it('refuses what a file could not hold, with fixed messages', () => {
    const a = author('1111111111111111', 1_000);
    const refused = (locale: string, assignments: unknown[]) =>
      thrown(() => rememberPlaceholders(emptyState(), a, locale as 'fr', assignments as PlaceholderAssignment[]));
    expect(refused('de', [person('garnier', '[Personne A]')])).toBe('invalid placeholder');
    expect(refused('fr', [{ kind: 'phone', key: '0612345678', placeholder: '[Téléphone]' }])).toBe('invalid placeholder');
    expect(refused('fr', [person('', '[Personne A]')])).toBe('invalid placeholder');
    expect(refused('fr', [person('garnier', '  ')])).toBe('invalid placeholder');
    expect(refused('fr', [person('gar\nnier', '[Personne A]')])).toBe('invalid placeholder');
    expect(refused('fr', [person('x'.repeat(MAX_PLACEHOLDER_KEY + 1), '[Personne A]')])).toBe('invalid placeholder');
    expect(refused('fr', [person('garnier', `[${'x'.repeat(MAX_PLACEHOLDER - 1)}]`)])).toBe('invalid placeholder');
    expect(refused('fr', [{ kind: 'name', key: 'garnier', placeholder: 7 }])).toBe('invalid placeholder');
    expect(refused('fr', [person('x'.repeat(MAX_PLACEHOLDER_KEY), `[${'x'.repeat(MAX_PLACEHOLDER - 2)}]`)])).toBe('no error');
  });

  it(`refuses more than ${MAX_PLACEHOLDERS} placeholders in one language`, () => {
    const a = author('1111111111111111', 1_000);
    const many = Array.from({ length: MAX_PLACEHOLDERS }, (_, i) => person(`p${i}`, `[Personne ${i}]`));
    const full = rememberPlaceholders(emptyState(), a, 'fr', many);
    expect(thrown(() => rememberPlaceholders(full, a, 'fr', [person('garnier', '[Personne X]')]))).toBe('too many placeholders');
    expect(rememberPlaceholders(full, a, 'fr', [many[0]])).toBe(full);
    expect(thrown(() => rememberPlaceholders(full, a, 'en', [person('garnier', '[Person A]')]))).toBe('no error');
  });
});

describe('placeholders of two delegates merged', () => {
  it('keeps the earliest placeholder given to a value, and every other one as taken', () => {
    const start = anonymiseNames(emptyState(), author('1111111111111111', 1_000), ['Martin']).state;
    const early = anonymiseNames(start, author('1111111111111111', 2_000), ['Garnier']).state;
    const late = anonymiseNames(start, author('2222222222222222', 3_000), ['Lefebvre', 'Garnier']).state;
    for (const merged of [merge(early, late), merge(late, early)]) {
      expect(bytesOf(merged)).toBe(bytesOf(merge(early, late)));
      expect(placeholderAssignments(merged, 'fr')).toEqual([
        person('garnier', '[Personne B]'),
        person('garnier', '[Personne C]'),
        person('lefebvre', '[Personne B]'),
        person('martin', '[Personne A]'),
      ]);
      const placeholders = new Placeholders('fr', placeholderAssignments(merged, 'fr'));
      // [Personne C] named Garnier in the late delegate's quotes: nobody new may take it.
      expect(['Garnier', 'Sophie'].map((name) => placeholders.replacement('name', name))).toEqual(['[Personne B]', '[Personne D]']);
      expect(placeholderClashes(merged, 'fr')).toEqual([{ placeholder: '[Personne B]', assignments: [person('garnier', '[Personne B]'), person('lefebvre', '[Personne B]')] }]);
    }
  });

  it('reports no clash for names one session linked, nor for one letter given to one person on both sides', () => {
    const start = emptyState();
    const one = anonymiseNames(start, author('1111111111111111', 1_000), ['Jean Dupont', 'Dupont']).state;
    const other = anonymiseNames(start, author('2222222222222222', 1_000), ['Jean Dupont', 'Jean']).state;
    const merged = merge(one, other);
    expect(placeholderAssignments(merged, 'fr').map((x) => x.placeholder)).toEqual(['[Personne A]', '[Personne A]', '[Personne A]']);
    expect(placeholderClashes(merged, 'fr')).toEqual([]);
    expect(placeholderClashes(merged, 'en')).toEqual([]);
  });

  it('writes no placeholders key when there are none, and reads a file without one as none', () => {
    const bytes = bytesOf(emptyState());
    expect(JSON.parse(bytes)).not.toHaveProperty('placeholders');
    expect(placeholderAssignments(decodeState(encodeState(emptyState())), 'fr')).toEqual([]);
    const s = anonymiseNames(emptyState(), author('1111111111111111', 1_000), ['Garnier']).state;
    expect(JSON.parse(bytesOf(s)).placeholders).toEqual([['fr', 'name', 'garnier', '[Personne A]', [1_000, 0, 0]]]);
  });
});
