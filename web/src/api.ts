/**
 * The only module that talks to the network. Every request goes to this origin, carries no
 * credentials and no referrer, and never follows a redirect, so a ciphertext cannot be
 * steered elsewhere. Server messages are not shown: the page words errors from its own
 * catalogues, by code.
 */
import { fromBase64 } from '../../crypto/bytes.js';
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

export interface Column {
  name: string;
  type: string;
}

/** Where an envelope longer than one part continues: a row per further part of at most `bytes`. */
export interface PartsTable {
  table: string;
  columns: Column[];
  bytes: number;
}

/** The tables of delegates' replies to follow-up mailboxes. */
export interface RepliesTables {
  table: string;
  columns: Column[];
  parts: PartsTable | null;
}

export interface Transparency {
  table: string;
  columns: Column[];
  example: Record<string, unknown> | null;
  /** Null when the answer does not describe the parts table, so the page claims nothing about it. */
  parts: PartsTable | null;
  /** Null, likewise, when the answer does not describe the replies' tables. */
  replies: RepliesTables | null;
  keyring: KeyringEntry[];
}

/** A reply envelope as the server files it, still sealed to the mailbox key. */
export interface SealedReply {
  day: string;
  envelope: Uint8Array;
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

const REQUEST: RequestInit = {
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

export async function getTransparency(): Promise<Loaded<Transparency>> {
  const reply = await call('/api/transparency', REQUEST);
  if (!reply.ok) return { ok: false, error: errorOf(reply) };
  const body = record(reply.body);
  return {
    ok: true,
    value: {
      table: text(body.table),
      columns: columnsOf(body.columns),
      example: body.example === null ? null : record(body.example),
      parts: partsOf(body.parts),
      replies: repliesOf(body.replies),
      keyring: keyringOf(body.keyring),
    },
  };
}

/**
 * The replies filed under a mailbox id, in whatever order the server keeps them. The id goes in
 * the body, never the address, so that no proxy's access log pairs it with the reader's IP.
 */
export async function getMailbox(mailbox: string): Promise<Loaded<SealedReply[]>> {
  const reply = await call('/api/mailboxes', {
    ...REQUEST,
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ mailbox }),
  });
  if (!reply.ok) return { ok: false, error: errorOf(reply) };
  const { replies } = record(reply.body);
  if (!Array.isArray(replies)) return { ok: false, error: 'server' };
  return { ok: true, value: replies.map(record).map((r) => ({ day: text(r.day), envelope: bytesOf(r.envelope) })) };
}

/** status 0: the request never got an answer. */
type Reply = { ok: boolean; status: number; body: unknown };

async function call(path: string, init: RequestInit): Promise<Reply> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    return { ok: false, status: 0, body: null };
  }
  const body: unknown = await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, body };
}

function errorOf({ status, body }: Reply): ApiError {
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
function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string {
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

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

// Undecodable bytes become empty bytes, which opening a reply refuses.
function bytesOf(value: unknown): Uint8Array {
  try {
    return fromBase64(text(value));
  } catch {
    return new Uint8Array(0);
  }
}

function columnsOf(value: unknown): Column[] {
  return list(value)
    .map(record)
    .map((c) => ({ name: text(c.name), type: text(c.type) }));
}

function partsOf(value: unknown): PartsTable | null {
  const { table, columns, bytes } = record(value);
  if (typeof table !== 'string' || typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes <= 0) return null;
  return { table, columns: columnsOf(columns), bytes };
}

function repliesOf(value: unknown): RepliesTables | null {
  const { table, columns, parts } = record(value);
  if (typeof table !== 'string') return null;
  return { table, columns: columnsOf(columns), parts: partsOf(parts) };
}

function keyringOf(value: unknown): KeyringEntry[] {
  if (!Array.isArray(value)) return [];
  return value.map(record).map((e) => ({
    id: text(e.id),
    publicKey: text(e.publicKey),
    fingerprint: text(e.fingerprint),
    label: text(e.label),
  }));
}
