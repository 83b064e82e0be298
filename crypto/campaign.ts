/**
 * A campaign as delegates define it and as the server stores and serves it (docs/FORMATS.md,
 * "Campaign definition"). Public by nature: titles, questions and dates, never an answer.
 * Isomorphic and dependency-free: the server validates with it, the page and the workspace
 * read it.
 */
import { CAMPAIGN_SLUG } from './bundle.js';

// Defined here rather than in testimony.ts, which reads plaintext: the network world (the server,
// the delegate client) checks definitions and must not load what reads testimonies.
/** The languages of every wording, French first. */
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
/** Question ids name answers: short, lower case, safe in any file name or CSV header. */
export const QUESTION_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const MAX_CHOICES = 32;
/** One answer: a choice or a short text, or the choices ticked of a multiple-choice question. */
export type Answer = string | readonly string[];

export const QUESTION_KINDS = ['long_text', 'short_text', 'single_choice', 'multiple_choice', 'scale'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const CAMPAIGN_STATES = ['open', 'closed'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];
/** What the page is told: `upcoming` before the opening day, `closed` after the closing day or once closed by hand. */
export type CampaignStatus = 'open' | 'upcoming' | 'closed';

/** French is required; English may be empty, and readers then fall back to French. */
export type Wording = Readonly<Record<Locale, string>>;

export interface Choice {
  /** Matches QUESTION_ID; what an answer records. */
  id: string;
  label: Wording;
}

export interface Question {
  /** Matches QUESTION_ID (crypto/testimony.ts); what the answers are keyed by. */
  id: string;
  kind: QuestionKind;
  required: boolean;
  label: Wording;
  /** Help text under the label; both empty when there is none. */
  help: Wording;
  /** For single_choice and multiple_choice only: 2 to MAX_CHOICES choices. Empty otherwise. */
  choices: readonly Choice[];
}

export interface CampaignDefinition {
  slug: string;
  title: Wording;
  /** Plain text or the Markdown subset of docs/FORMATS.md; never raw HTML. */
  intro: Wording;
  questions: readonly Question[];
  /** First UTC day open (YYYY-MM-DD), or null for no limit. */
  opens: string | null;
  /** Last UTC day open, inclusive, or null for no limit. */
  closes: string | null;
  state: CampaignState;
}

export const MAX_QUESTIONS = 40;
// Lengths in characters are UTF-16 code units, as JavaScript's `length` and HTML's `maxlength` count them.
export const MAX_SHORT_ANSWER = 200;
export const MAX_TITLE = 120;
export const MAX_INTRO = 4000;
export const MAX_LABEL = 300;
export const MAX_HELP = 600;
export const MAX_CHOICE_LABEL = 120;
export const MIN_CHOICES = 2;
export const SCALE_ANSWERS = ['1', '2', '3', '4', '5'] as const;

/** Why a definition was refused; CampaignError carries one with where it was found. */
export const CAMPAIGN_PROBLEMS = [
  'wrong_type',
  'missing_field',
  'unknown_field',
  'invalid_slug',
  'empty',
  'too_long',
  'forbidden_character',
  'raw_html',
  'invalid_id',
  'duplicate_id',
  'invalid_kind',
  'too_many_questions',
  'too_few_choices',
  'too_many_choices',
  'choices_not_allowed',
  'invalid_day',
  'opens_after_closes',
  'invalid_state',
] as const;
export type CampaignProblem = (typeof CAMPAIGN_PROBLEMS)[number];

/** Each problem in a few fixed words, for messages. */
export const CAMPAIGN_PROBLEM_TEXT: Readonly<Record<CampaignProblem, string>> = {
  wrong_type: 'wrong type',
  missing_field: 'missing field',
  unknown_field: 'unknown field',
  invalid_slug: 'invalid slug',
  empty: 'empty text',
  too_long: 'text too long',
  forbidden_character: 'forbidden character',
  raw_html: 'raw html',
  invalid_id: 'invalid id',
  duplicate_id: 'duplicate id',
  invalid_kind: 'invalid question kind',
  too_many_questions: 'too many questions',
  too_few_choices: 'too few choices',
  too_many_choices: 'too many choices',
  choices_not_allowed: 'choices not allowed',
  invalid_day: 'invalid day',
  opens_after_closes: 'opens after closes',
  invalid_state: 'invalid state',
};

/**
 * A refused definition: `code` says why, `at` where, as a path such as
 * `questions[2].choices[0].label.fr` ('' for the whole value). The message is fixed per code
 * and `at` is built from the format's own field names and indexes: neither holds any input,
 * so an unknown field is reported at the object that holds it.
 */
export class CampaignError extends Error {
  constructor(
    readonly code: CampaignProblem,
    readonly at: string,
  ) {
    super(`invalid campaign: ${CAMPAIGN_PROBLEM_TEXT[code]}`);
  }
}

type Fields = Record<string, unknown>;

const join = (at: string, field: string) => (at === '' ? field : `${at}.${field}`);

function object(value: unknown, at: string, fields: readonly string[]): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CampaignError('wrong_type', at);
  for (const key of Object.keys(value)) if (!fields.includes(key)) throw new CampaignError('unknown_field', at);
  for (const field of fields) if (!Object.hasOwn(value, field)) throw new CampaignError('missing_field', join(at, field));
  return value as Fields;
}

function array(value: unknown, at: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new CampaignError('wrong_type', at);
  return value;
}

// Control characters (C0, DEL, C1) and lone surrogates, which no UTF-8 store keeps as they are.
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// What a browser would take for the start of a tag, a comment or a declaration.
const RAW_HTML = /<[A-Za-z/!?]/;

interface TextRule {
  max: number;
  required?: boolean;
  multiline?: boolean;
  noHtml?: boolean;
}

function text(value: unknown, at: string, rule: TextRule): string {
  if (typeof value !== 'string') throw new CampaignError('wrong_type', at);
  if (rule.required && value.trim() === '') throw new CampaignError('empty', at);
  if (value.length > rule.max) throw new CampaignError('too_long', at);
  if (FORBIDDEN.test(rule.multiline ? value.replace(/[\t\n]/g, ' ') : value)) throw new CampaignError('forbidden_character', at);
  if (rule.noHtml && RAW_HTML.test(value)) throw new CampaignError('raw_html', at);
  return value;
}

/** French first and required when `rule.required`; English may stay empty. */
function wording(value: unknown, at: string, rule: TextRule): Wording {
  const fields = object(value, at, ['fr', 'en']);
  return {
    fr: text(fields.fr, join(at, 'fr'), rule),
    en: text(fields.en, join(at, 'en'), { ...rule, required: false }),
  };
}

function id(value: unknown, at: string, seen: Set<string>): string {
  if (typeof value !== 'string') throw new CampaignError('wrong_type', at);
  if (!QUESTION_ID.test(value)) throw new CampaignError('invalid_id', at);
  if (seen.has(value)) throw new CampaignError('duplicate_id', at);
  seen.add(value);
  return value;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(value: unknown, at: string): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') throw new CampaignError('wrong_type', at);
  // A calendar day: Date cannot read 2026-13-01 (NaN, on which toISOString throws) and reads
  // 2026-02-30 as 2 March, which the round trip refuses.
  const time = DAY.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) throw new CampaignError('invalid_day', at);
  return value;
}

function oneOf<T extends string>(value: unknown, at: string, allowed: readonly T[], problem: CampaignProblem): T {
  if (typeof value !== 'string') throw new CampaignError('wrong_type', at);
  if (!(allowed as readonly string[]).includes(value)) throw new CampaignError(problem, at);
  return value as T;
}

const hasChoices = (kind: QuestionKind) => kind === 'single_choice' || kind === 'multiple_choice';

function question(value: unknown, at: string, seen: Set<string>): Question {
  const fields = object(value, at, ['id', 'kind', 'required', 'label', 'help', 'choices']);
  const questionId = id(fields.id, join(at, 'id'), seen);
  const kind = oneOf(fields.kind, join(at, 'kind'), QUESTION_KINDS, 'invalid_kind');
  if (typeof fields.required !== 'boolean') throw new CampaignError('wrong_type', join(at, 'required'));
  const label = wording(fields.label, join(at, 'label'), { max: MAX_LABEL, required: true });
  const help = wording(fields.help, join(at, 'help'), { max: MAX_HELP, multiline: true });
  const choicesAt = join(at, 'choices');
  const list = array(fields.choices, choicesAt);
  if (!hasChoices(kind) && list.length > 0) throw new CampaignError('choices_not_allowed', choicesAt);
  if (hasChoices(kind) && list.length < MIN_CHOICES) throw new CampaignError('too_few_choices', choicesAt);
  if (list.length > MAX_CHOICES) throw new CampaignError('too_many_choices', choicesAt);
  const choiceIds = new Set<string>();
  const choices = list.map((choice, i): Choice => {
    const choiceAt = `${choicesAt}[${i}]`;
    const choiceFields = object(choice, choiceAt, ['id', 'label']);
    return {
      id: id(choiceFields.id, join(choiceAt, 'id'), choiceIds),
      label: wording(choiceFields.label, join(choiceAt, 'label'), { max: MAX_CHOICE_LABEL, required: true }),
    };
  });
  return { id: questionId, kind, required: fields.required, label, help, choices };
}

/**
 * Checks a definition as delegates send it (parsed JSON) and returns a copy holding exactly its
 * fields. Throws CampaignError at the first problem, in field order, depth first.
 */
export function validateCampaign(value: unknown): CampaignDefinition {
  const fields = object(value, '', ['slug', 'title', 'intro', 'questions', 'opens', 'closes', 'state']);
  if (typeof fields.slug !== 'string') throw new CampaignError('wrong_type', 'slug');
  if (!CAMPAIGN_SLUG.test(fields.slug)) throw new CampaignError('invalid_slug', 'slug');
  const title = wording(fields.title, 'title', { max: MAX_TITLE, required: true });
  const intro = wording(fields.intro, 'intro', { max: MAX_INTRO, multiline: true, noHtml: true });
  const list = array(fields.questions, 'questions');
  if (list.length > MAX_QUESTIONS) throw new CampaignError('too_many_questions', 'questions');
  const questionIds = new Set<string>();
  const questions = list.map((q, i) => question(q, `questions[${i}]`, questionIds));
  const opens = day(fields.opens, 'opens');
  const closes = day(fields.closes, 'closes');
  if (opens !== null && closes !== null && opens > closes) throw new CampaignError('opens_after_closes', 'closes');
  const state = oneOf(fields.state, 'state', CAMPAIGN_STATES, 'invalid_state');
  return { slug: fields.slug, title, intro, questions, opens, closes, state };
}

/** Where a campaign stands on `today` (YYYY-MM-DD, UTC): closing by hand wins over the dates. */
export function campaignStatus(def: CampaignDefinition, today: string): CampaignStatus {
  if (def.state === 'closed') return 'closed';
  if (def.opens !== null && today < def.opens) return 'upcoming';
  if (def.closes !== null && today > def.closes) return 'closed';
  return 'open';
}

/** What stops a submission, named for the page to show next to the question. */
export type AnswerProblem = { question: string; problem: 'required' | 'too_long' | 'invalid' } | { problem: 'empty' };

const blank = (answer: unknown) => (typeof answer === 'string' ? answer.trim() === '' : Array.isArray(answer) && answer.length === 0);

function answerProblem(q: Question, answer: unknown): 'too_long' | 'invalid' | null {
  const choiceIds = q.choices.map((c) => c.id);
  switch (q.kind) {
    case 'long_text':
      return typeof answer === 'string' ? null : 'invalid';
    case 'short_text':
      if (typeof answer !== 'string') return 'invalid';
      return answer.length > MAX_SHORT_ANSWER ? 'too_long' : null;
    case 'single_choice':
      return typeof answer === 'string' && choiceIds.includes(answer) ? null : 'invalid';
    case 'scale':
      return typeof answer === 'string' && (SCALE_ANSWERS as readonly string[]).includes(answer) ? null : 'invalid';
    case 'multiple_choice':
      return Array.isArray(answer) &&
        answer.every((a) => typeof a === 'string' && choiceIds.includes(a)) &&
        new Set(answer).size === answer.length
        ? null
        : 'invalid';
  }
}

/**
 * The first reason these answers and this text cannot be sent, or null. Questions are checked
 * in their order, then answers to questions the campaign does not ask. A blank answer (only
 * spaces, or no choice ticked) counts as no answer; a submission needs some text or one answer.
 */
export function checkAnswers(def: CampaignDefinition, answers: Readonly<Record<string, Answer>>, text: string): AnswerProblem | null {
  let answered = false;
  for (const q of def.questions) {
    const answer: unknown = Object.hasOwn(answers, q.id) ? answers[q.id] : undefined;
    if (answer === undefined || blank(answer)) {
      if (q.required) return { question: q.id, problem: 'required' };
      continue;
    }
    const problem = answerProblem(q, answer);
    if (problem) return { question: q.id, problem };
    answered = true;
  }
  const asked = new Set(def.questions.map((q) => q.id));
  const stray = Object.keys(answers).find((key) => !asked.has(key));
  if (stray !== undefined) return { question: stray, problem: 'invalid' };
  if (!answered && text.trim() === '') return { problem: 'empty' };
  return null;
}
