import { detect } from './detect.js';
import type { Finding } from './kinds.js';
import type { AnonymiseLocale } from './labels.js';
import { Placeholders } from './placeholders.js';

export interface AnonymiseOptions {
  /** The delegate's own sensitive terms, replaced by [Terme A], [Terme B]… */
  terms?: readonly string[];
  /** Shared across the texts of one export, so a person keeps one letter; a new set per call otherwise. */
  placeholders?: Placeholders;
  /** The placeholders' language when none are given (French by default). */
  locale?: AnonymiseLocale;
}

/**
 * `text` with every finding replaced (names by [Personne A]…, phones by [Téléphone], dates by
 * their month and year…), and the findings, whose offsets are in the original `text`. Never throws.
 */
export function anonymise(text: string, options: AnonymiseOptions = {}): { text: string; findings: Finding[] } {
  const placeholders = options.placeholders ?? new Placeholders(options.locale ?? 'fr');
  const findings = detect(text, { terms: options.terms });
  let out = '';
  let at = 0;
  for (const finding of findings) {
    out += text.slice(at, finding.start) + placeholders.replacement(finding.kind, text.slice(finding.start, finding.end));
    at = finding.end;
  }
  return { text: out + text.slice(at), findings };
}
