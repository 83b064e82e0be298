/**
 * From overlapping candidates to the findings `detect` promises: sorted by start, never
 * overlapping. Where two kinds claim the same characters, the more specific wins (a checked
 * NIR over a phone, a phone over a date, anything over a name); the loser keeps what is left
 * of it when that still holds a word ("Jean" of "Jean Dupont" when "Dupont" is a term).
 */
import type { Finding, PiiKind } from './kinds.js';

const PRIORITY: readonly PiiKind[] = ['term', 'nir', 'iban', 'siret', 'email', 'url_token', 'ip', 'phone', 'employee_id', 'plate', 'address', 'postcode', 'date', 'time', 'name'];
const RANK = new Map(PRIORITY.map((kind, i) => [kind, i]));

interface Span {
  start: number;
  end: number;
}

/** Same-kind candidates that overlap become one. */
function mergeSameKind(candidates: readonly Finding[]): Finding[] {
  const sorted = [...candidates].sort((a, b) => (a.kind === b.kind ? a.start - b.start : RANK.get(a.kind)! - RANK.get(b.kind)!));
  const merged: Finding[] = [];
  for (const c of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.kind === c.kind && c.start < last.end) last.end = Math.max(last.end, c.end);
    else merged.push({ ...c });
  }
  return merged;
}

/** Index of the first taken span ending after `start` (taken is sorted and disjoint). */
function firstEndingAfter(taken: readonly Span[], start: number): number {
  let lo = 0;
  let hi = taken.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (taken[mid].end <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The longest part of `span` that no taken span covers, trimmed to its words; null when none is left. */
function freePart(text: string, taken: readonly Span[], span: Span): Span | null {
  let best: Span | null = null;
  let cursor = span.start;
  const consider = (start: number, end: number) => {
    while (start < end && !/[\p{L}\p{N}]/u.test(text[start])) start++;
    while (end > start && !/[\p{L}\p{N}]/u.test(text[end - 1])) end--;
    if (end - start >= 2 && (!best || end - start > best.end - best.start)) best = { start, end };
  };
  for (let i = firstEndingAfter(taken, span.start); i < taken.length && taken[i].start < span.end; i++) {
    consider(cursor, Math.min(taken[i].start, span.end));
    cursor = Math.max(cursor, taken[i].end);
  }
  consider(cursor, span.end);
  return best;
}

/**
 * Findings sorted by start and disjoint, from candidates in any order. `blocked` spans (the
 * placeholders of an earlier pass) take precedence over everything and are not returned.
 */
export function resolve(text: string, candidates: readonly Finding[], blocked: readonly Span[] = []): Finding[] {
  const taken: (Span & { kind?: PiiKind })[] = [...blocked].sort((a, b) => a.start - b.start);
  const ordered = mergeSameKind(candidates).sort((a, b) => RANK.get(a.kind)! - RANK.get(b.kind)! || b.end - b.start - (a.end - a.start) || a.start - b.start);
  for (const candidate of ordered) {
    const i = firstEndingAfter(taken, candidate.start);
    const clashes = i < taken.length && taken[i].start < candidate.end;
    const span = clashes ? freePart(text, taken, candidate) : candidate;
    if (!span) continue;
    taken.splice(firstEndingAfter(taken, span.start), 0, { kind: candidate.kind, start: span.start, end: span.end });
  }
  return taken.filter((s): s is Finding => s.kind !== undefined).map(({ kind, start, end }) => ({ kind, start, end }));
}
