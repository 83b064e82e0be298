import { describe, expect, it } from 'vitest';
import type { CampaignDefinition, Question } from '../../crypto/campaign.js';
import { encodePublicKey, generateKey } from '../../crypto/keys.js';
import { signFollowUp } from '../../crypto/mailbox.js';
import { encodeTestimony } from '../../crypto/testimony.js';
import { givenAnswers, questionProblems } from '../../web/src/answers.js';
import { payloadBytes } from '../../web/src/encrypt.js';
import { followUpPath, routeOf } from '../../web/src/route.js';

const w = (fr: string) => ({ fr, en: '' });
const q = (id: string, kind: Question['kind'], required: boolean, choices: string[] = []): Question => ({
  id,
  kind,
  required,
  label: w(id),
  help: w(''),
  choices: choices.map((c) => ({ id: c, label: w(c) })),
});

const campaign: CampaignDefinition = {
  slug: 'enquete',
  title: w('Enquête'),
  intro: w(''),
  questions: [q('service', 'short_text', true), q('frequence', 'scale', false), q('outils', 'multiple_choice', true, ['teams', 'mail'])],
  opens: null,
  closes: null,
  state: 'open',
};

describe('answers on the page', () => {
  it('leaves blank answers out of what is sent', () => {
    expect(givenAnswers({ service: '  ', frequence: '3', outils: [], autre: 'x' })).toEqual({ frequence: '3', autre: 'x' });
  });

  it('names every wrong question at once, in question order', () => {
    expect([...questionProblems(campaign, {})]).toEqual([
      ['service', 'required'],
      ['outils', 'required'],
    ]);
    expect([...questionProblems(campaign, { service: 'x'.repeat(201), frequence: '6', outils: ['fax'] })]).toEqual([
      ['service', 'too_long'],
      ['frequence', 'invalid'],
      ['outils', 'invalid'],
    ]);
    expect(questionProblems(campaign, { service: 'compta', outils: ['mail'] }).size).toBe(0);
  });
});

describe('payloadBytes', () => {
  const key = generateKey();
  it.each([
    ['a text alone', { text: 'Bonjour « é » \n 😀' }],
    ['answers', { text: '', answers: { service: 'compta "RH"', frequence: '2', outils: ['teams', 'mail'] } }],
    ['no answers', { text: 'x', answers: {} }],
    ['a mailbox and a follow-up', { text: 'suite', mailbox: encodePublicKey(key), followUp: signFollowUp(key, { campaign: 'enquete', locale: 'fr', text: 'suite' }) }],
  ])('is the encoded size for %s', (_, fields) => {
    const testimony = { campaign: 'enquete', locale: 'fr' as const, ...fields };
    expect(payloadBytes(testimony)).toBe(encodeTestimony(testimony).length);
  });

  it('counts past the limit without throwing', () => {
    const long = 'é'.repeat(40_000);
    expect(payloadBytes({ campaign: 'enquete', locale: 'fr', text: long, answers: { service: long } })).toBeGreaterThan(160_000);
  });
});

describe('routes', () => {
  it('tells the submission page from the follow-up page', () => {
    expect(routeOf('/c/enquete')).toEqual({ page: 'submit', slug: 'enquete' });
    expect(routeOf('/c/enquete/suivi')).toEqual({ page: 'followup', slug: 'enquete' });
    expect(routeOf('/c/enquete/suivi/')).toEqual({ page: 'followup', slug: 'enquete' });
    expect(routeOf('/c/enquete/autre')).toEqual({ page: 'not_found' });
    expect(followUpPath('enquete')).toBe('/c/enquete/suivi');
  });
});
