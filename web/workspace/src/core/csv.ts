/**
 * CSV cells and files as spreadsheets read them: RFC 4180 quoting with a comma or, for French
 * spreadsheets, a semicolon. Shared by the workspace's exports and `parole decrypt --format csv`.
 */

export type CsvSeparator = ',' | ';';

/** Throws 'invalid separator' unless it is a comma or a semicolon. */
export function checkSeparator(separator: CsvSeparator): void {
  if (separator !== ',' && separator !== ';') throw new Error('invalid separator');
}

/**
 * One cell: control characters but tab and line breaks become U+FFFD, a leading apostrophe goes
 * before = + - @ tab and carriage return so that a spreadsheet never runs the text as a formula,
 * and the cell is quoted when it holds a double quote, a line break or the separator.
 * Returns the cell as written; never throws.
 */
export function csvCell(value: string | number, separator: CsvSeparator = ','): string {
  // Control characters could drive a terminal the CSV is printed to; JSON lines escape them.
  let text = String(value).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '\ufffd');
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /["\r\n]/.test(text) || text.includes(separator) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A whole file: a byte order mark so that spreadsheets read UTF-8, then each row's cells joined
 * by the separator, every line ended by CRLF. Rows are padded with empty cells to the widest, as
 * RFC 4180 asks for the same number of fields on every line. Returns the text; never throws.
 */
export function csvFile(rows: readonly (readonly (string | number)[])[], separator: CsvSeparator): string {
  const width = Math.max(0, ...rows.map((row) => row.length));
  const lines = rows.map((row) => [...row, ...Array<string>(width - row.length).fill('')].map((cell) => csvCell(cell, separator)).join(separator));
  return '\ufeff' + lines.map((line) => `${line}\r\n`).join('');
}
