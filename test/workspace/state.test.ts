/**
 * The workspace state, one operation at a time: what each does, what it refuses and with which
 * message, what the queries then say, and the round trip through bytes and through an
 * encrypted workspace file. Merges are in state-merge.test.ts, bad files in
 * state-codec.test.ts, 10,000 testimonies in state-scale.test.ts.
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
  deleteQuote,
  deleteTag,
  editQuote,
  emptyState,
  encodeState,
  entriesTagged,
  entryTags,
  memo,
  mergeTags,
  newActor,
  quote,
  quotes,
  removeTerm,
  renameTag,
  setEntryTag,
  setMemo,
  setQuoteTags,
  setTagColour,
  setTagParent,
  tagDepth,
  tagPath,
  tags,
  TAG_COLOURS,
  terms,
  type WorkspaceState,
} from '../../web/workspace/src/core/state.js';
import { author, bytesOf, thrown } from './state-fixtures.js';

/** A state with a small tree: Conditions > (Horaires, Salaires > Primes), Santé. */
function sample(a = author()) {
  let s = emptyState();
  const make = (name: string, parent: string | null = null) => {
    const made = createTag(s, a, { name, parent });
    s = made.state;
    return made.id;
  };
  const conditions = make('Conditions');
  const horaires = make('Horaires', conditions);
  const salaires = make('Salaires', conditions);
  const primes = make('Primes', salaires);
  const sante = make('Santé');
  return { s, a, ids: { conditions, horaires, salaires, primes, sante } };
}

describe('tags', () => {
  it('creates tags with random ids, trimmed names and the palette in turn', () => {
    const a = author();
    let s = emptyState();
    const ids: string[] = [];
    for (let i = 0; i < TAG_COLOURS.length + 2; i++) {
      const made = createTag(s, a, { name: `  thème ${i}  ` });
      s = made.state;
      ids.push(made.id);
    }
    expect(ids.every((id) => /^[0-9a-f]{16}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const byId = new Map(tags(s).map((t) => [t.id, t]));
    expect(byId.get(ids[0])!.name).toBe('thème 0');
    expect(ids.map((id) => byId.get(id)!.colour)).toEqual([...TAG_COLOURS, TAG_COLOURS[0], TAG_COLOURS[1]]);
    // The same name in another workspace gets another id: ids never come from content.
    expect(createTag(emptyState(), a, { name: 'thème 0' }).id).not.toBe(ids[0]);
  });

  it('gives a new tag the colour fewest live tags use', () => {
    const a = author();
    let s = emptyState();
    const first = createTag(s, a, { name: 'un', colour: TAG_COLOURS[0] });
    s = createTag(first.state, a, { name: 'deux', colour: TAG_COLOURS[0] }).state;
    const third = createTag(s, a, { name: 'trois' });
    expect(tags(third.state).find((t) => t.id === third.id)!.colour).toBe(TAG_COLOURS[1]);
  });

  it('lists tags in tree order, siblings in French collation order', () => {
    const a = author();
    let s = emptyState();
    for (const name of ['Zèbre', 'été', 'Eau', 'école']) s = createTag(s, a, { name }).state;
    const eau = tags(s).find((t) => t.name === 'Eau')!.id;
    s = createTag(s, a, { name: 'Fuite', parent: eau }).state;
    s = createTag(s, a, { name: 'Débit', parent: eau }).state;
    expect(tags(s).map((t) => t.name)).toEqual(['Eau', 'Débit', 'Fuite', 'école', 'été', 'Zèbre']);
    expect(tags(s).map((t) => tagDepth(s, t.id))).toEqual([0, 1, 1, 0, 0, 0]);
  });

  it('answers depth and path from the root', () => {
    const { s, ids } = sample();
    expect(tagDepth(s, ids.conditions)).toBe(0);
    expect(tagDepth(s, ids.primes)).toBe(2);
    expect(tagPath(s, ids.primes)).toEqual(['Conditions', 'Salaires', 'Primes']);
    expect(tags(s).find((t) => t.id === ids.primes)!.parent).toBe(ids.salaires);
    expect(thrown(() => tagDepth(s, 'ffffffffffffffff'))).toBe('unknown tag');
    expect(thrown(() => tagPath(s, 'ffffffffffffffff'))).toBe('unknown tag');
  });

  it('refuses bad names, unknown parents and colours outside the palette', () => {
    const { s, a, ids } = sample();
    expect(thrown(() => createTag(s, a, { name: '' }))).toBe('invalid tag name');
    expect(thrown(() => createTag(s, a, { name: '   ' }))).toBe('invalid tag name');
    expect(thrown(() => createTag(s, a, { name: 'deux\nlignes' }))).toBe('invalid tag name');
    expect(thrown(() => createTag(s, a, { name: 'x'.repeat(101) }))).toBe('tag name too long');
    expect(thrown(() => createTag(s, a, { name: 'x'.repeat(100) }))).toBe('no error');
    expect(thrown(() => createTag(s, a, { name: 'x', parent: 'ffffffffffffffff' }))).toBe('unknown tag');
    expect(thrown(() => createTag(s, a, { name: 'x', colour: '#000000' }))).toBe('invalid colour');
  });

  it('refuses a duplicate name among siblings, whatever the case, and allows it elsewhere', () => {
    const { s, a, ids } = sample();
    expect(thrown(() => createTag(s, a, { name: 'SALAIRES', parent: ids.conditions }))).toBe('duplicate tag name');
    expect(thrown(() => createTag(s, a, { name: 'santé' }))).toBe('duplicate tag name');
    expect(thrown(() => createTag(s, a, { name: 'Salaires' }))).toBe('no error');
    expect(thrown(() => renameTag(s, a, ids.horaires, 'salaires'))).toBe('duplicate tag name');
    expect(thrown(() => setTagParent(s, a, ids.sante, ids.conditions))).toBe('no error');
    const clash = createTag(s, a, { name: 'Primes' }).state;
    expect(thrown(() => setTagParent(clash, a, tags(clash).find((t) => t.name === 'Primes' && t.parent === null)!.id, ids.salaires))).toBe('duplicate tag name');
  });

  it('renames, recolours, and changes nothing when nothing changes', () => {
    const { s, a, ids } = sample();
    const renamed = renameTag(s, a, ids.sante, '  Santé au travail ');
    expect(tagPath(renamed, ids.sante)).toEqual(['Santé au travail']);
    expect(renameTag(renamed, a, ids.sante, 'Santé au travail')).toBe(renamed);
    expect(tagPath(renameTag(s, a, ids.sante, 'SANTÉ'), ids.sante)).toEqual(['SANTÉ']);
    expect(thrown(() => renameTag(s, a, 'ffffffffffffffff', 'x'))).toBe('unknown tag');
    expect(thrown(() => renameTag(s, a, ids.sante, ' '))).toBe('invalid tag name');
    expect(thrown(() => renameTag(s, a, ids.sante, 'x'.repeat(101)))).toBe('tag name too long');

    const recoloured = setTagColour(s, a, ids.sante, TAG_COLOURS[7]);
    expect(tags(recoloured).find((t) => t.id === ids.sante)!.colour).toBe(TAG_COLOURS[7]);
    expect(setTagColour(recoloured, a, ids.sante, TAG_COLOURS[7])).toBe(recoloured);
    expect(thrown(() => setTagColour(s, a, ids.sante, 'red'))).toBe('invalid colour');
    expect(thrown(() => setTagColour(s, a, 'ffffffffffffffff', TAG_COLOURS[0]))).toBe('unknown tag');
  });

  it('moves a tag under another or to the top, and refuses a cycle', () => {
    const { s, a, ids } = sample();
    const moved = setTagParent(s, a, ids.salaires, ids.sante);
    expect(tagPath(moved, ids.primes)).toEqual(['Santé', 'Salaires', 'Primes']);
    expect(tagPath(setTagParent(moved, a, ids.salaires, null), ids.primes)).toEqual(['Salaires', 'Primes']);
    expect(setTagParent(s, a, ids.salaires, ids.conditions)).toBe(s);
    expect(thrown(() => setTagParent(s, a, ids.conditions, ids.conditions))).toBe('tag cycle');
    expect(thrown(() => setTagParent(s, a, ids.conditions, ids.primes))).toBe('tag cycle');
    expect(thrown(() => setTagParent(s, a, ids.salaires, 'ffffffffffffffff'))).toBe('unknown tag');
    expect(thrown(() => setTagParent(s, a, 'ffffffffffffffff', null))).toBe('unknown tag');
  });

  it('merges a tag into another: its testimonies, quotes and children follow', () => {
    const { s: base, a, ids } = sample();
    const { horaires, salaires, primes, conditions } = ids;
    let s = setEntryTag(base, a, '1', horaires, true);
    s = setEntryTag(s, a, '2', salaires, true);
    s = setEntryTag(s, a, '2', horaires, true);
    const q = addQuote(s, a, { entryId: '1', start: 0, end: 4, original: 'Nuit', tags: [salaires] });
    const before = q.state;
    s = mergeTags(before, a, salaires, horaires);
    expect(tags(s).map((t) => t.id)).not.toContain(salaires);
    expect(tagPath(s, primes)).toEqual(['Conditions', 'Horaires', 'Primes']);
    expect([...entriesTagged(s, horaires, false)].sort()).toEqual(['1', '2']);
    expect(entryTags(s, '2')).toEqual([horaires]);
    expect(quote(s, q.id)!.tags).toEqual([horaires]);
    expect(entriesTagged(s, salaires, true).size).toBe(0);
    // Untagging the survivor untags what was merged into it too.
    expect(entryTags(setEntryTag(s, a, '2', horaires, false), '2')).toEqual([]);
    expect(quote(setQuoteTags(s, a, q.id, []), q.id)!.tags).toEqual([]);
    expect(setEntryTag(s, a, '2', horaires, true)).toBe(s);
    expect(thrown(() => mergeTags(before, a, conditions, primes))).toBe('tag cycle');
    expect(thrown(() => mergeTags(before, a, horaires, horaires))).toBe('tag cycle');
    expect(thrown(() => mergeTags(before, a, horaires, 'ffffffffffffffff'))).toBe('unknown tag');
    expect(thrown(() => mergeTags(s, a, salaires, horaires))).toBe('unknown tag');
    expect(thrown(() => setEntryTag(s, a, '3', salaires, true))).toBe('unknown tag');
  });

  it('deletes a tag: its assignments go, its children move up to its parent', () => {
    const { s: start, a, ids } = sample();
    let s = setEntryTag(start, a, '5', ids.salaires, true);
    s = setEntryTag(s, a, '5', ids.primes, true);
    s = deleteTag(s, a, ids.salaires);
    expect(tags(s).map((t) => t.id)).not.toContain(ids.salaires);
    expect(tagPath(s, ids.primes)).toEqual(['Conditions', 'Primes']);
    expect(entryTags(s, '5')).toEqual([ids.primes]);
    expect(entriesTagged(s, ids.salaires, true).size).toBe(0);
    expect(thrown(() => deleteTag(s, a, ids.salaires))).toBe('unknown tag');
    expect(thrown(() => renameTag(s, a, ids.salaires, 'x'))).toBe('unknown tag');
    expect(thrown(() => createTag(s, a, { name: 'x', parent: ids.salaires }))).toBe('unknown tag');
  });
});

describe('testimonies', () => {
  it('tags and untags a testimony, and finds testimonies by tag with or without descendants', () => {
    const { s: start, a, ids } = sample();
    let s = setEntryTag(start, a, '10', ids.primes, true);
    s = setEntryTag(s, a, '10', ids.sante, true);
    s = setEntryTag(s, a, '9', ids.salaires, true);
    s = setEntryTag(s, a, '11', ids.horaires, true);
    expect(setEntryTag(s, a, '10', ids.primes, true)).toBe(s);
    expect(entryTags(s, '10')).toEqual([ids.primes, ids.sante]);
    expect(entryTags(s, '404')).toEqual([]);
    expect([...entriesTagged(s, ids.salaires, false)]).toEqual(['9']);
    expect([...entriesTagged(s, ids.salaires, true)].sort()).toEqual(['10', '9']);
    expect([...entriesTagged(s, ids.conditions, true)].sort()).toEqual(['10', '11', '9']);
    expect(entriesTagged(s, 'ffffffffffffffff', true).size).toBe(0);
    s = setEntryTag(s, a, '10', ids.primes, false);
    expect(entryTags(s, '10')).toEqual([ids.sante]);
    expect([...entriesTagged(s, ids.salaires, true)]).toEqual(['9']);
    expect(setEntryTag(s, a, '10', ids.primes, false)).toBe(s);
  });

  it('keeps the tag index right across edits made after it was built', () => {
    const { s: start, a, ids } = sample();
    let s = start;
    for (let i = 1; i <= 50; i++) {
      s = setEntryTag(s, a, String(i), i % 2 ? ids.horaires : ids.primes, true);
      expect(entriesTagged(s, ids.conditions, true).size).toBe(i);
    }
    s = setEntryTag(s, a, '3', ids.horaires, false);
    expect(entriesTagged(s, ids.horaires, false).has('3')).toBe(false);
    expect(entriesTagged(s, ids.horaires, false).size).toBe(24);
  });

  it('refuses a testimony id that is not the server id in decimal', () => {
    const { s, a, ids } = sample();
    for (const id of ['', 'abc', '01', '-1', '1.5', ' 1', '9007199254740992', '12345678901234567']) {
      expect(thrown(() => setEntryTag(s, a, id, ids.sante, true))).toBe('invalid entry');
      expect(thrown(() => setMemo(s, a, id, 'x'))).toBe('invalid entry');
    }
    expect(thrown(() => setEntryTag(s, a, '9007199254740991', ids.sante, true))).toBe('no error');
    expect(thrown(() => setEntryTag(s, a, '1', 'ffffffffffffffff', true))).toBe('unknown tag');
  });

  it('sets, replaces and clears a memo', () => {
    const a = author();
    let s = setMemo(emptyState(), a, '7', 'Relancer la direction');
    expect(memo(s, '7')).toEqual({ text: 'Relancer la direction', conflicts: [] });
    expect(memo(s, '8')).toBeNull();
    expect(setMemo(s, a, '7', 'Relancer la direction')).toBe(s);
    s = setMemo(s, a, '7', 'Fait');
    expect(memo(s, '7')!.text).toBe('Fait');
    expect(memo(setMemo(s, a, '7', ''), '7')).toBeNull();
    expect(memo(setMemo(s, a, '7', ' \n '), '7')).toBeNull();
    expect(setMemo(emptyState(), a, '7', '')).toEqual(emptyState());
    expect(thrown(() => setMemo(s, a, '7', 'x'.repeat(20_001)))).toBe('memo too long');
    expect(memo(setMemo(s, a, '7', 'x'.repeat(20_000)), '7')!.text.length).toBe(20_000);
  });
});

describe('quotes', () => {
  const text = 'On nous demande de revenir le dimanche 🙁 sans prime.';
  const start = text.indexOf('revenir');
  const original = text.slice(start, text.indexOf(' sans'));

  it('adds a quote published as selected, with its tags', () => {
    const { s: base, a, ids } = sample();
    const made = addQuote(base, a, { entryId: '12', start, end: start + original.length, original, tags: [ids.primes, ids.sante, ids.primes] });
    expect(made.id).toMatch(/^[0-9a-f]{16}$/);
    expect(quotes(made.state)).toEqual([
      { id: made.id, entryId: '12', start, end: start + original.length, original, published: original, tags: [ids.primes, ids.sante], approved: false, conflicts: [] },
    ]);
  });

  it('refuses bad offsets, blank text, a cut character, unknown tags and text over the limit', () => {
    const { s, a, ids } = sample();
    const cut = text.slice(0, text.indexOf('🙁') + 1);
    const cases: [Parameters<typeof addQuote>[2], string][] = [
      [{ entryId: '1', start: -1, end: 3, original: 'abcd' }, 'invalid quote'],
      [{ entryId: '1', start: 3, end: 3, original: '' }, 'invalid quote'],
      [{ entryId: '1', start: 4, end: 2, original: 'ab' }, 'invalid quote'],
      [{ entryId: '1', start: 0.5, end: 2.5, original: 'ab' }, 'invalid quote'],
      [{ entryId: '1', start: 0, end: 5, original: 'abc' }, 'invalid quote'],
      [{ entryId: '1', start: 0, end: 3, original: '   ' }, 'invalid quote'],
      [{ entryId: '1', start: 0, end: cut.length, original: cut }, 'invalid quote'],
      [{ entryId: '1', start: 0, end: 20_001, original: 'x'.repeat(20_001) }, 'quote too long'],
      [{ entryId: '1', start: 0, end: 3, original: 'abc', tags: ['ffffffffffffffff'] }, 'unknown tag'],
      [{ entryId: 'x', start: 0, end: 3, original: 'abc' }, 'invalid entry'],
    ];
    for (const [init, message] of cases) expect(thrown(() => addQuote(s, a, init))).toBe(message);
    expect(thrown(() => addQuote(s, a, { entryId: '1', start: 0, end: 20_000, original: 'x'.repeat(20_000), tags: [ids.sante] }))).toBe('no error');
  });

  it('edits the published wording beside the original; an edit withdraws approval', () => {
    const a = author();
    let { state: s, id } = addQuote(emptyState(), a, { entryId: '3', start: 0, end: 7, original: 'Martine' });
    s = approveQuote(s, a, id, true);
    expect(quote(s, id)!.approved).toBe(true);
    expect(approveQuote(s, a, id, true)).toBe(s);
    s = editQuote(s, a, id, '[collègue]');
    expect(quote(s, id)).toMatchObject({ original: 'Martine', published: '[collègue]', approved: false });
    expect(editQuote(s, a, id, '[collègue]')).toBe(s);
    s = approveQuote(s, a, id, true);
    expect(quote(s, id)!.approved).toBe(true);
    // Back to a wording approved before is a new wording all the same.
    expect(quote(editQuote(editQuote(s, a, id, 'Martine'), a, id, '[collègue]'), id)!.approved).toBe(false);
    expect(quote(approveQuote(s, a, id, false), id)!.approved).toBe(false);
    expect(thrown(() => editQuote(s, a, id, '  '))).toBe('invalid quote');
    expect(thrown(() => editQuote(s, a, id, 'x'.repeat(20_001)))).toBe('quote too long');
    expect(thrown(() => editQuote(s, a, 'ffffffffffffffff', 'x'))).toBe('unknown quote');
    expect(thrown(() => approveQuote(s, a, 'ffffffffffffffff', true))).toBe('unknown quote');
  });

  it('sets a quote’s tags, and deletes quotes', () => {
    const { s: base, a, ids } = sample();
    let { state: s, id } = addQuote(base, a, { entryId: '3', start: 0, end: 3, original: 'abc', tags: [ids.sante] });
    s = setQuoteTags(s, a, id, [ids.primes, ids.horaires]);
    expect(quote(s, id)!.tags).toEqual([ids.horaires, ids.primes]);
    expect(setQuoteTags(s, a, id, [ids.horaires, ids.primes])).toBe(s);
    expect(quote(setQuoteTags(s, a, id, []), id)!.tags).toEqual([]);
    expect(thrown(() => setQuoteTags(s, a, id, ['ffffffffffffffff']))).toBe('unknown tag');
    expect(thrown(() => setQuoteTags(s, a, 'ffffffffffffffff', []))).toBe('unknown quote');
    s = deleteQuote(s, a, id);
    expect(quotes(s)).toEqual([]);
    expect(quote(s, id)).toBeNull();
    expect(thrown(() => editQuote(s, a, id, 'x'))).toBe('unknown quote');
    expect(thrown(() => deleteQuote(s, a, id))).toBe('unknown quote');
  });

  it('orders quotes by testimony id as a number, then by position', () => {
    const a = author();
    let s = emptyState();
    for (const [entryId, at] of [['10', 0], ['9', 5], ['10', 2], ['100', 0], ['9', 1]] as const) {
      s = addQuote(s, a, { entryId, start: at, end: at + 1, original: 'x' }).state;
    }
    expect(quotes(s).map((q) => `${q.entryId}:${q.start}`)).toEqual(['9:1', '9:5', '10:0', '10:2', '100:0']);
  });
});

describe('sensitive terms', () => {
  it('adds trimmed terms once whatever the case, removes them, and adds them again', () => {
    const a = author();
    let s = addTerm(emptyState(), a, '  M. Lefèvre ');
    s = addTerm(s, a, 'Entrepôt de Rungis');
    expect(addTerm(s, a, 'm. lefèvre')).toBe(s);
    expect(terms(s)).toEqual(['Entrepôt de Rungis', 'M. Lefèvre']);
    s = removeTerm(s, a, ' M. LEFÈVRE');
    expect(terms(s)).toEqual(['Entrepôt de Rungis']);
    expect(removeTerm(s, a, 'absent')).toBe(s);
    s = addTerm(s, a, 'm. lefèvre');
    expect(terms(s)).toEqual(['Entrepôt de Rungis', 'm. lefèvre']);
    expect(thrown(() => addTerm(s, a, '  '))).toBe('invalid term');
    expect(thrown(() => addTerm(s, a, 'a\tb'))).toBe('invalid term');
    expect(thrown(() => addTerm(s, a, 'x'.repeat(201)))).toBe('term too long');
    expect(terms(addTerm(s, a, 'x'.repeat(200)))).toHaveLength(3);
  });
});

describe('values and clocks', () => {
  it('never changes a state it was given', () => {
    const { s, a, ids } = sample();
    const frozen = bytesOf(s);
    setEntryTag(s, a, '1', ids.sante, true);
    setMemo(s, a, '1', 'x');
    addQuote(s, a, { entryId: '1', start: 0, end: 1, original: 'x' });
    mergeTags(s, a, ids.horaires, ids.sante);
    deleteTag(s, a, ids.sante);
    addTerm(s, a, 'x');
    expect(bytesOf(s)).toBe(frozen);
  });

  it('orders an edit after what its state holds even when the author’s clock is behind', () => {
    const ahead = author('aaaaaaaaaaaaaaaa', 2_000_000_000_000);
    const behind = author('bbbbbbbbbbbbbbbb', 1_000);
    const { state, id } = createTag(emptyState(), ahead, { name: 'Avant' });
    const renamed = renameTag(state, behind, id, 'Après');
    expect(tags(renamed)[0].name).toBe('Après');
    const stamp = renamed.tags.get(id)!.name.stamp;
    expect(stamp).toEqual({ time: 2_000_000_000_000, counter: 1, actor: 'bbbbbbbbbbbbbbbb' });
  });

  it('refuses an author without a hex actor id or a clock', () => {
    const s = emptyState();
    expect(thrown(() => addTerm(s, { actor: 'Marie', now: () => 1 }, 'x'))).toBe('invalid actor');
    expect(thrown(() => addTerm(s, { actor: newActor(), now: () => Number.NaN }, 'x'))).toBe('invalid clock');
    expect(thrown(() => addTerm(s, { actor: newActor(), now: () => -5 }, 'x'))).toBe('invalid clock');
  });

  it('makes random actor ids of 16 hex digits', () => {
    const actors = Array.from({ length: 100 }, newActor);
    expect(actors.every((actor) => /^[0-9a-f]{16}$/.test(actor))).toBe(true);
    expect(new Set(actors).size).toBe(100);
  });
});

describe('tag colours', () => {
  // WCAG 2.x relative luminance and contrast ratio, written here from the definition.
  const channel = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const contrast = (x: string, y: string) => {
    const [hi, lo] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (hi + 0.05) / (lo + 0.05);
  };

  it('has 8 to 12 distinct colours, each readable behind #1a1a1a at WCAG AA', () => {
    expect(TAG_COLOURS.length).toBeGreaterThanOrEqual(8);
    expect(TAG_COLOURS.length).toBeLessThanOrEqual(12);
    expect(new Set(TAG_COLOURS).size).toBe(TAG_COLOURS.length);
    for (const colour of TAG_COLOURS) {
      expect(colour).toMatch(/^#[0-9a-f]{6}$/);
      expect(contrast(colour, '#1a1a1a')).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21, 5);
    console.log(`tag colours, contrast behind #1a1a1a: ${TAG_COLOURS.map((c) => `${c} ${contrast(c, '#1a1a1a').toFixed(2)}`).join(', ')}`);
  });
});

describe('round trips', () => {
  function rich(): WorkspaceState {
    const { s: base, a, ids } = sample();
    let s = setEntryTag(base, a, '1', ids.primes, true);
    s = setEntryTag(s, a, '2', ids.sante, true);
    s = setEntryTag(s, a, '2', ids.sante, false);
    s = setMemo(s, a, '1', 'À revoir « vite » — 🙂');
    const q = addQuote(s, a, { entryId: '1', start: 3, end: 8, original: 'salut', tags: [ids.horaires] });
    s = approveQuote(editQuote(q.state, a, q.id, '[salut]'), a, q.id, true);
    const gone = addQuote(s, a, { entryId: '4', start: 0, end: 1, original: 'x' });
    s = deleteQuote(gone.state, a, gone.id);
    s = addQuote(s, a, { entryId: '4', start: 0, end: 2, original: 'ok' }).state;
    s = mergeTags(s, a, ids.horaires, ids.sante);
    s = deleteTag(s, a, ids.salaires);
    s = addTerm(addTerm(s, a, 'Dupont'), a, 'Site de Lyon');
    return s;
  }

  it('decodes what it encodes, byte for byte and query for query', () => {
    const s = rich();
    const bytes = encodeState(s);
    expect(fromUtf8(bytes).startsWith('{"v":1,')).toBe(true);
    const back = decodeState(bytes);
    expect(fromUtf8(encodeState(back))).toBe(fromUtf8(bytes));
    expect(tags(back)).toEqual(tags(s));
    expect(quotes(back)).toEqual(quotes(s));
    expect(terms(back)).toEqual(terms(s));
    for (const id of ['1', '2', '4']) {
      expect(entryTags(back, id)).toEqual(entryTags(s, id));
      expect(memo(back, id)).toEqual(memo(s, id));
    }
    expect(decodeState(encodeState(emptyState()))).toEqual(emptyState());
  });

  it('goes through an encrypted workspace file and back, for its owner only', () => {
    const s = rich();
    const mine = generateKey();
    const colleague = generateKey();
    const file = sealWorkspace(encodeState(s), [mine]);
    const opened = openWorkspace(file, mine);
    expect(opened).not.toBeNull();
    expect(fromUtf8(encodeState(decodeState(opened!)))).toBe(bytesOf(s));
    expect(openWorkspace(file, colleague)).toBeNull();
    console.log(`workspace file for a small state: payload ${encodeState(s).length} bytes, file ${file.length} bytes`);
  });
});
