/**
 * The transparency page's request, read here rather than in ../api.ts so that the submission
 * page does not carry this code. The request itself goes through ../api.ts, like every other.
 */
import { call, errorOf, keyringOf, list, record, REQUEST, text, type KeyringEntry, type Loaded } from '../api.js';

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
