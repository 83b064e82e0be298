import { checkAnswers, type AnswerProblem, type CampaignDefinition } from '../../crypto/campaign.js';
import type { Answer } from '../../crypto/testimony.js';

export type QuestionProblem = Extract<AnswerProblem, { question: string }>['problem'];

/** The answers to send: a blank one (only spaces, nothing ticked) is no answer and stays out of the envelope. */
export function givenAnswers(values: Readonly<Record<string, Answer>>): Record<string, Answer> {
  return Object.fromEntries(Object.entries(values).filter(([, answer]) => (typeof answer === 'string' ? answer.trim() !== '' : answer.length > 0)));
}

/**
 * Every question's problem, in question order, so that all are shown at once. Each question is
 * judged alone by `checkAnswers`, the rule the delegates' tools apply too, with a stand-in text
 * so that only the question itself can fail.
 */
export function questionProblems(def: CampaignDefinition, answers: Readonly<Record<string, Answer>>): Map<string, QuestionProblem> {
  const problems = new Map<string, QuestionProblem>();
  for (const question of def.questions) {
    const alone = Object.hasOwn(answers, question.id) ? { [question.id]: answers[question.id] } : {};
    const problem = checkAnswers({ ...def, questions: [question] }, alone, '-');
    if (problem !== null && 'question' in problem) problems.set(question.id, problem.problem);
  }
  return problems;
}
