/**
 * The anonymiser's lettered placeholders, remembered in the work so that a person keeps their
 * letter in later sessions and in colleagues' workspaces ([Personne A] stays Garnier's). What was
 * given is never taken back: a letter once published must not come to mean someone else.
 */
import type { AnonymiseLocale } from '../../../anonymise/labels.js';
import type { PlaceholderAssignment } from '../../../anonymise/placeholders.js';
import type { Author } from './clock.js';
import { sortGiven } from './registers.js';
import { advance, isPlaceholderAssignment, isPlaceholderLocale, MAX_PLACEHOLDERS, type WorkspaceState } from './state-records.js';

/**
 * Remembers the placeholders the anonymiser gave in this language: each one not yet recorded
 * for its value is added, all with one new stamp, after those the value already has (the first
 * given keeps counting). Nothing new changes nothing. Throws 'invalid placeholder' (another
 * language, a kind other than name or term, a key over MAX_PLACEHOLDER_KEY or a placeholder over
 * MAX_PLACEHOLDER UTF-16 code units, blank or holding a control character), 'too many
 * placeholders' (more than MAX_PLACEHOLDERS in the language).
 */
export function rememberPlaceholders(s: WorkspaceState, a: Author, locale: AnonymiseLocale, assignments: readonly PlaceholderAssignment[]): WorkspaceState {
  if (!isPlaceholderLocale(locale)) throw new Error('invalid placeholder');
  if (!assignments.every(isPlaceholderAssignment)) throw new Error('invalid placeholder');
  const known = s.placeholders[locale];
  const added = new Map<string, Set<string>>();
  for (const { kind, key, placeholder } of assignments) {
    const value = `${kind}:${key}`;
    if (known.get(value)?.some((v) => v.text === placeholder)) continue;
    let texts = added.get(value);
    if (texts === undefined) added.set(value, (texts = new Set()));
    texts.add(placeholder);
  }
  if (added.size === 0) return s;
  let count = 0;
  for (const given of known.values()) count += given.length;
  for (const texts of added.values()) count += texts.size;
  if (count > MAX_PLACEHOLDERS) throw new Error('too many placeholders');
  const { stamp, state } = advance(s, a);
  const map = new Map(known);
  for (const [value, texts] of added) map.set(value, [...(known.get(value) ?? []), ...sortGiven([...texts].map((text) => ({ text, stamp })))]);
  return { ...state, placeholders: { ...s.placeholders, [locale]: map } };
}
