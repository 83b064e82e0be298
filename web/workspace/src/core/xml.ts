/** Text as XML may hold it, in an element or a quoted attribute. */
import { oneLine } from './printable.js';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * The text on one line, unprintable characters as U+FFFD, and the five characters XML gives a
 * meaning to written as entities. Never throws.
 */
export function xmlText(text: string): string {
  return oneLine(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
