/**
 * Text as every export writes it: characters that XML cannot hold, that a terminal or a word
 * processor would act on, or that UTF-8 cannot encode become U+FFFD, so the reader sees that
 * something was there and no file is broken by it.
 */

// C0 controls but tab and line feed, DEL and the C1 controls, lone surrogates, and U+FFFE/U+FFFF.
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The text with CRLF and lone CR as line feeds and every unprintable character replaced by
 * U+FFFD. Never throws.
 */
export function printable(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(UNPRINTABLE, '\ufffd');
}

/** The text on one line: printable, with each line break as a space. Never throws. */
export function oneLine(text: string): string {
  return printable(text).replace(/\n/g, ' ');
}
