/**
 * Reading a workspace state from bytes: one table of bad inputs, each refused with the one
 * fixed message, and a table of unusual inputs the format allows. Every row starts from a valid
 * state's JSON and changes one thing, so a refusal is known to come from that change.
 */
import { describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../crypto/bytes.js';
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
  merge,
  mergeTags,
  placeholderAssignments,
  quotes,
  rememberPlaceholders,
  setEntryTag,
  setMemo,
  tags,
  type WorkspaceState,
} from '../../web/workspace/src/core/state.js';
import { author } from './state-fixtures.js';

// The rows reach into the JSON wherever they like: typing each path would hide what they change.
type Json = any;

/** Two delegates' work merged: every kind of record the format has. */
function richState(): WorkspaceState {
  const a = author('1111111111111111', 1_000);
  const b = author('2222222222222222', 5_000);
  let s = emptyState();
  const made = (name: string, parent: string | null = null) => {
    const m = createTag(s, a, { name, parent });
    s = m.state;
    return m.id;
  };
  const conditions = made('Conditions');
  const horaires = made('Horaires', conditions);
  const nuit = made('Nuit');
  const vieux = made('Vieux');
  s = setEntryTag(s, a, '12', horaires, true);
  s = setEntryTag(s, a, '12', nuit, true);
  s = setMemo(s, a, '12', 'À relire');
  const q = addQuote(s, a, { entryId: '12', start: 0, end: 5, original: 'Bonne', tags: [horaires] });
  s = approveQuote(q.state, a, q.id, true);
  const gone = addQuote(s, a, { entryId: '13', start: 1, end: 2, original: 'x' });
  s = deleteQuote(gone.state, a, gone.id);
  s = addTerm(s, a, 'Dupont');
  s = mergeTags(s, a, nuit, horaires);
  s = deleteTag(s, a, vieux);
  s = rememberPlaceholders(s, a, 'fr', [
    { kind: 'name', key: 'garnier', placeholder: '[Personne A]' },
    { kind: 'term', key: 'dupont', placeholder: '[Terme A]' },
  ]);
  let other = editQuote(setMemo(addTerm(s, b, 'Site Nord'), b, '12', 'Relu'), b, q.id, '[Bonne]');
  other = rememberPlaceholders(other, b, 'fr', [{ kind: 'name', key: 'garnier', placeholder: '[Personne B]' }]);
  other = rememberPlaceholders(other, b, 'en', [{ kind: 'name', key: 'lefebvre', placeholder: '[Person A]' }]);
  return merge(setMemo(s, a, '12', 'Lu'), other);
}

const base: Json = JSON.parse(fromUtf8(encodeState(richState())));
const clone = (): Json => structuredClone(base);
const tagNamed = (j: Json, name: string) => j.tags.find((t: Json) => t.name[0] === name);
const liveQuote = (j: Json) => j.quotes.find((q: Json) => !q.deleted);
const tombstone = (j: Json) => j.quotes.find((q: Json) => q.deleted);
const entry = (j: Json) => j.entries[0];
const placeholderRow = (j: Json) => j.placeholders.find((row: Json) => row[0] === 'fr' && row[2] === 'garnier');

/** A row: a name, and the bytes, or a change to a copy of the valid JSON. */
type Row = [string, Uint8Array | ((j: Json) => void)];

function bytesOf(row: Row[1]): Uint8Array {
  if (row instanceof Uint8Array) return row;
  const j = clone();
  row(j);
  return utf8(JSON.stringify(j));
}

const UNKNOWN_ID = 'ffffffffffffffff';

const BAD: Row[] = [
  ['no bytes', new Uint8Array()],
  ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d])],
  ['truncated JSON', utf8('{"v":1,"actors":[')],
  ['a byte-order mark before the JSON', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(JSON.stringify(base))])],
  ['JSON null', utf8('null')],
  ['a JSON array', utf8('[]')],
  ['a JSON string', utf8('"v"')],
  ['no version', (j) => delete j.v],
  ['version 2', (j) => (j.v = 2)],
  ['version 0', (j) => (j.v = 0)],
  ['version as a string', (j) => (j.v = '1')],
  ['an extra top-level key', (j) => (j.extra = [])],
  ['no terms key', (j) => delete j.terms],
  ['actors not a list', (j) => (j.actors = {})],
  ['tags null', (j) => (j.tags = null)],
  ['an actor id in upper case', (j) => (j.actors[0][0] = j.actors[0][0].toUpperCase().replace(/1/g, 'A'))],
  ['an actor id of 15 digits', (j) => (j.actors[0][0] = '111111111111111')],
  ['an actor id that is a number', (j) => (j.actors[0][0] = 1111111111111111)],
  ['an actor with a negative time', (j) => (j.actors[0][1] = -1)],
  ['an actor with a fractional time', (j) => (j.actors[0][1] = 1.5)],
  ['an actor with a time past 2^53', (j) => (j.actors[0][1] = 2 ** 53)],
  ['an actor with a counter as a string', (j) => (j.actors[0][2] = '0')],
  ['an actor listed twice', (j) => j.actors.push([...j.actors[0]])],
  ['an actor without its counter', (j) => j.actors[0].pop()],
  ['a stamp naming no actor', (j) => (tagNamed(j, 'Conditions').name[1][2] = j.actors.length)],
  ['a stamp with a negative actor index', (j) => (tagNamed(j, 'Conditions').name[1][2] = -1)],
  ['a stamp later than its actor’s latest', (j) => (tagNamed(j, 'Conditions').name[1][0] = j.actors[tagNamed(j, 'Conditions').name[1][2]][1] + 1)],
  ['a stamp as an object', (j) => (tagNamed(j, 'Conditions').name[1] = { time: 1, counter: 0, actor: 0 })],
  ['a stamp of two numbers', (j) => tagNamed(j, 'Conditions').name[1].pop()],
  ['a tag id that is not hex', (j) => (tagNamed(j, 'Conditions').id = 'zzzzzzzzzzzzzzzz')],
  ['a tag id of 15 digits', (j) => (tagNamed(j, 'Nuit').id = 'fffffffffffffff')],
  ['a tag listed twice', (j) => j.tags.push(structuredClone(tagNamed(j, 'Conditions')))],
  ['an empty tag name', (j) => (tagNamed(j, 'Conditions').name[0] = '')],
  ['a tag name with spaces around', (j) => (tagNamed(j, 'Conditions').name[0] = ' Conditions ')],
  ['a tag name of 101 characters', (j) => (tagNamed(j, 'Conditions').name[0] = 'x'.repeat(101))],
  ['a tag name on two lines', (j) => (tagNamed(j, 'Conditions').name[0] = 'Con\nditions')],
  ['a tag name that is a number', (j) => (tagNamed(j, 'Conditions').name[0] = 7)],
  ['a colour outside the palette', (j) => (tagNamed(j, 'Conditions').colour[0] = '#000000')],
  ['a colour by name', (j) => (tagNamed(j, 'Conditions').colour[0] = 'red')],
  ['a parent the file does not hold', (j) => (tagNamed(j, 'Horaires').parent[0] = UNKNOWN_ID)],
  ['a merge into a tag the file does not hold', (j) => (tagNamed(j, 'Nuit').mergedInto[0] = UNKNOWN_ID)],
  ['a parent that is a number', (j) => (tagNamed(j, 'Horaires').parent[0] = 1)],
  ['deleted as a string', (j) => (tagNamed(j, 'Vieux').deleted = 'yes')],
  ['a tag without deleted', (j) => delete tagNamed(j, 'Vieux').deleted],
  ['a tag with an extra key', (j) => (tagNamed(j, 'Vieux').created = 1)],
  ['a register of three items', (j) => tagNamed(j, 'Conditions').colour.push(0)],
  ['a testimony id with a leading zero', (j) => (entry(j).id = '012')],
  ['a testimony id that is not decimal', (j) => (entry(j).id = 'abc')],
  ['a testimony id past 2^53', (j) => (entry(j).id = '9007199254740993')],
  ['a testimony id as a number', (j) => (entry(j).id = 12)],
  ['a testimony listed twice', (j) => j.entries.push(structuredClone(entry(j)))],
  ['a testimony tagged with a tag the file does not hold', (j) => (entry(j).tags[0][0] = UNKNOWN_ID)],
  ['a testimony tag switched on by a string', (j) => (entry(j).tags[0][1] = 'true')],
  ['a testimony tag listed twice', (j) => entry(j).tags.push(structuredClone(entry(j).tags[0]))],
  ['a testimony tag without its stamp', (j) => entry(j).tags[0].pop()],
  ['a memo of 20,001 characters', (j) => (entry(j).memo[0][0] = 'x'.repeat(20_001))],
  ['a blank memo', (j) => (entry(j).memo[0][0] = '  ')],
  ['a memo that is a number', (j) => (entry(j).memo[0][0] = 5)],
  ['two memo versions with one stamp', (j) => entry(j).memo.push([`${entry(j).memo[0][0]} bis`, entry(j).memo[0][1]])],
  ['a testimony without its memo key', (j) => delete entry(j).memo],
  ['a testimony with an extra key', (j) => (entry(j).quotes = [])],
  ['a tombstone that is not deleted', (j) => (tombstone(j).deleted = false)],
  ['a tombstone with an extra key', (j) => (tombstone(j).entry = '13')],
  ['a quote ending before it starts', (j) => Object.assign(liveQuote(j), { start: 5, end: 0 })],
  ['a quote ending where it starts', (j) => Object.assign(liveQuote(j), { start: 5, end: 5 })],
  ['a quote starting at -1', (j) => Object.assign(liveQuote(j), { start: -1, end: 4 })],
  ['a quote at a fractional offset', (j) => Object.assign(liveQuote(j), { start: 0.5, end: 5.5 })],
  ['an original whose length is not end − start', (j) => (liveQuote(j).end = 6)],
  ['an original of 20,001 characters', (j) => Object.assign(liveQuote(j), { start: 0, end: 20_001, original: 'x'.repeat(20_001) })],
  ['a blank original', (j) => (liveQuote(j).original = '     ')],
  ['an original that cuts a character in two', (j) => (liveQuote(j).original = 'Bonn\ud83d')],
  ['a quote from an invalid testimony id', (j) => (liveQuote(j).entry = '1e3')],
  ['a published wording of 20,001 characters', (j) => (liveQuote(j).published[0][0] = 'x'.repeat(20_001))],
  ['a blank published wording', (j) => (liveQuote(j).published[0][0] = '')],
  ['an approved wording of 20,001 characters', (j) => (liveQuote(j).approval[0] = 'x'.repeat(20_001))],
  ['an approval that is a boolean', (j) => (liveQuote(j).approval[0] = true)],
  ['a quote tagged with a tag the file does not hold', (j) => (liveQuote(j).tags[0][0] = UNKNOWN_ID)],
  ['a quote listed twice', (j) => j.quotes.push(structuredClone(liveQuote(j)))],
  ['a quote without its approval', (j) => delete liveQuote(j).approval],
  ['a term of 201 characters', (j) => (j.terms[0][0] = 'x'.repeat(201))],
  ['a blank term', (j) => (j.terms[0][0] = ' ')],
  ['a term with a tab', (j) => (j.terms[0][0] = 'Du\tpont')],
  ['a term with spaces around', (j) => (j.terms[0][0] = ' Dupont')],
  ['a term that is a number', (j) => (j.terms[0][0] = 1)],
  ['two terms with one stamp', (j) => j.terms.push(['Autre', j.terms[0][1]])],
  ['placeholders not a list', (j) => (j.placeholders = {})],
  ['placeholders null', (j) => (j.placeholders = null)],
  ['a placeholder in another language', (j) => (placeholderRow(j)[0] = 'de')],
  ['a placeholder of another kind', (j) => (placeholderRow(j)[1] = 'phone')],
  ['a placeholder key of 201 characters', (j) => (placeholderRow(j)[2] = 'x'.repeat(201))],
  ['an empty placeholder key', (j) => (placeholderRow(j)[2] = '')],
  ['a placeholder key on two lines', (j) => (placeholderRow(j)[2] = 'gar\nnier')],
  ['a placeholder of 65 characters', (j) => (placeholderRow(j)[3] = `[${'x'.repeat(63)}]`)],
  ['a blank placeholder', (j) => (placeholderRow(j)[3] = ' ')],
  ['a placeholder that is a number', (j) => (placeholderRow(j)[3] = 1)],
  ['a placeholder given twice to one value', (j) => j.placeholders.push([...placeholderRow(j)])],
  ['a placeholder without its stamp', (j) => placeholderRow(j).pop()],
  ['a placeholder stamp the file has not seen', (j) => (placeholderRow(j)[4][0] = j.actors[placeholderRow(j)[4][2]][1] + 1)],
  ['a placeholder row as an object', (j) => (j.placeholders[0] = { locale: 'fr', kind: 'name', key: 'x', placeholder: '[Personne A]' })],
];

describe('decodeState', () => {
  it('reads the valid file every row starts from', () => {
    const bytes = utf8(JSON.stringify(base));
    expect(fromUtf8(encodeState(decodeState(bytes)))).toBe(fromUtf8(bytes));
    expect(base.actors).toHaveLength(2);
    expect(base.quotes).toHaveLength(2);
    expect(base.placeholders).toHaveLength(4);
  });

  it.each(BAD)('refuses %s', (_, row) => {
    expect(() => decodeState(bytesOf(row))).toThrowError(new Error('invalid workspace state'));
  });

  it('refuses what is not a byte array', () => {
    expect(() => decodeState(JSON.stringify(base) as unknown as Uint8Array)).toThrowError(new Error('invalid workspace state'));
    expect(() => decodeState(null as unknown as Uint8Array)).toThrowError(new Error('invalid workspace state'));
  });

  const ALLOWED: Row[] = [
    ['every list in reverse order', (j) => {
      for (const key of ['actors', 'tags', 'entries', 'quotes', 'terms', 'placeholders']) j[key].reverse();
      for (const e of j.entries) e.tags.reverse(), e.memo.reverse();
      // The actors moved: stamps name them by position.
      const last = j.actors.length - 1;
      const remap = (st: number[]) => (st[2] = last - st[2]);
      for (const t of j.tags) for (const key of ['name', 'colour', 'parent', 'mergedInto']) remap(t[key][1]);
      for (const e of j.entries) for (const item of [...e.tags, ...e.memo]) remap(item.at(-1));
      for (const q of j.quotes) if (!q.deleted) for (const item of [...q.published, q.approval, ...q.tags]) remap(item.at(-1));
      for (const item of j.terms) remap(item[1]);
      for (const row of j.placeholders) remap(row[4]);
    }],
    // Written before placeholders were remembered: the key did not exist.
    ['a file without placeholders', (j) => delete j.placeholders],
    ['an empty list of placeholders', (j) => (j.placeholders = [])],
    ['a placeholder key of 200 characters and a placeholder of 64', (j) => Object.assign(placeholderRow(j), { 2: 'x'.repeat(200), 3: `[${'x'.repeat(62)}]` })],
    // What merging files under the limit can give: a file the workspace wrote must open.
    ['more than 10,000 placeholders in one language', (j) => {
      for (let i = 0; i < 10_001; i++) j.placeholders.push(['en', 'name', `p${i}`, `[Person ${i}]`, placeholderRow(j)[4]]);
    }],
    ['a tag name of 100 characters', (j) => (tagNamed(j, 'Conditions').name[0] = 'x'.repeat(100))],
    ['a memo of 20,000 characters', (j) => (entry(j).memo[0][0] = 'x'.repeat(20_000))],
    ['a term of 200 characters', (j) => (j.terms[0][0] = 'x'.repeat(200))],
    ['a published wording of 20,000 characters', (j) => (liveQuote(j).published[0][0] = 'x'.repeat(20_000))],
    ['a testimony with neither tags nor memo', (j) => j.entries.push({ id: '99', tags: [], memo: [] })],
    ['ids longer than 16 digits', (j) => (j.actors[0][0] = j.actors[0][0].padEnd(64, '0'))],
    ['a tag that is its own parent, read as a root', (j) => (tagNamed(j, 'Horaires').parent[0] = tagNamed(j, 'Horaires').id)],
    // What merging two copies written by one actor can leave (see Author).
    ['a quote with no published version, read as its original', (j) => (liveQuote(j).published = [])],
  ];

  it.each(ALLOWED)('accepts %s', (name, row) => {
    const state = decodeState(bytesOf(row));
    expect(tags(state).length).toBeGreaterThan(0);
    if (name === 'every list in reverse order') expect(fromUtf8(encodeState(state))).toBe(JSON.stringify(base));
    if (name.startsWith('a quote with no published')) expect(quotes(state)[0]).toMatchObject({ published: 'Bonne', conflicts: [] });
    if (name === 'a file without placeholders') expect(placeholderAssignments(state, 'fr')).toEqual([]);
    if (name.startsWith('more than')) expect(placeholderAssignments(state, 'en')).toHaveLength(10_002);
  });
});
