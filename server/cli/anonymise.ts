/**
 * `parole anonymise`: text on standard input, the same text anonymised on standard output, for
 * scripts. Plaintext world: it loads the anonymiser and nothing that talks to a network or a
 * database. On stderr, one line of counts per kind and, with --flags, one line per detail to review.
 */
import { readFileSync } from 'node:fs';
import { anonymise, flagDetails, PII_KINDS, Placeholders, rareWords, type AnonymiseLocale, type Finding } from '../../web/anonymise/index.js';
import { CliError } from './io.js';

export const ANONYMISE_LOCALES: readonly AnonymiseLocale[] = ['fr', 'en'];

function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`${what} is not UTF-8`);
  }
}

/** The terms file: one term per line, UTF-8; blank lines and lines starting with `#` are skipped. Throws CliError. */
export function readTerms(path: string): string[] {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new CliError(`cannot read terms file ${path}`);
  }
  return decodeUtf8(bytes, `terms file ${path}`)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

async function readAll(input: AsyncIterable<Uint8Array | string>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return decodeUtf8(Buffer.concat(chunks), 'standard input');
}

/** "anonymised 3: name 1, phone 2", kinds in PII_KINDS order; "anonymised 0" when nothing was found. */
export function countsLine(findings: readonly Finding[]): string {
  const counts = PII_KINDS.map((kind) => [kind, findings.filter((f) => f.kind === kind).length] as const).filter(([, n]) => n > 0);
  const detail = counts.map(([kind, n]) => `${kind} ${n}`).join(', ');
  return `anonymised ${findings.length}${detail ? `: ${detail}` : ''}`;
}

/**
 * "flag health 3:12 chimio": kind, line:column (from 1) and the word, in the anonymised output,
 * so that what is printed is never a replaced name. Paragraphs (blank-line separated) are the
 * documents words are rare across.
 */
function flagLines(output: string): string[] {
  const rare = rareWords(output.split(/\n[ \t]*\n/));
  const lineStarts = [0];
  for (let i = output.indexOf('\n'); i >= 0; i = output.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return flagDetails(output, { rare }).map((flag) => {
    let line = lineStarts.length - 1;
    while (lineStarts[line] > flag.start) line--;
    const word = output.slice(flag.start, flag.end).replace(/\s+/g, ' ');
    return `flag ${flag.kind} ${line + 1}:${flag.start - lineStarts[line] + 1} ${word}`;
  });
}

export interface AnonymiseCommandOptions {
  terms?: string;
  locale?: string;
  flags?: boolean;
}

/**
 * Reads all of `input`, writes it anonymised with `write`, and its counts (and flags) with
 * `note`. Throws CliError, before writing anything, on a bad locale, an unreadable terms file
 * or input that is not UTF-8.
 */
export async function anonymiseStream(
  options: AnonymiseCommandOptions,
  input: AsyncIterable<Uint8Array | string>,
  write: (text: string) => void,
  note: (line: string) => void,
): Promise<void> {
  const locale = (options.locale ?? 'fr') as AnonymiseLocale;
  if (!ANONYMISE_LOCALES.includes(locale)) throw new CliError('--locale takes fr or en');
  const terms = options.terms === undefined ? [] : readTerms(options.terms);
  const text = await readAll(input);
  const result = anonymise(text, { terms, placeholders: new Placeholders(locale) });
  write(result.text);
  note(countsLine(result.findings));
  if (options.flags) for (const line of flagLines(result.text)) note(line);
}
