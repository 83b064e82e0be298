/**
 * The delegate's sensitive terms (managers, sites, teams), which the anonymiser looks for. A
 * term is one add, removed by removing every add of it this state holds: an add made elsewhere
 * meanwhile survives a merge, and a term removed can be added again.
 */
import type { Author } from './clock.js';
import { advance, checkTerm, foldName, type WorkspaceState } from './state-records.js';

/**
 * Adds a term, trimmed; a term already there in any case is left as it is. Throws 'invalid
 * term' (empty or holding a control character), 'term too long' (over MAX_TERM UTF-16 code units).
 */
export function addTerm(s: WorkspaceState, a: Author, term: string): WorkspaceState {
  const text = checkTerm(term);
  const key = foldName(text);
  if (s.terms.has(key)) return s;
  const { stamp, state } = advance(s, a);
  return { ...state, terms: new Map(s.terms).set(key, [{ text, stamp }]) };
}

/**
 * Removes a term, ignoring case and surrounding spaces; one not there changes nothing. Needs no
 * stamp, so the author is not asked for one. Never throws.
 */
export function removeTerm(s: WorkspaceState, a: Author, term: string): WorkspaceState {
  const key = typeof term === 'string' ? foldName(term.trim()) : '';
  if (!s.terms.has(key)) return s;
  const terms = new Map(s.terms);
  terms.delete(key);
  return { ...s, terms };
}
