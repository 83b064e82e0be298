/**
 * The only module that talks to the network. Every request goes to this origin, carries no
 * credentials and no referrer, and never follows a redirect, so a ciphertext cannot be
 * steered elsewhere. Server messages are not shown: the page words errors from its own
 * catalogues, by code.
 */
import type { Locale } from '../../crypto/testimony.js';

export interface KeyringEntry {
  id: string;
  publicKey: string;
  fingerprint: string;
  label: string;
}

export type LocalisedText = Partial<Record<Locale, string>>;

export interface Campaign {
  slug: string;
  title: LocalisedText;
  intro: LocalisedText;
}

export interface CampaignPage {
  campaign: Campaign;
  keyring: KeyringEntry[];
}

export interface Column {
  name: string;
  type: string;
}

export interface Transparency {
  table: string;
  columns: Column[];
  example: Record<string, unknown> | null;
  keyring: KeyringEntry[];
}

export type ApiError = 'network' | 'unknown_campaign' | 'invalid_envelope' | 'too_large' | 'server';

export type Loaded<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export type SubmissionResult =
  | { kind: 'stored' }
  | { kind: 'stale_keyring'; keyring: KeyringEntry[] }
  | { kind: 'failed'; error: ApiError };

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
  return {
    ok: true,
    value: {
      campaign: { slug: text(fields.slug), title: localised(fields.title), intro: localised(fields.intro) },
      keyring: keyringOf(keyring),
    },
  };
}

export async function postSubmission(slug: string, envelope: Uint8Array<ArrayBuffer>): Promise<SubmissionResult> {
  const reply = await call(`/api/campaigns/${encodeURIComponent(slug)}/submissions`, {
    ...REQUEST,
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: envelope,
  });
  if (reply.ok) return { kind: 'stored' };
  const body = record(reply.body);
  if (reply.status === 409 && body.error === 'stale_keyring') {
    return { kind: 'stale_keyring', keyring: keyringOf(body.keyring) };
  }
  return { kind: 'failed', error: errorOf(reply) };
}

export async function getTransparency(): Promise<Loaded<Transparency>> {
  const reply = await call('/api/transparency', REQUEST);
  if (!reply.ok) return { ok: false, error: errorOf(reply) };
  const body = record(reply.body);
  const columns = Array.isArray(body.columns) ? body.columns.map(record) : [];
  return {
    ok: true,
    value: {
      table: text(body.table),
      columns: columns.map((c) => ({ name: text(c.name), type: text(c.type) })),
      example: body.example === null ? null : record(body.example),
      keyring: keyringOf(body.keyring),
    },
  };
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
  if (code === 'invalid_envelope' || status === 400) return 'invalid_envelope';
  if (code === 'too_large' || status === 413) return 'too_large';
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

function localised(value: unknown): LocalisedText {
  const fields = record(value);
  return { fr: text(fields.fr), en: text(fields.en) };
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
