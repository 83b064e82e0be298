import type { Locale } from '../../../../crypto/testimony.js';
import { format, type MessageKey, type Messages } from './index.js';

/** The messages written twice to agree with a count, `KEY_one` and `KEY_other`, by their KEY. */
export type CountedKey = { [K in MessageKey]: K extends `${infer Key}_other` ? Key : never }[MessageKey];

/**
 * The message `key` that agrees with `count` in `language`: `KEY_one` where its rules say "one"
 * (French: 0 and 1; English: 1 alone), `KEY_other` otherwise, its `{count}` filled with `shown`.
 */
export function countedMessage(
  messages: Messages,
  language: Locale,
  key: CountedKey,
  count: number,
  shown: string,
  values: Record<string, string> = {},
): string {
  const form = new Intl.PluralRules(language).select(count) === 'one' ? 'one' : 'other';
  return format(messages[`${key}_${form}` as MessageKey], { ...values, count: shown });
}
