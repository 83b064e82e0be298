/**
 * The only module that talks to the network. Every request goes to this origin, carries no
 * credentials and no referrer, and never follows a redirect, so a ciphertext cannot be
 * steered elsewhere. Server messages are not shown: the page words errors from its own
 * catalogues, by code. The pages loaded on demand read their own answers through `call`
 * (transparency/api.ts, followup/api.ts), so the submission page does not carry that code.
 */
import { MAX_DIFFICULTY, PROOF_HEADER } from '../../crypto/proof.js';
import { QUESTION_KINDS, type CampaignDefinition, type CampaignStatus, type Question, type Wording } from '../../crypto/campaign.js';
import { QUESTION_ID } from '../../crypto/testimony.js';

export interface KeyringEntry {
  id: string;
  publicKey: string;
  fingerprint: string;
  label: string;
}

/** A campaign as its page shows it: the definition, and where it stands by the server's clock. */
export interface Campaign extends CampaignDefinition {
  status: CampaignStatus;
}

export interface CampaignPage {
  campaign: Campaign;
  keyring: KeyringEntry[];
}

/** busy: the server takes no more for a moment (429); the person tries again in a minute. */
export type ApiError = 'network' | 'unknown_campaign' | 'campaign_closed' | 'invalid_envelope' | 'too_large' | 'busy' | 'server';

/** A proof-of-work challenge as served: the text to solve and its number of zero bits. */
export interface Challenge {
  challenge: string;
  difficulty: number;
}

/** A testimony goes to the campaign while it is open; a follow-up is taken whatever its status. */
export type EnvelopeKind = 'submissions' | 'followups';

export type Loaded<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export type SubmissionResult =
  | { kind: 'stored' }
  | { kind: 'stale_keyring'; keyring: KeyringEntry[] }
  /** Missing, expired, wrong or already used: a fresh challenge may pass. */
  | { kind: 'proof_refused' }
  | { kind: 'failed'; error: ApiError };

const PROOF_REFUSALS: readonly unknown[] = ['proof_required', 'challenge_expired', 'proof_invalid', 'challenge_used'];

export const REQUEST: RequestInit = {
  mode: 'same-origin',
  credentials: 'omit',
  cache: 'no-store',
  redirect: 'error',
  referrerPolicy: 'no-referrer',
};

export async function getCampaign(slug: string): Promise<Loaded<CampaignPage>> {
  const reply = await call(`/api/campaigns/${encodeURIComponent(slug)}`, REQUEST);
  if (!reply.ok) return { ok: false, error: errorOf(reply) };
  const { campaign, keyring } = record(reply.body);
  const fields = record(campaign);
  // Anything but 'open' shows no form: an unexpected status must not collect testimonies.
  const status = fields.status === 'open' || fields.status === 'upcoming' ? fields.status : 'closed';
  return { ok: true, value: { campaign: { ...definitionOf(fields), status }, keyring: keyringOf(keyring) } };
}

/**
 * Asked by every visitor as the page loads, whatever they go on to do, so that the request says
 * nothing about them. Nothing in it names the visitor: the server signs the challenge itself.
 */
export async function getChallenge(): Promise<Loaded<Challenge>> {
  const reply = await call('/api/challenge', REQUEST);
  if (!reply.ok) return { ok: false, error: errorOf(reply) };
  const { challenge, difficulty } = record(reply.body);
  const bits = typeof difficulty === 'number' && Number.isInteger(difficulty) ? Math.min(Math.max(difficulty, 0), MAX_DIFFICULTY) : 0;
  return { ok: true, value: { challenge: text(challenge), difficulty: bits } };
}

/** `proof` is a solved challenge (crypto/proof.ts `proofText`), good for one envelope. */
export async function postEnvelope(slug: string, kind: EnvelopeKind, envelope: Uint8Array<ArrayBuffer>, proof: string): Promise<SubmissionResult> {
  const reply = await call(`/api/campaigns/${encodeURIComponent(slug)}/${kind}`, {
    ...REQUEST,
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', [PROOF_HEADER]: proof },
    body: envelope,
  });
  if (reply.ok) return { kind: 'stored' };
  const body = record(reply.body);
  if (reply.status === 409 && body.error === 'stale_keyring') {
    return { kind: 'stale_keyring', keyring: keyringOf(body.keyring) };
  }
  if (reply.status === 428 || PROOF_REFUSALS.includes(body.error)) return { kind: 'proof_refused' };
  return { kind: 'failed', error: errorOf(reply) };
}

/** status 0: the request never got an answer. */
type Reply = { ok: boolean; status: number; body: unknown };

export async function call(path: string, init: RequestInit): Promise<Reply> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    return { ok: false, status: 0, body: null };
  }
  const body: unknown = await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, body };
}

export function errorOf({ status, body }: Reply): ApiError {
  const code = record(body).error;
  if (status === 0) return 'network';
  if (code === 'unknown_campaign' || status === 404) return 'unknown_campaign';
  if (code === 'campaign_closed' || status === 410) return 'campaign_closed';
  if (code === 'invalid_envelope' || status === 400) return 'invalid_envelope';
  if (code === 'too_large' || status === 413) return 'too_large';
  if (code === 'busy' || status === 429) return 'busy';
  return 'server';
}

// The server is not trusted with the page's shape: anything unexpected becomes empty
// values, which later checks refuse (an empty key cannot be decoded, so it is never used).
export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

// The server validated the definition when it was stored (crypto/campaign.ts); here it is only
// given its shape, and a question whose id could not name an element or an answer is dropped.
function definitionOf(fields: Record<string, unknown>): CampaignDefinition {
  return {
    slug: text(fields.slug),
    title: wording(fields.title),
    intro: wording(fields.intro),
    questions: list(fields.questions).flatMap(questionOf),
    opens: day(fields.opens),
    closes: day(fields.closes),
    state: fields.state === 'closed' ? 'closed' : 'open',
  };
}

function questionOf(value: unknown): Question[] {
  const q = record(value);
  const kind = QUESTION_KINDS.find((k) => k === q.kind);
  if (kind === undefined || !QUESTION_ID.test(text(q.id))) return [];
  const choices = list(q.choices)
    .map(record)
    .map((c) => ({ id: text(c.id), label: wording(c.label) }));
  return [{ id: text(q.id), kind, required: q.required === true, label: wording(q.label), help: wording(q.help), choices }];
}

function wording(value: unknown): Wording {
  const fields = record(value);
  return { fr: text(fields.fr), en: text(fields.en) };
}

function day(value: unknown): string | null {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function keyringOf(value: unknown): KeyringEntry[] {
  if (!Array.isArray(value)) return [];
  return value.map(record).map((e) => ({
    id: text(e.id),
    publicKey: text(e.publicKey),
    fingerprint: text(e.fingerprint),
    label: text(e.label),
  }));
}
