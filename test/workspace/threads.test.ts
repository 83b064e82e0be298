/**
 * Threads in the workspace: a follow-up joins the testimony that gave its mailbox only when the
 * mailbox key signed it; anything else stands apart and is never threaded. Figures count
 * testimonies, not follow-ups, and name answers by their wording when it is known.
 */
import { describe, expect, it } from 'vitest';
import { encodePublicKey, generateKey, keyId, signFollowUp, type Testimony } from '../../crypto/index.js';
import { emptyState } from '../../web/workspace/src/core/state.js';
import { answerAttribute, figureRecords } from '../../web/workspace/src/figure-records.js';
import type { Entry } from '../../web/workspace/src/session.svelte.js';
import { threadFields, threadsOf } from '../../web/workspace/src/threads.js';

const mailbox = generateKey();
const other = generateKey();
const base = { v: 1, campaign: 'nao-2026', locale: 'fr' } as const;

function followUp(text: string, signer = mailbox, signed: Partial<Testimony> = {}): Testimony {
  const signature = signFollowUp(signer, { campaign: base.campaign, locale: base.locale, text, ...signed } as never);
  return { ...base, text, mailbox: encodePublicKey(mailbox), followUp: signature };
}

function entry(id: string, day: string, t: Testimony): Entry {
  return { id, campaign: t.campaign, day, locale: t.locale, text: t.text, answers: t.answers ?? {}, folded: t.text, ...threadFields(t) };
}

describe('threadFields', () => {
  it('names the mailbox of a testimony with a receipt, and checks a follow-up’s signature', () => {
    expect(threadFields({ ...base, text: 'sans reçu' })).toEqual({});
    expect(threadFields({ ...base, text: 'avec reçu', mailbox: encodePublicKey(mailbox) })).toEqual({ mailbox: encodePublicKey(mailbox), mailboxId: keyId(mailbox) });
    expect(threadFields(followUp('suite')).followUp).toBe('verified');
    expect(threadFields(followUp('suite', other)).followUp).toBe('unverified');
    // Signed for another page or another text: not this message.
    expect(threadFields(followUp('suite', mailbox, { campaign: 'autre' })).followUp).toBe('unverified');
    expect(threadFields({ ...followUp('suite'), text: 'suite changée' }).followUp).toBe('unverified');
    expect(threadFields({ ...followUp('suite'), locale: 'en' }).followUp).toBe('unverified');
  });
});

describe('threadsOf', () => {
  const root = entry('900', '2026-03-01', { ...base, text: 'témoignage', mailbox: encodePublicKey(mailbox) });
  const later = entry('12', '2026-03-09', followUp('deuxième suite'));
  const earlier = entry('500', '2026-03-04', followUp('première suite'));
  const forged = entry('7', '2026-03-05', followUp('fausse suite', other));
  const plain = entry('3', '2026-03-02', { ...base, text: 'sans reçu' });

  it('threads verified follow-ups under their testimony, oldest first, and lists the rest', () => {
    const threads = threadsOf([plain, forged, later, earlier, root]);
    expect(threads.listed.map((e) => e.id)).toEqual(['3', '7', '900']);
    expect(threads.followUps.get(keyId(mailbox))?.map((e) => e.id)).toEqual(['500', '12']);
    expect([...threads.apart]).toEqual(['7']);
  });

  it('lists a verified follow-up apart while its testimony is not loaded, and never threads an unverified one', () => {
    const threads = threadsOf([forged, later]);
    expect(threads.listed.map((e) => e.id)).toEqual(['7', '12']);
    expect(threads.followUps.size).toBe(0);
    expect(new Set(threads.apart)).toEqual(new Set(['7', '12']));
  });
});

describe('figureRecords', () => {
  it('counts no follow-up, verified or not, and names answers through the given wording', () => {
    const answered = entry('1', '2026-03-01', { ...base, text: '', answers: { site: 'lyon', outils: ['teams', 'viva'] } });
    const records = figureRecords(
      [answered, entry('2', '2026-03-02', followUp('suite')), entry('3', '2026-03-03', followUp('autre', other))],
      emptyState(),
      (question, value) => (value === 'teams' || value === 'viva' ? 'Messagerie' : `${question}=${value}`),
    );
    expect(records).toEqual([{ tags: [], attributes: { campaign: 'nao-2026', month: '2026-03', [answerAttribute('site')]: 'site=lyon', [answerAttribute('outils')]: ['Messagerie'] } }]);
  });
});
