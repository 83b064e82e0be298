/**
 * Reads the annotated corpus format (test/anonymise/corpus/README.md) and scores the detector
 * against it: per kind, recall and precision by overlap and by exact span, and the share of
 * ordinary words (outside every annotated span) that no finding touches.
 */
import { readFileSync } from 'node:fs';
import { detect, PII_KINDS, type Finding, type PiiKind } from '../../web/anonymise/index.js';

export interface AnnotatedLine {
  text: string;
  terms: string[];
  gold: Finding[];
}

const ANNOTATION = /\[\[([a-z_]+)\|([^\]]*)\]\]/g;

/** One corpus line: the plain text, its terms and its annotated spans. Throws on a malformed line. */
export function parseLine(line: string): AnnotatedLine {
  const record = JSON.parse(line) as { text?: unknown; terms?: unknown };
  if (typeof record.text !== 'string') throw new Error('corpus line without text');
  const terms = Array.isArray(record.terms) ? record.terms.filter((t): t is string => typeof t === 'string') : [];
  const gold: Finding[] = [];
  let text = '';
  let at = 0;
  for (const match of record.text.matchAll(ANNOTATION)) {
    const [whole, kind, value] = match;
    if (!(PII_KINDS as readonly string[]).includes(kind)) throw new Error(`unknown kind ${kind}`);
    text += record.text.slice(at, match.index);
    gold.push({ kind: kind as PiiKind, start: text.length, end: text.length + value.length });
    text += value;
    at = match.index + whole.length;
  }
  text += record.text.slice(at);
  return { text, terms, gold };
}

export function readCorpus(path: string): AnnotatedLine[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(parseLine);
}

export interface KindScore {
  annotated: number;
  found: number;
  /** Annotated spans overlapped by a finding of the same kind. */
  recalled: number;
  /** Findings that overlap an annotated span of the same kind. */
  correct: number;
  exactRecalled: number;
  exactCorrect: number;
}

export interface Score {
  byKind: Map<PiiKind, KindScore>;
  ordinaryWords: number;
  ordinaryWordsKept: number;
  /** Per line, what was missed and what was found wrongly (for tuning on the tuning corpus only). */
  mistakes: { line: number; missed: Finding[]; wrong: Finding[] }[];
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
const same = (a: Finding, b: Finding) => a.kind === b.kind && a.start === b.start && a.end === b.end;
const WORD = /[\p{L}\p{N}]+/gu;

export function score(lines: readonly AnnotatedLine[], find: (line: AnnotatedLine) => Finding[] = (l) => detect(l.text, { terms: l.terms })): Score {
  const byKind = new Map<PiiKind, KindScore>(
    PII_KINDS.map((k) => [k, { annotated: 0, found: 0, recalled: 0, correct: 0, exactRecalled: 0, exactCorrect: 0 }]),
  );
  let ordinaryWords = 0;
  let ordinaryWordsKept = 0;
  const mistakes: Score['mistakes'] = [];
  lines.forEach((line, index) => {
    const findings = find(line);
    const missed: Finding[] = [];
    const wrong: Finding[] = [];
    for (const g of line.gold) {
      const s = byKind.get(g.kind)!;
      s.annotated++;
      if (findings.some((f) => f.kind === g.kind && overlaps(f, g))) s.recalled++;
      else missed.push(g);
      if (findings.some((f) => same(f, g))) s.exactRecalled++;
    }
    for (const f of findings) {
      const s = byKind.get(f.kind)!;
      s.found++;
      if (line.gold.some((g) => g.kind === f.kind && overlaps(f, g))) s.correct++;
      else wrong.push(f);
      if (line.gold.some((g) => same(f, g))) s.exactCorrect++;
    }
    for (const match of line.text.matchAll(WORD)) {
      const word = { start: match.index, end: match.index + match[0].length };
      if (line.gold.some((g) => overlaps(g, word))) continue;
      ordinaryWords++;
      if (!findings.some((f) => overlaps(f, word))) ordinaryWordsKept++;
    }
    if (missed.length > 0 || wrong.length > 0) mistakes.push({ line: index + 1, missed, wrong });
  });
  return { byKind, ordinaryWords, ordinaryWordsKept, mistakes };
}

export function totals(s: Score): KindScore {
  const sum: KindScore = { annotated: 0, found: 0, recalled: 0, correct: 0, exactRecalled: 0, exactCorrect: 0 };
  for (const k of s.byKind.values()) for (const key of Object.keys(sum) as (keyof KindScore)[]) sum[key] += k[key];
  return sum;
}

const ratio = (n: number, d: number) => (d === 0 ? '    -' : (n / d).toFixed(3));

/** A small table: per kind and overall, recall and precision by overlap and by exact span. */
export function table(title: string, s: Score): string {
  const rows = [`${title}`, 'kind          annotated found  recall precision  exact-recall exact-precision'];
  const row = (name: string, k: KindScore) =>
    `${name.padEnd(13)} ${String(k.annotated).padStart(9)} ${String(k.found).padStart(5)}  ${ratio(k.recalled, k.annotated).padStart(6)} ${ratio(k.correct, k.found).padStart(9)}  ${ratio(k.exactRecalled, k.annotated).padStart(12)} ${ratio(k.exactCorrect, k.found).padStart(15)}`;
  for (const [kind, k] of s.byKind) if (k.annotated > 0 || k.found > 0) rows.push(row(kind, k));
  rows.push(row('all', totals(s)));
  rows.push(`ordinary words kept: ${s.ordinaryWordsKept}/${s.ordinaryWords} = ${ratio(s.ordinaryWordsKept, s.ordinaryWords)}`);
  return rows.join('\n');
}
