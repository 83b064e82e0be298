/**
 * The campaigns the server holds, as the delegate last fetched them: public definitions, which
 * the reader, the filters and the figures use to show questions and choices by their wording.
 * Offline, or before any fetch, there are none, and answers show by their ids.
 */
import { CampaignError, validateCampaign, type CampaignDefinition, type Question } from '../../../crypto/campaign.js';
import type { SigningKey } from '../../../crypto/signature.js';
import type { Answer, Locale } from '../../../crypto/testimony.js';
import { connect, listCampaigns, storeCampaign, SyncFailure, type SyncError } from './sync.js';

export type SaveCampaignResult = { saved: CampaignDefinition } | { invalid: CampaignError } | { error: SyncError };

class Campaigns {
  list = $state.raw<readonly CampaignDefinition[]>([]);
  /** 'loading' while a request runs; an error when the last one failed. */
  status = $state.raw<'loading' | 'loaded' | SyncError | null>(null);
  private bySlug = $derived(new Map(this.list.map((c) => [c.slug, c])));

  get(slug: string): CampaignDefinition | undefined {
    return this.bySlug.get(slug);
  }

  /** Fetches the list with a signed request. */
  async load(server: string, key: SigningKey): Promise<void> {
    if (this.status === 'loading') return;
    this.status = 'loading';
    try {
      this.list = await listCampaigns(await connect(server, key));
      this.status = 'loaded';
    } catch (err) {
      this.status = err instanceof SyncFailure ? err.code : 'server_error';
    }
  }

  /**
   * Checks the definition with the server's own rules, so a problem is shown next to its field
   * before anything is sent, then creates or replaces it on the server.
   */
  async save(value: unknown, mode: 'create' | 'replace', server: string, key: SigningKey): Promise<SaveCampaignResult> {
    let definition: CampaignDefinition;
    try {
      definition = validateCampaign(value);
    } catch (err) {
      if (err instanceof CampaignError) return { invalid: err };
      throw err;
    }
    try {
      const saved = await storeCampaign(await connect(server, key), definition, mode);
      this.list = [...this.list.filter((c) => c.slug !== saved.slug), saved].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
      return { saved };
    } catch (err) {
      return { error: err instanceof SyncFailure ? err.code : 'server_error' };
    }
  }

  forget(): void {
    this.list = [];
    this.status = null;
  }
}

export const campaigns = new Campaigns();

/** A wording in the interface's language, French when there is none. */
export function worded(w: { fr: string; en: string }, locale: Locale): string {
  return (locale === 'en' && w.en.trim() !== '' ? w.en : w.fr) || w.fr;
}

/** The question a campaign asked under this id, when its definition is known. */
function questionOf(slug: string, questionId: string): Question | undefined {
  return campaigns.get(slug)?.questions.find((q) => q.id === questionId);
}

/** The question's wording in any known campaign that asked it, or its id. */
export function questionLabel(questionId: string, locale: Locale, slug?: string): string {
  const question = slug !== undefined ? questionOf(slug, questionId) : campaigns.list.flatMap((c) => c.questions).find((q) => q.id === questionId);
  return question ? worded(question.label, locale) : questionId;
}

/** One answer value (a choice id, a scale step, a text) as the delegate reads it. */
export function answerValueLabel(questionId: string, value: string, locale: Locale, slug?: string): string {
  const questions = slug !== undefined ? [questionOf(slug, questionId)] : campaigns.list.map((c) => c.questions.find((q) => q.id === questionId));
  for (const question of questions) {
    const choice = question?.choices.find((c) => c.id === value);
    if (choice) return worded(choice.label, locale);
  }
  return value;
}

/** A whole answer, its choices by their wording. */
export function answerLabel(questionId: string, answer: Answer, locale: Locale, slug?: string): string {
  const values = typeof answer === 'string' ? [answer] : answer;
  return values.map((v) => answerValueLabel(questionId, v, locale, slug)).join(', ');
}
