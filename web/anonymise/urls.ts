/**
 * Links that carry an identifier: a personalised survey link, a tracking link, a password-reset
 * link say who received them. A plain address ("https://www.legifrance.gouv.fr") is left alone.
 */
import type { Finding } from './kinds.js';

/** Tells whether a query parameter's name says its value points at someone, whatever that value. */
export type IdentifyingParameter = (name: string) => boolean;

const URL_PATTERN = /(?<![\p{L}\p{N}@._-])(?:https?:\/\/|www\.)[^\s<>"«»]{1,2000}/giu;

/** A piece of a link that names someone or something unique: long, random-looking, numbered. */
function looksLikeIdentifier(piece: string): boolean {
  if (piece.length < 5) return false;
  if (/@/.test(piece)) return true;
  if (/^[0-9]{5,}$/.test(piece)) return true;
  if (/^[0-9a-f-]{8,}$/i.test(piece) && /[0-9]/.test(piece)) return true;
  const digits = (piece.match(/[0-9]/g) ?? []).length;
  const letters = (piece.match(/\p{L}/gu) ?? []).length;
  if (digits >= 2 && letters >= 2 && /\p{L}[0-9]|[0-9]\p{L}/u.test(piece)) return true;
  return piece.length >= 12 && /^[A-Za-z0-9_-]+$/.test(piece) && /[a-z]/.test(piece) && /[A-Z]/.test(piece);
}

function carriesIdentifier(url: string, identifyingParameter: IdentifyingParameter): boolean {
  const [beforeHash, fragment = ''] = url.split('#', 2);
  const [address, query = ''] = beforeHash.split('?', 2);
  const path = address.replace(/^(?:https?:\/\/)?[^/]*/i, '');
  if (path.split('/').some((segment) => looksLikeIdentifier(decodeSafe(segment)))) return true;
  for (const pair of `${query}&${fragment}`.split(/[&;]/)) {
    const [name, value = ''] = pair.split('=', 2);
    if (!value) continue;
    if (identifyingParameter(name) || looksLikeIdentifier(decodeSafe(value))) return true;
  }
  return false;
}

function decodeSafe(piece: string): string {
  try {
    return decodeURIComponent(piece);
  } catch {
    return piece;
  }
}

/** Links in `text` whose path or query carries an identifier or a token. */
export function findTokenUrls(text: string, identifyingParameter: IdentifyingParameter): Finding[] {
  const found: Finding[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    // A sentence's own punctuation after a link is not part of it.
    const url = match[0].replace(/[.,;:!?)\]}'’]+$/u, '');
    if (carriesIdentifier(url, identifyingParameter)) found.push({ kind: 'url_token', start: match.index, end: match.index + url.length });
  }
  return found;
}
