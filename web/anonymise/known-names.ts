/**
 * Names recognised from the lists: first names anywhere ("Karim", "karim" in a text typed
 * without capitals), surnames and unknown capitalised words where a capital says "name"
 * (inside a sentence, not after "à" or "chez" where it says "place"), with the surname that
 * follows a first name ("Sophie Martin", "karim benali") or the NOM before it ("DUPONT Jean").
 */
import type { Finding } from './kinds.js';
import { commonRank, isFirstName, isSurname } from './lexicon.js';
import { EVERYDAY_FIRST_NAMES, NOT_PERSONS } from './name-exceptions.js';
import { extendLeft, extendRight, isAcronym, isCapitalisedNamePart, isFunctionWord, type OrdinaryWord } from './names.js';
import { adjacent, type Token } from './tokens.js';

// Surnames more common than this as words ("Petit", "Blanc", "Bonjour", "Personne") are read
// as words unless something else says "name"; at a sentence's start the bar is higher.
const ORDINARY_RANK = 3000;
const SENTENCE_START_RANK = 10000;

// After these a capitalised unknown word is a place, a firm or a product, not a person.
const NOT_PERSON_BEFORE = new Set(
  ('a au aux en de du des d sur sous vers chez depuis dans via le la les l un une entre pres quartier ville site agence usine entrepot ' +
    'magasin boutique region departement campus siege appli application logiciel outil plateforme reseau entreprise societe boite ' +
    'groupe marque cabinet prestataire enseigne filiale client fournisseur modele').split(' '),
);
// After these a surname from the list reads as a place ("vers Lyon", "dans Massy").
const SURNAME_PLACE_BEFORE = new Set('en vers via dans sur sous depuis pres'.split(' '));
// After these an everyday first name is the word ("la claire fontaine", "une rose").
const DETERMINERS = new Set('le la les l un une des du de d ma ta sa mon ton son ce cette ces tres plus si trop bien'.split(' '));
// What a person does right after being named: "Trognon m'a dit", "Benali nous a convoqués".
const PERSON_VERB_AFTER =
  /^,? (?:m'|nous a |nous avait |nous ont |lui a |leur a |me |nous dit |a dit |a demande |avait dit |est venue? |est passee? |s'est |et moi |qui m')/;

/** A word of the common list that is no name: the full detector's idea of an ordinary word. */
export const ordinaryWord: OrdinaryWord = (key) => {
  const rank = commonRank(key);
  if (rank === undefined || isFirstName(key)) return false;
  return !(isSurname(key) && rank >= ORDINARY_RANK);
};

function isKnownFirstName(key: string): boolean {
  return isFirstName(key) && !EVERYDAY_FIRST_NAMES.has(key) && !NOT_PERSONS.has(key);
}

/** The next token is part of the same name: "Sophie Martin", "Jean DUPONT". */
function surnameFollows(text: string, tokens: readonly Token[], i: number): boolean {
  const next = tokens[i + 1];
  return next !== undefined && adjacent(text, tokens[i], next) && isCapitalisedNamePart(text, next);
}

function actsAsPerson(folded: string, token: Token): boolean {
  return PERSON_VERB_AFTER.test(folded.slice(token.end, token.end + 20));
}

function startsName(text: string, folded: string, tokens: readonly Token[], i: number): boolean {
  const token = tokens[i];
  const { key } = token;
  if (token.shape === 'lower') {
    if (key.length < 3 || !isFirstName(key) || NOT_PERSONS.has(key)) return false;
    // "maxime dupuis": an everyday word as a first name when a surname follows.
    if (!EVERYDAY_FIRST_NAMES.has(key)) return true;
    const next = tokens[i + 1];
    const determined = i > 0 && DETERMINERS.has(tokens[i - 1].key);
    return !determined && next !== undefined && adjacent(text, token, next) && lowercaseSurname(next);
  }
  if (token.text.length === 1 || NOT_PERSONS.has(key) || isFunctionWord(key) || isAcronym(key)) return false;
  if (token.shape === 'upper') return key.length >= 3 && isKnownFirstName(key);
  if (isFirstName(key)) return isKnownFirstName(key) || !token.sentenceStart || surnameFollows(text, tokens, i) || actsAsPerson(folded, token);
  const before = i > 0 && adjacent(text, tokens[i - 1], token) ? tokens[i - 1].key : '';
  const rank = commonRank(key);
  if (isSurname(key)) {
    if (token.sentenceStart) return rank === undefined || rank >= SENTENCE_START_RANK || actsAsPerson(folded, token);
    return (rank === undefined || rank >= ORDINARY_RANK || surnameFollows(text, tokens, i)) && !SURNAME_PLACE_BEFORE.has(before);
  }
  if (rank !== undefined) return false;
  // "Microsoft Forms", "Google Meet": a product's second word.
  const afterBrand = before !== '' && NOT_PERSONS.has(before);
  return token.sentenceStart ? actsAsPerson(folded, token) : (!NOT_PERSON_BEFORE.has(before) && !afterBrand) || actsAsPerson(folded, token);
}

/** After a name typed in lowercase, a lowercase surname of the list: "karim benali". */
function lowercaseSurname(token: Token): boolean {
  return token.shape === 'lower' && isSurname(token.key) && !ordinaryWord(token.key) && !isFunctionWord(token.key);
}

/** Names the lists recognise in `text` (spaces unified); `folded` is `foldText(text)`. */
export function findKnownNames(text: string, folded: string, tokens: readonly Token[]): Finding[] {
  const found: Finding[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!startsName(text, folded, tokens, i)) continue;
    const first = extendLeft(text, tokens, i, ordinaryWord);
    const last = extendRight(text, tokens, i, tokens[i].shape === 'lower' ? lowercaseSurname : undefined);
    found.push({ kind: 'name', start: tokens[first].start, end: tokens[last].end });
    i = last;
  }
  return found;
}
