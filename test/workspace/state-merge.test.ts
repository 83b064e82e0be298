/**
 * Merging workspace states. First the cases a delegate meets, each resolved one fixed way;
 * then properties over random histories: two or three delegates edit from a common (or empty)
 * start, sometimes merging each other's work, and the merge of what they end with must be a
 * join (commutative, associative, idempotent), lose nothing either side created, and still be a
 * state every query can read: a tree without cycles, tags that exist. Every placeholder the
 * anonymiser gave stays, the earliest given to a value counting.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Placeholders } from '../../web/anonymise/index.js';
import { compareStamps, covers } from '../../web/workspace/src/core/clock.js';
import type { Version, Versions } from '../../web/workspace/src/core/registers.js';
import { foldName } from '../../web/workspace/src/core/state-records.js';
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
  merge,
  mergeTags,
  placeholderAssignments,
  placeholderClashes,
  quote,
  quotes,
  rememberPlaceholders,
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
  type Author,
  type WorkspaceState,
} from '../../web/workspace/src/core/state.js';
import { bytesOf } from './state-fixtures.js';

/** An author on a shared clock: `clock.now` is the time every author reads, plus its own skew. */
function authorAt(actor: string, clock: { now: number }, skew = 0): Author {
  return { actor, now: () => clock.now + skew };
}

const ACTORS = ['1111111111111111', '2222222222222222', '3333333333333333'];

/** Two delegates sharing a starting state, each with an author on one clock that the test moves. */
function pair(start: WorkspaceState = emptyState()) {
  const clock = { now: 1_000 };
  return { clock, a: authorAt(ACTORS[0], clock), b: authorAt(ACTORS[1], clock), start };
}

function tagNamed(s: WorkspaceState, name: string) {
  return tags(s).find((t) => t.name === name);
}

describe('merge resolves concurrent edits one fixed way', () => {
  it('keeps the later of two renames, and breaks a tie of time by actor', () => {
    const { clock, a, b } = pair();
    const { state: start, id } = createTag(emptyState(), a, { name: 'Paie' });
    clock.now = 2_000;
    const byA = renameTag(start, a, id, 'Salaire');
    const byB = renameTag(start, b, id, 'Rémunération');
    // Same time, same counter: actor 2222… is greater than 1111….
    expect(tagNamed(merge(byA, byB), 'Rémunération')?.id).toBe(id);
    expect(bytesOf(merge(byA, byB))).toBe(bytesOf(merge(byB, byA)));
    clock.now = 3_000;
    const later = renameTag(start, a, id, 'Salaire');
    expect(tagNamed(merge(later, byB), 'Salaire')?.id).toBe(id);
  });

  it('keeps both texts of a memo edited on both sides, the later one first; a new edit settles it', () => {
    const { clock, a, b } = pair();
    const start = setMemo(emptyState(), a, '4', 'À rappeler');
    clock.now = 2_000;
    const byA = setMemo(start, a, '4', 'Rappelé lundi');
    clock.now = 2_500;
    const byB = setMemo(start, b, '4', 'Ne pas rappeler');
    const merged = merge(byA, byB);
    expect(memo(merged, '4')).toEqual({ text: 'Ne pas rappeler', conflicts: ['Rappelé lundi'] });
    expect(memo(merge(byB, byA), '4')).toEqual(memo(merged, '4'));
    const settled = setMemo(merged, a, '4', 'Rappelé lundi');
    expect(memo(settled, '4')).toEqual({ text: 'Rappelé lundi', conflicts: [] });
    // The settled state has seen both versions: merging the old sides again changes nothing.
    expect(bytesOf(merge(merge(settled, byA), byB))).toBe(bytesOf(settled));
  });

  it('keeps an edit made elsewhere over a memo cleared here', () => {
    const { clock, a, b } = pair();
    const start = setMemo(emptyState(), a, '4', 'Brouillon');
    clock.now = 5_000;
    const cleared = setMemo(start, a, '4', '');
    clock.now = 2_000;
    const edited = setMemo(start, b, '4', 'Brouillon relu');
    expect(memo(merge(cleared, edited), '4')).toEqual({ text: 'Brouillon relu', conflicts: [] });
    // A clear that has seen the edit removes it.
    expect(memo(setMemo(merge(cleared, edited), a, '4', ''), '4')).toBeNull();
    expect(memo(merge(cleared, start), '4')).toBeNull();
  });

  it('keeps both wordings of a quote edited on both sides; an approval stays with its wording', () => {
    const { clock, a, b } = pair();
    const { state: start, id } = addQuote(emptyState(), a, { entryId: '8', start: 0, end: 12, original: 'Mme Durand a' });
    clock.now = 2_000;
    const approved = approveQuote(start, a, id, true);
    const byA = editQuote(start, a, id, '[La cheffe] a');
    clock.now = 2_001;
    const byB = editQuote(start, b, id, 'Une responsable a');
    const both = merge(byA, byB);
    expect(quote(both, id)).toMatchObject({ published: 'Une responsable a', conflicts: ['[La cheffe] a'], approved: false });
    // Approved on one side, reworded on the other: the approval named the old wording.
    expect(quote(merge(approved, byB), id)).toMatchObject({ published: 'Une responsable a', approved: false, conflicts: [] });
    // Approved after a merge that left a conflict: the approval holds for the wording it saw.
    const reviewed = approveQuote(both, a, id, true);
    expect(quote(reviewed, id)).toMatchObject({ approved: true, conflicts: ['[La cheffe] a'] });
    const settled = editQuote(reviewed, a, id, 'Une responsable a');
    expect(quote(settled, id)).toMatchObject({ approved: true, conflicts: [] });
  });

  it('lets a deletion win over an edit made elsewhere', () => {
    const { clock, a, b } = pair();
    const { state: start, id } = addQuote(emptyState(), a, { entryId: '8', start: 0, end: 3, original: 'abc' });
    clock.now = 2_000;
    const gone = deleteQuote(start, a, id);
    clock.now = 9_000;
    const edited = approveQuote(editQuote(start, b, id, 'abd'), b, id, true);
    expect(quotes(merge(gone, edited))).toEqual([]);
    const tagged = createTag(start, a, { name: 'Nuit' });
    const removed = deleteTag(tagged.state, a, tagged.id);
    const renamed = renameTag(tagged.state, b, tagged.id, 'Nuits');
    expect(tags(merge(removed, renamed))).toEqual([]);
  });

  it('adds a term removed elsewhere meanwhile (add wins), and shows one wording per term', () => {
    const { clock, a, b } = pair();
    const start = addTerm(emptyState(), a, 'Dupont');
    clock.now = 2_000;
    const removed = removeTerm(start, a, 'dupont');
    const readded = addTerm(removeTerm(start, b, 'Dupont'), b, 'DUPONT');
    expect(terms(merge(removed, readded))).toEqual(['DUPONT']);
    expect(terms(merge(removed, start))).toEqual([]);
    const both = merge(addTerm(emptyState(), a, 'Site Nord'), addTerm(emptyState(), b, 'site nord'));
    expect(terms(both)).toEqual(['site nord']);
    expect(terms(removeTerm(both, a, 'SITE NORD'))).toEqual([]);
  });

  it('counts assignments made elsewhere to a tag merged here for the tag it was merged into', () => {
    const { clock, a, b } = pair();
    let start = createTag(emptyState(), a, { name: 'Nuit' }).state;
    start = createTag(start, a, { name: 'Horaires' }).state;
    const nuit = tagNamed(start, 'Nuit')!.id;
    const horaires = tagNamed(start, 'Horaires')!.id;
    clock.now = 2_000;
    const merged = mergeTags(start, a, nuit, horaires);
    let tagging = setEntryTag(start, b, '31', nuit, true);
    tagging = addQuote(tagging, b, { entryId: '31', start: 0, end: 2, original: 'ok', tags: [nuit] }).state;
    tagging = createTag(tagging, b, { name: 'Astreinte', parent: nuit }).state;
    const result = merge(merged, tagging);
    expect(tags(result).map((t) => t.name)).toEqual(['Horaires', 'Astreinte']);
    expect(entryTags(result, '31')).toEqual([horaires]);
    expect([...entriesTagged(result, horaires, false)]).toEqual(['31']);
    expect(quotes(result)[0].tags).toEqual([horaires]);
    expect(tagPath(result, tagNamed(result, 'Astreinte')!.id)).toEqual(['Horaires', 'Astreinte']);
  });

  it('drops what was merged into a tag deleted elsewhere: the deletion wins', () => {
    const { clock, a, b } = pair();
    let start = createTag(emptyState(), a, { name: 'A' }).state;
    start = createTag(start, a, { name: 'B' }).state;
    const [idA, idB] = ['A', 'B'].map((n) => tagNamed(start, n)!.id);
    start = setEntryTag(start, a, '1', idA, true);
    clock.now = 2_000;
    const merged = mergeTags(start, a, idA, idB);
    const deleted = deleteTag(start, b, idB);
    const result = merge(merged, deleted);
    expect(tags(result)).toEqual([]);
    expect(entryTags(result, '1')).toEqual([]);
  });

  it('settles tags merged into each other on two sides: the later merge is ignored', () => {
    const { clock, a, b } = pair();
    let start = createTag(emptyState(), a, { name: 'A' }).state;
    start = createTag(start, a, { name: 'B' }).state;
    const [idA, idB] = ['A', 'B'].map((n) => tagNamed(start, n)!.id);
    start = setEntryTag(setEntryTag(start, a, '1', idA, true), a, '2', idB, true);
    clock.now = 2_000;
    const aIntoB = mergeTags(start, a, idA, idB);
    clock.now = 3_000;
    const bIntoA = mergeTags(start, b, idB, idA);
    for (const result of [merge(aIntoB, bIntoA), merge(bIntoA, aIntoB)]) {
      // B into A came last and closed the ring: B survives, as if that merge had been refused.
      expect(tags(result).map((t) => t.id)).toEqual([idB]);
      expect([...entriesTagged(result, idB, false)].sort()).toEqual(['1', '2']);
    }
  });

  it('settles a ring of three merges and leaves one survivor', () => {
    const clock = { now: 1_000 };
    const authors = ACTORS.map((actor) => authorAt(actor, clock));
    let start = emptyState();
    for (const name of ['A', 'B', 'C']) start = createTag(start, authors[0], { name }).state;
    const [idA, idB, idC] = ['A', 'B', 'C'].map((n) => tagNamed(start, n)!.id);
    [idA, idB, idC].forEach((id, i) => (start = setEntryTag(start, authors[0], String(i + 1), id, true)));
    const sides = [
      [idA, idB],
      [idB, idC],
      [idC, idA],
    ].map(([from, into], i) => {
      clock.now = 2_000 + [5, 1, 3][i];
      return mergeTags(start, authors[i], from, into);
    });
    const results = [merge(merge(sides[0], sides[1]), sides[2]), merge(sides[2], merge(sides[1], sides[0]))];
    expect(bytesOf(results[0])).toBe(bytesOf(results[1]));
    // The latest merge, A into B (at 2005), is ignored: A survives, B and C count for it.
    expect(tags(results[0]).map((t) => t.id)).toEqual([idA]);
    expect([...entriesTagged(results[0], idA, false)].sort()).toEqual(['1', '2', '3']);
  });

  it('breaks a cycle of parents made on two sides: the later move is ignored', () => {
    const { clock, a, b } = pair();
    let start = createTag(emptyState(), a, { name: 'A' }).state;
    start = createTag(start, a, { name: 'B' }).state;
    const [idA, idB] = ['A', 'B'].map((n) => tagNamed(start, n)!.id);
    start = createTag(start, a, { name: 'A1', parent: idA }).state;
    clock.now = 2_000;
    const aUnderB = setTagParent(start, a, idA, idB);
    clock.now = 1_500;
    const bUnderA = setTagParent(start, b, idB, idA);
    for (const result of [merge(aUnderB, bUnderA), merge(bUnderA, aUnderB)]) {
      // A under B, at 2000, came last: A stays at the top and B goes under it.
      expect(tags(result).map((t) => [t.name, t.parent])).toEqual([
        ['A', null],
        ['A1', idA],
        ['B', idA],
      ]);
      expect(() => setTagParent(result, a, idA, idB)).toThrow('tag cycle');
    }
  });

  it('moves a tag made elsewhere under a tag deleted here up to its parent, and under a merged one to the survivor', () => {
    const { clock, a, b } = pair();
    let start = createTag(emptyState(), a, { name: 'Haut' }).state;
    const haut = tagNamed(start, 'Haut')!.id;
    start = createTag(start, a, { name: 'Milieu', parent: haut }).state;
    start = createTag(start, a, { name: 'Autre' }).state;
    const milieu = tagNamed(start, 'Milieu')!.id;
    const autre = tagNamed(start, 'Autre')!.id;
    clock.now = 2_000;
    const child = createTag(start, b, { name: 'Bas', parent: milieu }).state;
    expect(tagPath(merge(deleteTag(start, a, milieu), child), tagNamed(child, 'Bas')!.id)).toEqual(['Haut', 'Bas']);
    expect(tagPath(merge(mergeTags(start, a, milieu, autre), child), tagNamed(child, 'Bas')!.id)).toEqual(['Autre', 'Bas']);
  });

  it('puts at the top a tag whose deleted ancestors were made each other’s parents', () => {
    const { clock, a, b } = pair();
    let start = emptyState();
    for (const name of ['X', 'Y']) start = createTag(start, a, { name }).state;
    const [x, y] = ['X', 'Y'].map((n) => tagNamed(start, n)!.id);
    start = createTag(start, a, { name: 'C', parent: x }).state;
    clock.now = 2_000;
    const one = deleteTag(setTagParent(start, a, x, y), a, x);
    const two = deleteTag(setTagParent(start, b, y, x), b, y);
    const result = merge(one, two);
    expect(tags(result).map((t) => [t.name, t.parent])).toEqual([['C', null]]);
  });

  it('keeps two tags made with one name on two sides, in a fixed order', () => {
    const { a, b } = pair();
    const one = createTag(emptyState(), a, { name: 'Nuit' });
    const two = createTag(emptyState(), b, { name: 'nuit' });
    const result = merge(one.state, two.state);
    expect(tags(result).map((t) => t.id).sort()).toEqual([one.id, two.id].sort());
    expect(tags(result)).toEqual(tags(merge(two.state, one.state)));
    expect(() => mergeTags(result, a, one.id, two.id)).not.toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
// Random histories.

const NAMES = ['Salaires', 'salaires', 'Horaires', 'Santé', 'Primes', 'Nuit', 'Équipe B'];
const TERMS = ['Dupont', 'DUPONT', 'Site de Lyon', 'M. Martin', 'Équipe B'];
const ENTRIES = ['1', '2', '10'];
/** Names the anonymiser links ("Dupont" and "Jean Dupont") and does not, so that letters clash when delegates work apart. */
const PEOPLE = ['Dupont', 'Jean Dupont', 'Jean', 'Garnier', 'Karim Benali', 'Lefebvre', 'Sophie Martin'];
const LOCALES = ['fr', 'en'] as const;
/** Refusals a random history runs into; any other error fails the test. */
const EXPECTED = new Set(['duplicate tag name', 'tag cycle']);

type Command =
  | { kind: 'createTag'; name: number; parent: number | null }
  | { kind: 'renameTag'; tag: number; name: number }
  | { kind: 'colour'; tag: number; colour: number }
  | { kind: 'parent'; tag: number; parent: number | null }
  | { kind: 'mergeTags'; from: number; into: number }
  | { kind: 'deleteTag'; tag: number }
  | { kind: 'entryTag'; entry: number; tag: number; on: boolean }
  | { kind: 'memo'; entry: number; clear: boolean }
  | { kind: 'addQuote'; entry: number; tags: number[] }
  | { kind: 'editQuote'; quote: number }
  | { kind: 'quoteTags'; quote: number; tags: number[] }
  | { kind: 'approve'; quote: number; on: boolean }
  | { kind: 'deleteQuote'; quote: number }
  | { kind: 'addTerm'; term: number }
  | { kind: 'removeTerm'; term: number }
  | { kind: 'anonymise'; english: boolean; people: number[]; term: number | null }
  | { kind: 'sync'; from: number };

const pick = fc.nat(20);
const maybe = fc.option(pick, { nil: null });
const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('createTag' as const), name: pick, parent: maybe }), weight: 4 },
  fc.record({ kind: fc.constant('renameTag' as const), tag: pick, name: pick }),
  fc.record({ kind: fc.constant('colour' as const), tag: pick, colour: pick }),
  { arbitrary: fc.record({ kind: fc.constant('parent' as const), tag: pick, parent: maybe }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('mergeTags' as const), from: pick, into: pick }), weight: 2 },
  fc.record({ kind: fc.constant('deleteTag' as const), tag: pick }),
  { arbitrary: fc.record({ kind: fc.constant('entryTag' as const), entry: pick, tag: pick, on: fc.boolean() }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('memo' as const), entry: pick, clear: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('addQuote' as const), entry: pick, tags: fc.array(pick, { maxLength: 3 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('editQuote' as const), quote: pick }), weight: 2 },
  fc.record({ kind: fc.constant('quoteTags' as const), quote: pick, tags: fc.array(pick, { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('approve' as const), quote: pick, on: fc.boolean() }),
  fc.record({ kind: fc.constant('deleteQuote' as const), quote: pick }),
  fc.record({ kind: fc.constant('addTerm' as const), term: pick }),
  fc.record({ kind: fc.constant('removeTerm' as const), term: pick }),
  {
    arbitrary: fc.record({ kind: fc.constant('anonymise' as const), english: fc.boolean(), people: fc.array(pick, { minLength: 1, maxLength: 3 }), term: maybe }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('sync' as const), from: pick }), weight: 2 },
);

interface Delegate {
  state: WorkspaceState;
  author: Author;
}

function at<T>(list: readonly T[], index: number): T | undefined {
  return list.length === 0 ? undefined : list[index % list.length];
}

/** Applies one command; the texts it types are unique, so that a lost one can be told apart. */
function apply(delegates: Delegate[], who: number, c: Command, serial: number): void {
  const me = delegates[who];
  const { state: s, author: a } = me;
  const tagIds = tags(s).map((t) => t.id);
  const quoteIds = quotes(s).map((q) => q.id);
  const tagAt = (i: number) => at(tagIds, i);
  const quoteAt = (i: number) => at(quoteIds, i);
  const typed = `texte ${who}.${serial}`;
  // Reading the filter index before each edit makes the edits carry it over, and checkReadable
  // then compares what was carried with the testimonies' own tags.
  if (tagIds.length > 0) entriesTagged(s, tagIds[0], true);
  const run = (): WorkspaceState => {
    switch (c.kind) {
      case 'createTag': {
        const parent = c.parent === null ? null : tagAt(c.parent) ?? null;
        return createTag(s, a, { name: NAMES[c.name % NAMES.length], parent }).state;
      }
      case 'renameTag':
        return tagAt(c.tag) ? renameTag(s, a, tagAt(c.tag)!, NAMES[c.name % NAMES.length]) : s;
      case 'colour':
        return tagAt(c.tag) ? setTagColour(s, a, tagAt(c.tag)!, TAG_COLOURS[c.colour % TAG_COLOURS.length]) : s;
      case 'parent':
        return tagAt(c.tag) ? setTagParent(s, a, tagAt(c.tag)!, c.parent === null ? null : tagAt(c.parent)!) : s;
      case 'mergeTags':
        return tagAt(c.from) ? mergeTags(s, a, tagAt(c.from)!, tagAt(c.into)!) : s;
      case 'deleteTag':
        return tagAt(c.tag) ? deleteTag(s, a, tagAt(c.tag)!) : s;
      case 'entryTag':
        return tagAt(c.tag) ? setEntryTag(s, a, at(ENTRIES, c.entry)!, tagAt(c.tag)!, c.on) : s;
      case 'memo':
        return setMemo(s, a, at(ENTRIES, c.entry)!, c.clear ? '' : typed);
      case 'addQuote': {
        const chosen = c.tags.map(tagAt).filter((id): id is string => id !== undefined);
        return addQuote(s, a, { entryId: at(ENTRIES, c.entry)!, start: serial, end: serial + typed.length, original: typed, tags: chosen }).state;
      }
      case 'editQuote':
        return quoteAt(c.quote) ? editQuote(s, a, quoteAt(c.quote)!, typed) : s;
      case 'quoteTags':
        return quoteAt(c.quote) ? setQuoteTags(s, a, quoteAt(c.quote)!, c.tags.map(tagAt).filter((id): id is string => id !== undefined)) : s;
      case 'approve':
        return quoteAt(c.quote) ? approveQuote(s, a, quoteAt(c.quote)!, c.on) : s;
      case 'deleteQuote':
        return quoteAt(c.quote) ? deleteQuote(s, a, quoteAt(c.quote)!) : s;
      case 'addTerm':
        return addTerm(s, a, TERMS[c.term % TERMS.length]);
      case 'removeTerm':
        return removeTerm(s, a, TERMS[c.term % TERMS.length]);
      case 'anonymise': {
        // As the workspace's "Anonymiser" does: a set built from the state, then what it gave stored.
        const locale = c.english ? 'en' : 'fr';
        const placeholders = new Placeholders(locale, placeholderAssignments(s, locale));
        for (const i of c.people) placeholders.replacement('name', PEOPLE[i % PEOPLE.length]);
        if (c.term !== null) placeholders.replacement('term', TERMS[c.term % TERMS.length]);
        return rememberPlaceholders(s, a, locale, placeholders.assignments());
      }
      case 'sync':
        return merge(s, delegates[c.from % delegates.length].state);
    }
  };
  try {
    me.state = run();
  } catch (err) {
    if (!EXPECTED.has((err as Error).message)) throw err;
  }
}

/** Tag structure only, on tags every delegate shares: where merge rings and parent cycles come from. */
const tagCommand: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('createTag' as const), name: pick, parent: maybe }),
  { arbitrary: fc.record({ kind: fc.constant('parent' as const), tag: pick, parent: maybe }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('mergeTags' as const), from: pick, into: pick }), weight: 4 },
  fc.record({ kind: fc.constant('deleteTag' as const), tag: pick }),
  { arbitrary: fc.record({ kind: fc.constant('entryTag' as const), entry: pick, tag: pick, on: fc.boolean() }), weight: 2 },
  fc.record({ kind: fc.constant('sync' as const), from: pick }),
);

function scenarioOf(common: fc.Arbitrary<Command>, step: fc.Arbitrary<Command>) {
  return fc.record({
    delegates: fc.constantFrom(2, 3),
    /** The second delegate writes as the first: one actor on two copies of a state, which a session must not do. */
    sharedActor: fc.boolean(),
    skews: fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 })),
    common: fc.array(common, { minLength: 3, maxLength: 20 }),
    steps: fc.array(fc.record({ who: fc.nat(2), command: step }), { minLength: 10, maxLength: 60 }),
  });
}

const creations = fc.record({ kind: fc.constant('createTag' as const), name: pick, parent: maybe });
type Scenario = ReturnType<typeof scenarioOf> extends fc.Arbitrary<infer T> ? T : never;
/** Any history, copies of a state written by one actor included: a merge must stay a join even then. */
const scenario: fc.Arbitrary<Scenario> = fc.oneof(scenarioOf(command, command), scenarioOf(creations, tagCommand));
/** Histories as sessions make them, one actor each: what "nothing lost" is promised for. */
const sessions = scenario.map((sc) => ({ ...sc, sharedActor: false }));

/** The delegates' states at the end of a history that starts from what the first one did alone. */
function play({ delegates: n, sharedActor, skews, common, steps }: Scenario): WorkspaceState[] {
  const clock = { now: 1_000 };
  const founder: Delegate[] = [{ state: emptyState(), author: authorAt(ACTORS[0], clock, skews[0]) }];
  common.forEach((c, i) => {
    clock.now++;
    if (c.kind !== 'sync') apply(founder, 0, c, i);
  });
  const actors = sharedActor ? [ACTORS[0], ...ACTORS] : ACTORS;
  const delegates = actors.slice(0, n).map((actor, i) => ({ state: founder[0].state, author: authorAt(actor, clock, skews[i]) }));
  steps.forEach(({ who, command: c }, i) => {
    clock.now++;
    apply(delegates, who % n, c, 1000 + i);
  });
  return delegates.map((d) => d.state);
}

/** Everything the queries say of a state, to compare what two states show. */
function view(s: WorkspaceState) {
  return {
    tags: tags(s),
    depths: tags(s).map((t) => tagDepth(s, t.id)),
    entries: ENTRIES.map((id) => ({ tags: entryTags(s, id), memo: memo(s, id) })),
    tagged: tags(s).map((t) => [...entriesTagged(s, t.id, true)].sort()),
    quotes: quotes(s),
    terms: terms(s),
    placeholders: LOCALES.map((locale) => ({ assignments: placeholderAssignments(s, locale), clashes: placeholderClashes(s, locale) })),
  };
}

/** What any state must hold to: a tree without cycles, only live tags referred to, indexes that agree. */
function checkReadable(s: WorkspaceState): void {
  const all = tags(s);
  const position = new Map(all.map((t, i) => [t.id, i]));
  for (const [i, t] of all.entries()) {
    if (t.parent !== null) {
      expect(position.get(t.parent)).toBeLessThan(i);
      expect(tagDepth(s, t.id)).toBe(tagDepth(s, t.parent) + 1);
    } else {
      expect(tagDepth(s, t.id)).toBe(0);
    }
    expect(tagPath(s, t.id)).toHaveLength(tagDepth(s, t.id) + 1);
    const direct = entriesTagged(s, t.id, false);
    const below = entriesTagged(s, t.id, true);
    for (const id of direct) expect(below.has(id)).toBe(true);
    for (const id of ENTRIES) expect(direct.has(id)).toBe(entryTags(s, id).includes(t.id));
  }
  for (const id of ENTRIES) for (const tagId of entryTags(s, id)) expect(position.has(tagId)).toBe(true);
  for (const q of quotes(s)) {
    for (const tagId of q.tags) expect(position.has(tagId)).toBe(true);
    expect(q.conflicts).not.toContain(q.published);
  }
}

/** Nothing `x` created or typed that `y` never saw is missing from their merge. */
function checkNothingLost(x: WorkspaceState, y: WorkspaceState, merged: WorkspaceState): void {
  const live = new Set(tags(merged).map((t) => t.id));
  for (const t of tags(x)) if (!y.tags.has(t.id)) expect(live.has(t.id)).toBe(true);
  for (const q of quotes(x)) if (!quoteKnown(y, q.id)) expect(quote(merged, q.id)?.published).toBe(q.published);
  for (const id of ENTRIES) {
    const versions = memoVersions(x, id).filter((v) => !covers(y.seen, v.stamp));
    const shown = memo(merged, id);
    for (const v of versions) expect([shown?.text, ...(shown?.conflicts ?? [])]).toContain(v.text);
  }
  for (const [key, versions] of x.terms) {
    if (versions.some((v) => !covers(y.seen, v.stamp))) expect(terms(merged).map(foldName)).toContain(key);
  }
  for (const q of quotes(merged)) {
    const mine = liveQuoteVersions(x, q.id).filter((v) => !covers(y.seen, v.stamp));
    for (const v of mine) expect([q.published, ...q.conflicts]).toContain(v.text);
  }
}

/** Nothing either side removed or replaced having seen it comes back in their merge. */
function checkNothingBack(x: WorkspaceState, y: WorkspaceState, merged: WorkspaceState): void {
  const sameStamp = (v: Version) => (w: Version) => w.stamp.actor === v.stamp.actor && w.stamp.time === v.stamp.time && w.stamp.counter === v.stamp.counter;
  const cameFromOneSide = (v: Version, inX: Versions, inY: Versions) => {
    const fromX = inX.some(sameStamp(v));
    const fromY = inY.some(sameStamp(v));
    expect(fromX || fromY).toBe(true);
    if (!fromX) expect(covers(x.seen, v.stamp)).toBe(false);
    if (!fromY) expect(covers(y.seen, v.stamp)).toBe(false);
  };
  for (const id of ENTRIES) for (const v of memoVersions(merged, id)) cameFromOneSide(v, memoVersions(x, id), memoVersions(y, id));
  for (const q of quotes(merged)) {
    for (const v of liveQuoteVersions(merged, q.id)) cameFromOneSide(v, liveQuoteVersions(x, q.id), liveQuoteVersions(y, q.id));
  }
  for (const [key, versions] of merged.terms) for (const v of versions) cameFromOneSide(v, x.terms.get(key) ?? [], y.terms.get(key) ?? []);
  const live = new Set(tags(merged).map((t) => t.id));
  for (const t of [...x.tags.values(), ...y.tags.values()]) if (t.deleted) expect(live.has(t.id)).toBe(false);
  for (const side of [x, y]) {
    for (const bucket of side.quotes.buckets) for (const [id, record] of bucket ?? []) if (record.deleted) expect(quote(merged, id)).toBeNull();
  }
}

/**
 * Every placeholder either side gave to a value is in the merge, and nothing else; the one that
 * counts is the earliest of the two sides' (ties by text, as only copies by one actor make).
 */
function checkPlaceholders(x: WorkspaceState, y: WorkspaceState, merged: WorkspaceState): void {
  const byFirstGiven = (p: Version, q: Version) => compareStamps(p.stamp, q.stamp) || (p.text < q.text ? -1 : p.text > q.text ? 1 : 0);
  for (const locale of LOCALES) {
    const [mx, my, mm] = [x, y, merged].map((s) => s.placeholders[locale]);
    expect(new Set(mm.keys())).toEqual(new Set([...mx.keys(), ...my.keys()]));
    for (const [value, given] of mm) {
      const sides = [...(mx.get(value) ?? []), ...(my.get(value) ?? [])];
      expect(new Set(given.map((v) => v.text))).toEqual(new Set(sides.map((v) => v.text)));
      expect(given[0]).toEqual([mx.get(value)?.[0], my.get(value)?.[0]].filter((v) => v !== undefined).sort(byFirstGiven)[0]);
    }
  }
}

function quoteKnown(s: WorkspaceState, id: string): boolean {
  return s.quotes.buckets.some((b) => b?.has(id));
}

function memoVersions(s: WorkspaceState, entryId: string): Versions {
  for (const bucket of s.memos.buckets) if (bucket?.has(entryId)) return bucket.get(entryId)!;
  return [];
}

function liveQuoteVersions(s: WorkspaceState, id: string): Versions {
  for (const bucket of s.quotes.buckets) {
    const record = bucket?.get(id);
    if (record && !record.deleted) return record.published;
  }
  return [];
}

const RUNS = process.env.PAROLE_SLOW_TESTS === '1' ? 2_000 : 200;

describe('merge over random histories', () => {
  it('reaches the cases that matter (figures: share of random histories whose full merge shows each)', () => {
    fc.statistics(
      sessions,
      (sc) => {
        const merged = play(sc).reduce(merge);
        const live = new Set(tags(merged).map((t) => t.id));
        const records = [...merged.tags.values()];
        const seen: string[] = [];
        if (records.some((t) => live.has(t.id) && t.mergedInto.value !== null)) seen.push('merge ring broken');
        if (records.some((t) => live.has(t.id) && live.has(t.parent.value ?? '') && tags(merged).find((x) => x.id === t.id)!.parent !== t.parent.value)) {
          seen.push('parent cycle broken');
        }
        if (ENTRIES.some((id) => (memo(merged, id)?.conflicts.length ?? 0) > 0)) seen.push('memo conflict');
        if (quotes(merged).some((q) => q.conflicts.length > 0)) seen.push('wording conflict');
        if (LOCALES.some((locale) => placeholderClashes(merged, locale).length > 0)) seen.push('placeholder clash');
        if (LOCALES.some((locale) => [...merged.placeholders[locale].values()].some((given) => given.length > 1))) seen.push('two placeholders for one value');
        return seen.length === 0 ? 'none of these' : seen.join(' + ');
      },
      { numRuns: 1_000 },
    );
  });

  it('is commutative, associative and idempotent', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const [a, b, c = emptyState()] = play(sc);
        expect(bytesOf(merge(a, b))).toBe(bytesOf(merge(b, a)));
        expect(view(merge(a, b))).toEqual(view(merge(b, a)));
        // Decoding rebuilds every map in another order: what the queries show must not depend on it.
        expect(view(decodeState(encodeState(merge(a, b))))).toEqual(view(merge(a, b)));
        expect(bytesOf(merge(merge(a, b), c))).toBe(bytesOf(merge(a, merge(b, c))));
        expect(view(merge(merge(a, b), c))).toEqual(view(merge(a, merge(b, c))));
        expect(bytesOf(merge(a, a))).toBe(bytesOf(a));
        expect(bytesOf(merge(a, merge(a, b)))).toBe(bytesOf(merge(a, b)));
      }),
      { numRuns: RUNS },
    );
  });

  it('loses nothing either side created or typed that the other had not seen, and brings back nothing either removed', () => {
    fc.assert(
      fc.property(sessions, (sc) => {
        const states = play(sc);
        states.forEach(checkReadable);
        for (const x of states) {
          for (const y of states) {
            if (x === y) continue;
            const merged = merge(x, y);
            checkNothingLost(x, y, merged);
            checkNothingBack(x, y, merged);
            checkPlaceholders(x, y, merged);
            checkReadable(merged);
          }
        }
        const all = states.reduce(merge);
        checkReadable(all);
        expect(bytesOf(decodeState(encodeState(all)))).toBe(bytesOf(all));
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps both texts of a memo and of a quote’s wording edited concurrently', () => {
    fc.assert(
      fc.property(
        sessions,
        fc.nat(ENTRIES.length - 1),
        fc.string({ minLength: 1, maxLength: 30 }).filter((t) => t.trim() !== ''),
        fc.string({ minLength: 1, maxLength: 30 }).filter((t) => t.trim() !== ''),
        (sc, entry, textA, textB) => {
          fc.pre(textA !== textB);
          const withQuote = { ...sc, common: [...sc.common, { kind: 'addQuote' as const, entry: 0, tags: [] }] };
          const independent = { ...withQuote, steps: withQuote.steps.filter((s) => s.command.kind !== 'sync') };
          const [a, b] = play(independent);
          const clock = { now: 1_000_000 };
          const target = quotes(a).find((q) => quote(b, q.id) !== null);
          let x = setMemo(a, authorAt(ACTORS[0], clock), ENTRIES[entry], textA);
          let y = setMemo(b, authorAt(ACTORS[1], clock), ENTRIES[entry], textB);
          if (target) {
            x = editQuote(x, authorAt(ACTORS[0], clock), target.id, textA);
            y = editQuote(y, authorAt(ACTORS[1], clock), target.id, textB);
          }
          for (const merged of [merge(x, y), merge(y, x)]) {
            const note = memo(merged, ENTRIES[entry])!;
            expect([note.text, ...note.conflicts].sort()).toEqual([textA, textB].sort());
            if (target) {
              const q = quote(merged, target.id)!;
              expect([q.published, ...q.conflicts].sort()).toEqual([textA, textB].sort());
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
