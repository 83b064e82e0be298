/**
 * Plaintext world: opens an export with a delegate's key file and prints the testimonies.
 * It reads two local files and writes to stdout; it loads no network module and opens no
 * network connection.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { isBundleHeader, parseBundleLine } from '../../crypto/bundle.js';
import { openEnvelope } from '../../crypto/envelope.js';
import { fingerprint, type SecretKey } from '../../crypto/keys.js';
import { decodeTestimony, type Testimony } from '../../crypto/testimony.js';
import { csvCell } from '../../web/workspace/src/core/csv.js';
import { CliError } from './io.js';
import { unlockKeyFile } from './unlock.js';

export const DECRYPT_FORMATS = ['jsonl', 'csv'] as const;
export type DecryptFormat = (typeof DECRYPT_FORMATS)[number];

interface Row {
  id: number;
  campaign: string;
  day: string;
  locale: string;
  text: string;
  answers?: Testimony['answers'];
}

const CSV_COLUMNS = ['id', 'campaign', 'day', 'locale', 'text', 'answers'] as const;

/** Answers go in one CSV column as compact JSON, empty when the campaign asked no question. */
function csvValue(row: Row, column: (typeof CSV_COLUMNS)[number]): string | number {
  if (column !== 'answers') return row[column];
  return row.answers === undefined ? '' : JSON.stringify(row.answers);
}

export interface DecryptSummary {
  opened: number;
  notForThisKey: number;
  damaged: number;
}

export async function decryptExport(
  keyPath: string,
  inPath: string,
  format: DecryptFormat,
  out: (text: string) => void,
): Promise<DecryptSummary> {
  const key = await unlockKeyFile(keyPath);
  const lines = createInterface({ input: createReadStream(inPath), crlfDelay: Infinity });
  const summary: DecryptSummary = { opened: 0, notForThisKey: 0, damaged: 0 };
  let lineNo = 0;
  // The CSV header waits for the first row, so a refused run leaves nothing behind.
  let headerWritten = format !== 'csv';
  const writeHeader = () => {
    if (!headerWritten) out('\uFEFF' + CSV_COLUMNS.join(',') + '\r\n');
    headerWritten = true;
  };
  try {
    for await (const line of lines) {
      lineNo++;
      if (lineNo === 1) {
        if (!isBundleHeader(line)) throw new CliError(`${inPath} is not a Parole export`);
        continue;
      }
      if (line.trim() === '') continue;
      const row = openLine(line, key);
      if (row === 'not-for-you') summary.notForThisKey++;
      else if (row === 'damaged') summary.damaged++;
      else {
        summary.opened++;
        writeHeader();
        out(format === 'csv' ? CSV_COLUMNS.map((c) => csvCell(csvValue(row, c))).join(',') + '\r\n' : jsonLine(row));
      }
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`cannot read export ${inPath}`);
  }
  if (lineNo === 0) throw new CliError(`${inPath} is empty, not a Parole export`);
  if (summary.opened === 0 && summary.notForThisKey > 0 && summary.damaged === 0) {
    const count = summary.notForThisKey === 1 ? 'the one testimony' : `the ${summary.notForThisKey} testimonies`;
    throw new CliError(`none of ${count} in this export is for key ${fingerprint(key)}`);
  }
  writeHeader();
  return summary;
}

/** JSON escapes C0 controls; DEL and the C1 controls are escaped too, so no line can drive a terminal. */
function jsonLine(row: Row): string {
  return JSON.stringify(row).replace(/[\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

/** A line is damaged when its fields are malformed or disagree with the sealed campaign. */
function openLine(line: string, key: SecretKey): Row | 'not-for-you' | 'damaged' {
  try {
    const entry = parseBundleLine(line);
    const bytes = openEnvelope(entry.envelope, key);
    if (bytes === null) return 'not-for-you';
    const t = decodeTestimony(bytes);
    if (t.campaign !== entry.campaign) return 'damaged';
    const row: Row = { id: entry.id, campaign: t.campaign, day: entry.day, locale: t.locale, text: t.text };
    if (t.answers !== undefined) row.answers = t.answers;
    return row;
  } catch {
    return 'damaged';
  }
}
