/**
 * What figures count, per testimony: its tags (each with its parents, so a parent counts the
 * testimonies of its sub-tags) and its attributes. The day is coarsened to its month: a figure
 * by day would single out the one testimony of a quiet day. A follow-up adds to a testimony
 * already counted, so it is not counted again.
 */
import type { FigureRecord } from './core/figures.js';
import { entryTags, tagPath, type WorkspaceState } from './core/state.js';
import type { Entry } from './session.svelte.js';

export const CAMPAIGN = 'campaign';
export const MONTH = 'month';
/** Answers are attributes named after their question, apart from the two above. */
export const answerAttribute = (question: string) => `q:${question}`;

/**
 * `answerValue` names an answer's value (a choice id, a scale step, a text) as figures show it:
 * by default, as it is.
 */
export function figureRecords(
  entries: readonly Entry[],
  state: WorkspaceState,
  answerValue: (question: string, value: string) => string = (_, value) => value,
): FigureRecord[] {
  const labels = new Map<string, string[]>();
  const labelsOf = (tagId: string) => {
    let found = labels.get(tagId);
    if (!found) {
      const path = tagPath(state, tagId);
      found = path.map((_, i) => path.slice(0, i + 1).join(' / '));
      labels.set(tagId, found);
    }
    return found;
  };
  return entries.filter((entry) => entry.followUp === undefined).map((entry) => {
    const attributes: Record<string, string | readonly string[]> = { [CAMPAIGN]: entry.campaign, [MONTH]: entry.day.slice(0, 7) };
    for (const [question, answer] of Object.entries(entry.answers)) {
      attributes[answerAttribute(question)] = typeof answer === 'string' ? answerValue(question, answer) : [...new Set(answer.map((v) => answerValue(question, v)))];
    }
    return { tags: [...new Set(entryTags(state, entry.id).flatMap(labelsOf))], attributes };
  });
}
