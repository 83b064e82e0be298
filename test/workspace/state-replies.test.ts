/**
 * Replies in the workspace state: each one sent is recorded once, read back in the order it was
 * sent, saved and read in the file, and never lost by a merge. Random histories of delegates
 * replying, writing memos and merging each other's files check that the merge stays a join
 * (commutative, associative, idempotent) with replies in it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../crypto/bytes.js';
import {
  decodeState,
  emptyState,
  encodeState,
  merge,
  recordReply,
  repliesTo,
  setMemo,
  MAX_REPLY,
  type Author,
  type SentReply,
  type WorkspaceState,
} from '../../web/workspace/src/core/state.js';
import { author, bytesOf, thrown } from './state-fixtures.js';

const MAILBOX = '0123456789abcdef';
const OTHER_MAILBOX = 'fedcba9876543210';
const DELEGATE = 'a1b2c3d4e5f60718';

function reply(overrides: Partial<SentReply> = {}): SentReply {
  return { entryId: '42', mailbox: MAILBOX, from: DELEGATE, text: 'Merci, nous en parlons jeudi.', sent: '2026-03-02T10:15:00.000Z', ...overrides };
}

describe('recordReply', () => {
  it('records a reply under a new id, read back per mailbox oldest first', () => {
    const a = author();
    const first = recordReply(emptyState(), a, reply({ sent: '2026-03-03T09:00:00.000Z', text: 'Second envoi.' }));
    const second = recordReply(first.state, a, reply({ sent: '2026-03-02T09:00:00.000Z', text: 'Premier envoi.' }));
    const third = recordReply(second.state, a, reply({ mailbox: OTHER_MAILBOX, entryId: '7' }));
    expect(first.id).toMatch(/^[0-9a-f]{16}$/);
    expect(repliesTo(third.state, MAILBOX).map((r) => r.text)).toEqual(['Premier envoi.', 'Second envoi.']);
    expect(repliesTo(third.state, OTHER_MAILBOX)).toEqual([{ id: third.id, entryId: '7', from: DELEGATE, text: reply().text, sent: reply().sent }]);
    expect(repliesTo(third.state, 'ffffffffffffffff')).toEqual([]);
    expect(emptyState().replies.size).toBe(0);
  });

  it('refuses what is not a reply that was sent, with a fixed message', () => {
    const a = author();
    const cases: [string, Partial<SentReply>, string][] = [
      ['a blank text', { text: '  \n ' }, 'invalid reply'],
      ['a text over the limit', { text: 'x'.repeat(MAX_REPLY + 1) }, 'reply too long'],
      ['half a character', { text: 'fin \ud83d' }, 'invalid reply'],
      ['an entry that is not a server id', { entryId: '042' }, 'invalid reply'],
      ['a mailbox that is not a key id', { mailbox: 'parole-pk1:abc' }, 'invalid reply'],
      ['a sender that is not a key id', { from: DELEGATE.toUpperCase() }, 'invalid reply'],
      ['a time without milliseconds', { sent: '2026-03-02T10:15:00Z' }, 'invalid reply'],
      ['a time that is no date', { sent: '2026-13-45T10:15:00.000Z' }, 'invalid reply'],
    ];
    for (const [, overrides, message] of cases) expect(thrown(() => recordReply(emptyState(), a, reply(overrides)))).toBe(message);
    expect(recordReply(emptyState(), a, reply({ text: 'x'.repeat(MAX_REPLY) })).state.replies.size).toBe(1);
  });
});

type Json = Record<string, any>;
const edited = (s: WorkspaceState, edit: (j: Json) => void): Uint8Array => {
  const j = JSON.parse(fromUtf8(encodeState(s)));
  edit(j);
  return utf8(JSON.stringify(j));
};

describe('replies in the workspace file', () => {
  const a = author('1111111111111111');
  const made = recordReply(setMemo(emptyState(), a, '42', 'À rappeler.'), a, reply());
  const state = recordReply(made.state, a, reply({ entryId: '9', mailbox: OTHER_MAILBOX, text: 'Bien reçu.' })).state;

  it('writes them last, by id, and reads them back the same', () => {
    const j = JSON.parse(bytesOf(state));
    expect(Object.keys(j)).toEqual(['v', 'actors', 'tags', 'entries', 'quotes', 'terms', 'replies']);
    expect(j.replies).toHaveLength(2);
    expect(j.replies.map((r: Json) => r.id)).toEqual([...j.replies.map((r: Json) => r.id)].sort());
    expect(Object.keys(j.replies[0])).toEqual(['id', 'entry', 'mailbox', 'from', 'text', 'sent', 'stamp']);
    expect(bytesOf(decodeState(encodeState(state)))).toBe(bytesOf(state));
    expect(repliesTo(decodeState(encodeState(state)), MAILBOX)).toEqual(repliesTo(state, MAILBOX));
    // A state without replies is written as before they existed, so older workspaces open it.
    expect(Object.keys(JSON.parse(bytesOf(emptyState())))).not.toContain('replies');
  });

  it('refuses a file whose replies break a rule', () => {
    const bad: [string, (j: Json) => void][] = [
      ['replies not a list', (j) => (j.replies = {})],
      ['a reply as an array', (j) => (j.replies[0] = Object.values(j.replies[0]))],
      ['a missing key', (j) => delete j.replies[0].from],
      ['an extra key', (j) => (j.replies[0].day = '2026-03-02')],
      ['a duplicate id', (j) => (j.replies[1].id = j.replies[0].id)],
      ['an id not hex', (j) => (j.replies[0].id = 'reply-1')],
      ['a blank text', (j) => (j.replies[0].text = ' ')],
      ['an entry as a number', (j) => (j.replies[0].entry = 42)],
      ['a mailbox not a key id', (j) => (j.replies[0].mailbox = 'xyz')],
      ['a time not ISO', (j) => (j.replies[0].sent = 'lundi')],
      ['a stamp the file has not seen', (j) => (j.replies[0].stamp = [j.actors[0][1] + 1, 0, 0])],
      ['a stamp of no actor', (j) => (j.replies[0].stamp = [1, 0, 5])],
    ];
    for (const [name, edit] of bad) expect(thrown(() => decodeState(edited(state, edit))), name).toBe('invalid workspace state');
    expect(decodeState(edited(state, (j) => j.replies.reverse())).replies.size).toBe(2);
    expect(decodeState(edited(state, (j) => (j.replies = []))).replies.size).toBe(0);
  });
});

describe('merging replies', () => {
  it('keeps every reply either side sent, once', () => {
    const start = setMemo(emptyState(), author('1111111111111111'), '42', 'Note.');
    const mine = recordReply(start, author('1111111111111111', 1_800_000_000_000), reply({ text: 'De moi.' })).state;
    const theirs = recordReply(start, author('2222222222222222'), reply({ text: 'De ma collègue.', sent: '2026-03-01T08:00:00.000Z' })).state;
    const merged = merge(mine, theirs);
    expect(repliesTo(merged, MAILBOX).map((r) => r.text)).toEqual(['De ma collègue.', 'De moi.']);
    expect(bytesOf(merge(merged, mine))).toBe(bytesOf(merged));
    expect(merge(mine, mine)).toBe(mine);
  });

  it('settles one id holding two replies, which only a forged file makes, the same way in any order', () => {
    const a = author('1111111111111111');
    const { state, id } = recordReply(emptyState(), a, reply());
    const forged = decodeState(edited(state, (j) => (j.replies[0].text = 'Autre texte.')));
    expect(repliesTo(merge(state, forged), MAILBOX)).toEqual(repliesTo(merge(forged, state), MAILBOX));
    expect(bytesOf(merge(state, forged))).toBe(bytesOf(merge(forged, state)));
    expect(merge(state, forged).replies.get(id)?.text).toBe('Merci, nous en parlons jeudi.');
  });

  type Step = { who: number; kind: 'reply' | 'memo' | 'sync'; pick: number };
  const steps = fc.array(
    fc.record({ who: fc.nat(2), kind: fc.constantFrom<Step['kind']>('reply', 'reply', 'memo', 'sync'), pick: fc.nat(5) }),
    { minLength: 5, maxLength: 40 },
  );
  const ACTORS = ['1111111111111111', '2222222222222222', '3333333333333333'];

  /** Three delegates, each with its own session and clock skew, replying and merging each other's work. */
  function play(history: Step[], skews: number[]): { states: WorkspaceState[]; sent: Set<string> } {
    const clock = { now: 1_000 };
    const authors: Author[] = ACTORS.map((actor, i) => ({ actor, now: () => clock.now + skews[i] }));
    const states = ACTORS.map(() => emptyState());
    const sent = new Set<string>();
    history.forEach(({ who, kind, pick }, i) => {
      clock.now++;
      const s = states[who];
      if (kind === 'sync') states[who] = merge(s, states[pick % 3]);
      else if (kind === 'memo') states[who] = setMemo(s, authors[who], String(pick), `note ${i}`);
      else {
        const made = recordReply(s, authors[who], reply({ entryId: String(pick), mailbox: pick % 2 ? MAILBOX : OTHER_MAILBOX, text: `réponse ${i}` }));
        states[who] = made.state;
        sent.add(made.id);
      }
    });
    return { states, sent };
  }

  it('is commutative, associative and idempotent, and loses no reply', () => {
    fc.assert(
      fc.property(steps, fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 3, maxLength: 3 }), (history, skews) => {
        const { states: [a, b, c], sent } = play(history, skews);
        expect(bytesOf(merge(a, b))).toBe(bytesOf(merge(b, a)));
        expect(bytesOf(merge(merge(a, b), c))).toBe(bytesOf(merge(a, merge(b, c))));
        expect(bytesOf(merge(a, a))).toBe(bytesOf(a));
        expect(bytesOf(merge(a, merge(a, b)))).toBe(bytesOf(merge(a, b)));
        const all = merge(merge(a, b), c);
        expect(new Set(all.replies.keys())).toEqual(sent);
        expect(bytesOf(decodeState(encodeState(all)))).toBe(bytesOf(all));
      }),
      { numRuns: 200 },
    );
  });
});
