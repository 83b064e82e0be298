/**
 * Campaign definitions: a table of bad inputs, each one mutation of a valid definition with the
 * problem and the place it must be reported at; the status a day gives; the answers a page may send.
 */
import { describe, expect, it } from 'vitest';
import * as testimony from '../../crypto/testimony.js';
import {
  CAMPAIGN_PROBLEMS,
  CampaignError,
  campaignStatus,
  checkAnswers,
  MAX_CHOICE_LABEL,
  MAX_CHOICES,
  MAX_HELP,
  MAX_INTRO,
  MAX_LABEL,
  MAX_QUESTIONS,
  MAX_SHORT_ANSWER,
  MAX_TITLE,
  LOCALES,
  QUESTION_ID,
  validateCampaign,
  type CampaignDefinition,
  type CampaignProblem,
  type Question,
} from '../../crypto/campaign.js';


/** Planted in the mutations: no message and no `at` may contain it. */
const MARKER = 'Zx7MARKERqQ';

const empty = { fr: '', en: '' };
const choices = (...ids: string[]) => ids.map((id) => ({ id, label: { fr: `Choix ${id}`, en: `Choice ${id}` } }));

function valid(): CampaignDefinition {
  return {
    slug: 'nao-2026',
    title: { fr: 'Négociations annuelles 2026', en: 'Annual negotiations 2026' },
    intro: { fr: 'Dites-nous **tout**.\n\n- les horaires\n- les salaires', en: 'Tell us *everything*.' },
    questions: [
      { id: 'recit', kind: 'long_text', required: false, label: { fr: 'Racontez', en: 'Tell us' }, help: { fr: 'Sans nom.\tMerci.', en: '' }, choices: [] },
      { id: 'poste', kind: 'short_text', required: true, label: { fr: 'Votre poste', en: 'Your job' }, help: empty, choices: [] },
      { id: 'site', kind: 'single_choice', required: true, label: { fr: 'Site', en: 'Site' }, help: empty, choices: choices('lyon', 'paris') },
      { id: 'sujets', kind: 'multiple_choice', required: false, label: { fr: 'Sujets', en: '' }, help: empty, choices: choices('salaires', 'horaires', 'sante') },
      { id: 'stress', kind: 'scale', required: false, label: { fr: 'Stress', en: 'Stress' }, help: empty, choices: [] },
    ],
    opens: '2026-03-01',
    closes: '2026-03-31',
    state: 'open',
  };
}

type Mutable = Record<string, any>;

/** Mutates a deep copy of the valid definition; the value it returns, if any, replaces the whole. */
function mutated(change: (d: Mutable) => unknown): unknown {
  const d = structuredClone(valid()) as Mutable;
  const replaced = change(d);
  return replaced === undefined ? d : replaced;
}

const q = (d: Mutable, i: number) => d.questions[i] as Mutable;

const BAD: [string, (d: Mutable) => unknown, CampaignProblem, string][] = [
  ['not an object', () => 'nao', 'wrong_type', ''],
  ['null', () => null, 'wrong_type', ''],
  ['an array', () => [valid()], 'wrong_type', ''],
  ['an unknown top field', (d) => void (d[MARKER] = 1), 'unknown_field', ''],
  ['a status field, as the public route adds', (d) => void (d.status = 'open'), 'unknown_field', ''],
  ['__proto__ as a field', () => JSON.parse(JSON.stringify(valid()).replace('{', '{"__proto__":{},')), 'unknown_field', ''],
  ['no slug', (d) => void delete d.slug, 'missing_field', 'slug'],
  ['no state', (d) => void delete d.state, 'missing_field', 'state'],
  ['no opens', (d) => void delete d.opens, 'missing_field', 'opens'],
  ['a numeric slug', (d) => void (d.slug = 2026), 'wrong_type', 'slug'],
  ['an upper-case slug', (d) => void (d.slug = 'NAO'), 'invalid_slug', 'slug'],
  ['a slug with a space', (d) => void (d.slug = `nao ${MARKER}`), 'invalid_slug', 'slug'],
  ['a slug starting with a dash', (d) => void (d.slug = '-nao'), 'invalid_slug', 'slug'],
  ['a slug of 65 characters', (d) => void (d.slug = 'a'.repeat(65)), 'invalid_slug', 'slug'],
  ['a title as a string', (d) => void (d.title = MARKER), 'wrong_type', 'title'],
  ['a title without English', (d) => void delete d.title.en, 'missing_field', 'title.en'],
  ['a title in a third language', (d) => void (d.title.de = MARKER), 'unknown_field', 'title'],
  ['an empty French title', (d) => void (d.title.fr = ''), 'empty', 'title.fr'],
  ['a blank French title', (d) => void (d.title.fr = ' \u00a0 '), 'empty', 'title.fr'],
  ['a title too long', (d) => void (d.title.fr = 'é'.repeat(MAX_TITLE + 1)), 'too_long', 'title.fr'],
  ['an English title too long', (d) => void (d.title.en = 'e'.repeat(MAX_TITLE + 1)), 'too_long', 'title.en'],
  ['a newline in a title', (d) => void (d.title.fr = `a\n${MARKER}`), 'forbidden_character', 'title.fr'],
  ['a tab in a title', (d) => void (d.title.en = 'a\tb'), 'forbidden_character', 'title.en'],
  ['a NUL in the intro', (d) => void (d.intro.fr = 'a\u0000b'), 'forbidden_character', 'intro.fr'],
  ['a carriage return in the intro', (d) => void (d.intro.fr = 'a\r\nb'), 'forbidden_character', 'intro.fr'],
  ['a C1 control in the intro', (d) => void (d.intro.en = 'a\u0085b'), 'forbidden_character', 'intro.en'],
  ['a DEL in a label', (d) => void (q(d, 0).label.fr = 'a\u007fb'), 'forbidden_character', 'questions[0].label.fr'],
  ['a lone high surrogate', (d) => void (d.title.fr = 'a\ud800b'), 'forbidden_character', 'title.fr'],
  ['a lone low surrogate', (d) => void (d.title.fr = '\udc00'), 'forbidden_character', 'title.fr'],
  ['an intro too long', (d) => void (d.intro.fr = 'x'.repeat(MAX_INTRO + 1)), 'too_long', 'intro.fr'],
  ['a tag in the intro', (d) => void (d.intro.fr = `<b>${MARKER}</b>`), 'raw_html', 'intro.fr'],
  ['a closing tag in the intro', (d) => void (d.intro.en = 'a </p>'), 'raw_html', 'intro.en'],
  ['a comment in the intro', (d) => void (d.intro.fr = 'a <!-- b -->'), 'raw_html', 'intro.fr'],
  ['a processing instruction in the intro', (d) => void (d.intro.fr = '<?xml'), 'raw_html', 'intro.fr'],
  ['questions as an object', (d) => void (d.questions = {}), 'wrong_type', 'questions'],
  ['too many questions', (d) => void (d.questions = Array.from({ length: MAX_QUESTIONS + 1 }, (_, i) => ({ ...q(d, 1), id: `q${i}` }))), 'too_many_questions', 'questions'],
  ['a question as a string', (d) => void (d.questions[2] = MARKER), 'wrong_type', 'questions[2]'],
  ['an unknown question field', (d) => void (q(d, 3)[MARKER] = true), 'unknown_field', 'questions[3]'],
  ['a question without help', (d) => void delete q(d, 1).help, 'missing_field', 'questions[1].help'],
  ['a numeric question id', (d) => void (q(d, 0).id = 1), 'wrong_type', 'questions[0].id'],
  ['an upper-case question id', (d) => void (q(d, 0).id = 'Recit'), 'invalid_id', 'questions[0].id'],
  ['an empty question id', (d) => void (q(d, 0).id = ''), 'invalid_id', 'questions[0].id'],
  ['a duplicate question id', (d) => void (q(d, 4).id = 'site'), 'duplicate_id', 'questions[4].id'],
  ['an unknown kind', (d) => void (q(d, 1).kind = 'date'), 'invalid_kind', 'questions[1].kind'],
  ['a kind not a string', (d) => void (q(d, 1).kind = null), 'wrong_type', 'questions[1].kind'],
  ['required as a string', (d) => void (q(d, 1).required = 'yes'), 'wrong_type', 'questions[1].required'],
  ['an empty French label', (d) => void (q(d, 1).label.fr = ''), 'empty', 'questions[1].label.fr'],
  ['a label too long', (d) => void (q(d, 1).label.en = 'x'.repeat(MAX_LABEL + 1)), 'too_long', 'questions[1].label.en'],
  ['a help too long', (d) => void (q(d, 0).help.fr = 'x'.repeat(MAX_HELP + 1)), 'too_long', 'questions[0].help.fr'],
  ['a control character in help', (d) => void (q(d, 0).help.en = 'a\u001bb'), 'forbidden_character', 'questions[0].help.en'],
  ['choices on a short text', (d) => void (q(d, 1).choices = choices('a', 'b')), 'choices_not_allowed', 'questions[1].choices'],
  ['choices on a scale', (d) => void (q(d, 4).choices = choices('1', '2')), 'choices_not_allowed', 'questions[4].choices'],
  ['choices as null', (d) => void (q(d, 2).choices = null), 'wrong_type', 'questions[2].choices'],
  ['one choice only', (d) => void (q(d, 2).choices = choices('lyon')), 'too_few_choices', 'questions[2].choices'],
  ['no choice', (d) => void (q(d, 3).choices = []), 'too_few_choices', 'questions[3].choices'],
  ['too many choices', (d) => void (q(d, 3).choices = choices(...Array.from({ length: MAX_CHOICES + 1 }, (_, i) => `c${i}`))), 'too_many_choices', 'questions[3].choices'],
  ['a choice as a string', (d) => void (q(d, 2).choices[1] = 'paris'), 'wrong_type', 'questions[2].choices[1]'],
  ['an unknown choice field', (d) => void (q(d, 2).choices[0].help = empty), 'unknown_field', 'questions[2].choices[0]'],
  ['a choice id with a space', (d) => void (q(d, 2).choices[0].id = 'la ville'), 'invalid_id', 'questions[2].choices[0].id'],
  ['a duplicate choice id', (d) => void (q(d, 3).choices[2].id = 'salaires'), 'duplicate_id', 'questions[3].choices[2].id'],
  ['an empty choice label', (d) => void (q(d, 3).choices[1].label.fr = ''), 'empty', 'questions[3].choices[1].label.fr'],
  ['a choice label too long', (d) => void (q(d, 3).choices[1].label.fr = 'x'.repeat(MAX_CHOICE_LABEL + 1)), 'too_long', 'questions[3].choices[1].label.fr'],
  ['a newline in a choice label', (d) => void (q(d, 3).choices[0].label.en = 'a\nb'), 'forbidden_character', 'questions[3].choices[0].label.en'],
  ['an opening day as a number', (d) => void (d.opens = 20260301), 'wrong_type', 'opens'],
  ['an opening day with a time', (d) => void (d.opens = '2026-03-01T00:00:00Z'), 'invalid_day', 'opens'],
  ['a closing day that does not exist', (d) => void (d.closes = '2026-02-30'), 'invalid_day', 'closes'],
  // Days Date cannot read at all: on its NaN, toISOString throws a RangeError rather than refusing.
  ['an opening day in a thirteenth month', (d) => void (d.opens = '2026-13-01'), 'invalid_day', 'opens'],
  ['an opening day 0', (d) => void (d.opens = '2026-02-00'), 'invalid_day', 'opens'],
  ['a closing day 32', (d) => void (d.closes = '2026-01-32'), 'invalid_day', 'closes'],
  ['a closing day on 29 February of a common year', (d) => void (d.closes = '2026-02-29'), 'invalid_day', 'closes'],
  ['a closing day in another form', (d) => void (d.closes = '31/03/2026'), 'invalid_day', 'closes'],
  ['an opening day after the closing day', (d) => void (d.opens = '2026-04-01'), 'opens_after_closes', 'closes'],
  ['an unknown state', (d) => void (d.state = 'upcoming'), 'invalid_state', 'state'],
  ['a state not a string', (d) => void (d.state = false), 'wrong_type', 'state'],
];

describe('validateCampaign', () => {
  it('names questions and languages as the testimony payload does', () => {
    expect([QUESTION_ID.source, MAX_CHOICES, LOCALES]).toEqual([testimony.QUESTION_ID.source, testimony.MAX_CHOICES, testimony.LOCALES]);
  });

  it('accepts a definition with one question of each kind and returns an equal copy', () => {
    const def = valid();
    const checked = validateCampaign(def);
    expect(checked).toEqual(def);
    expect(checked).not.toBe(def);
    expect(validateCampaign(JSON.parse(JSON.stringify(def)))).toEqual(def);
  });

  it('accepts the edges: no questions, no dates, one day, empty English, the longest texts', () => {
    const def = mutated((d) => {
      d.questions = [];
      d.opens = null;
      d.closes = null;
      d.intro = { fr: '', en: '' };
      d.title.en = '';
      d.state = 'closed';
    });
    expect(validateCampaign(def)).toEqual(def);
    const edges = mutated((d) => {
      d.opens = d.closes = '2024-02-29';
      d.title.fr = 'x'.repeat(MAX_TITLE);
      d.intro.fr = `${'y'.repeat(MAX_INTRO - 20)}\n\ta < b, 1<2 <3 😀`;
      q(d, 3).choices = choices(...Array.from({ length: MAX_CHOICES }, (_, i) => `c${i}`));
      d.questions = [...d.questions, ...Array.from({ length: MAX_QUESTIONS - 5 }, (_, i) => ({ ...q(d, 1), id: `q${i}` }))];
    });
    expect(validateCampaign(edges)).toEqual(edges);
  });

  it('the table covers every problem', () => {
    expect(new Set(BAD.map(([, , problem]) => problem))).toEqual(new Set(CAMPAIGN_PROBLEMS));
  });

  it.each(BAD)('refuses %s', (_name, change, problem, at) => {
    const value = mutated(change);
    let error: unknown;
    try {
      validateCampaign(value);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CampaignError);
    const { code, at: where, message } = error as CampaignError;
    expect({ code, at: where }).toEqual({ code: problem, at });
    expect(message).toMatch(/^invalid campaign: [a-z ]+$/);
    expect(`${message} ${where}`).not.toContain(MARKER);
  });
});

describe('campaignStatus', () => {
  const dated = (opens: string | null, closes: string | null, state: 'open' | 'closed' = 'open') => ({ ...valid(), opens, closes, state });

  it.each([
    ['2026-02-28', 'upcoming'],
    ['2026-03-01', 'open'],
    ['2026-03-15', 'open'],
    ['2026-03-31', 'open'],
    ['2026-04-01', 'closed'],
  ] as const)('on %s a campaign of March is %s', (today, status) => {
    expect(campaignStatus(dated('2026-03-01', '2026-03-31'), today)).toBe(status);
  });

  it('leaves an end without a day open, and closing by hand wins over every date', () => {
    expect(campaignStatus(dated(null, null), '1970-01-01')).toBe('open');
    expect(campaignStatus(dated(null, '2026-03-31'), '2000-01-01')).toBe('open');
    expect(campaignStatus(dated('2026-03-01', null), '2999-12-31')).toBe('open');
    expect(campaignStatus(dated(null, null, 'closed'), '2026-03-15')).toBe('closed');
    expect(campaignStatus(dated('2026-04-01', null, 'closed'), '2026-03-15')).toBe('closed');
  });
});

describe('checkAnswers', () => {
  const def = valid();
  const required = { poste: 'soudeur', site: 'lyon' };

  it('accepts required answers alone, text alone when nothing is required, and every kind well answered', () => {
    expect(checkAnswers(def, required, '')).toBeNull();
    expect(checkAnswers({ ...def, questions: [] }, {}, 'Mon récit')).toBeNull();
    const all = { ...required, recit: 'x'.repeat(10_000), sujets: ['sante', 'salaires'], stress: '5', poste: 'p'.repeat(MAX_SHORT_ANSWER) };
    expect(checkAnswers(def, all, '')).toBeNull();
  });

  it('counts a blank answer as none', () => {
    expect(checkAnswers(def, { ...required, recit: '  ', sujets: [] }, '')).toBeNull();
    expect(checkAnswers(def, { ...required, poste: ' \n' }, 'texte')).toEqual({ question: 'poste', problem: 'required' });
  });

  const optional: CampaignDefinition = { ...def, questions: def.questions.map((question): Question => ({ ...question, required: false })) };

  it.each([
    ['nothing at all', def, {}, '', { question: 'poste', problem: 'required' }],
    ['a required choice missing', def, { poste: 'x' }, 'texte', { question: 'site', problem: 'required' }],
    ['nothing when nothing is required', optional, {}, ' \n ', { problem: 'empty' }],
    ['only blank answers', optional, { recit: '', sujets: [] }, '', { problem: 'empty' }],
    ['a short answer too long', def, { ...required, poste: 'x'.repeat(MAX_SHORT_ANSWER + 1) }, '', { question: 'poste', problem: 'too_long' }],
    ['a list for a text', def, { ...required, recit: ['a'] }, '', { question: 'recit', problem: 'invalid' }],
    ['an unknown choice', def, { ...required, site: 'marseille' }, '', { question: 'site', problem: 'invalid' }],
    ['a list for a single choice', def, { ...required, site: ['lyon'] }, '', { question: 'site', problem: 'invalid' }],
    ['a string for a multiple choice', def, { ...required, sujets: 'sante' }, '', { question: 'sujets', problem: 'invalid' }],
    ['an unknown choice among several', def, { ...required, sujets: ['sante', 'x'] }, '', { question: 'sujets', problem: 'invalid' }],
    ['a choice ticked twice', def, { ...required, sujets: ['sante', 'sante'] }, '', { question: 'sujets', problem: 'invalid' }],
    ['a scale of 6', def, { ...required, stress: '6' }, '', { question: 'stress', problem: 'invalid' }],
    ['a scale of 0', def, { ...required, stress: '0' }, '', { question: 'stress', problem: 'invalid' }],
    ['a scale as a number', def, { ...required, stress: 3 as unknown as string }, '', { question: 'stress', problem: 'invalid' }],
    ['an answer to a question not asked', def, { ...required, autre: 'x' }, '', { question: 'autre', problem: 'invalid' }],
    ['an answer named after an object property', def, { ...required, constructor: 'x' }, '', { question: 'constructor', problem: 'invalid' }],
  ] as const)('refuses %s', (_name, campaign, answers, text, problem) => {
    expect(checkAnswers(campaign, answers as Record<string, string>, text)).toEqual(problem);
  });

  it('does not take an inherited property for an answer', () => {
    const question = { ...def.questions[1], id: 'constructor' };
    expect(checkAnswers({ ...def, questions: [question] }, {}, 'texte')).toEqual({ question: 'constructor', problem: 'required' });
  });
});
