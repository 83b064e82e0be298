/**
 * What figures count, per testimony: its tags (each with its parents, so a parent counts the
 * testimonies of its sub-tags) and its attributes. The day is coarsened to its month: a figure
 * by day would single out the one testimony of a quiet day.
 */
import type { FigureRecord } from './core/figures.js';
import { entryTags, tagPath, type WorkspaceState } from './core/state.js';
import type { Entry } from './session.svelte.js';

export const CAMPAIGN = 'campaign';
export const MONTH = 'month';
/** Answers are attributes named after their question, apart from the two above. */
export const answerAttribute = (question: string) => `q:${question}`;

export function figureRecords(entries: readonly Entry[], state: WorkspaceState): FigureRecord[] {
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
  return entries.map((entry) => {
    const attributes: Record<string, string | readonly string[]> = { [CAMPAIGN]: entry.campaign, [MONTH]: entry.day.slice(0, 7) };
    for (const [question, answer] of Object.entries(entry.answers)) attributes[answerAttribute(question)] = answer;
    return { tags: [...new Set(entryTags(state, entry.id).flatMap(labelsOf))], attributes };
  });
}
