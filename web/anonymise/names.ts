/**
 * Names found without any name list, word by word: after a title ("M. Dupont", "Mme Benali",
 * "Dr Martin", "monsieur dupont") and in the "Prénom NOM" / "NOM Prénom" convention of French
 * letters and forms ("Jean DUPONT", "DUPONT Jean"), from the cues of name-cues.ts with longer
 * lists of the words that are never names. The full detector (known-names.ts) adds the names
 * it recognises from its lists.
 */
import type { Finding } from './kinds.js';
import { CASED_TITLES, COMMON_ACRONYMS, COMMON_FUNCTION_WORDS, hasVowel, TITLES, TITLES_BEFORE_CAPITALS_ONLY } from './name-cues.js';
import { adjacent, type Token } from './tokens.js';

/** Tells whether a word (folded) is an ordinary word, so cannot be a name by itself. */
export type OrdinaryWord = (key: string) => boolean;

// Words that, capitalised, start sentences, salute or announce: never a name on their own.
const FUNCTION_WORDS = new Set(
  (
    `${COMMON_FUNCTION_WORDS} ceci cela ton ta tes j me m te t se s lui eux moi toi y en qu quoi dont or ni si ne n moins bien ont avait ` +
    'etait sera suis es sont ai as avons avez fait dit va vont peut faut hier aujourd demain ensuite puis alors enfin bref voila voici ' +
    'bonsoir salut cordialement objet cher chere chers cheres encore toujours jamais meme aussi ainsi sinon pourtant cependant oui non ' +
    'selon sous entre vers contre depuis pendant apres avant quand lorsque parce comme tous toute toutes chaque plusieurs certains ' +
    'certaines aucun aucune rien personne ici madame monsieur mademoiselle messieurs mesdames docteur maitre directeur directrice chef ' +
    'cheffe responsable manager president presidente maire juge delegue deleguee collegue collegues service equipe direction societe ' +
    'entreprise groupe site usine agence'
  ).split(' '),
);

// Upper-case words that are acronyms, not surnames.
const ACRONYMS = new Set(
  (
    `${COMMON_ACRONYMS} cssct chsct dp ds rs rss cgt cfdt cftc cgc snj cnt sncf gdf rh drh rrh hr pdg dg dga cto cfo coo cdd cdii ` +
    'rtt tms at mp mdph rqth aah apl sms mms pc pdf cv apc rcc gpec bdes pap ssii eti ong sa sasu eurl scop ca cs cr pv ko nb ps ras ' +
    'tva ht ttc cb bic tgv kpi okr qvt qvct rps bpi ues inrs direccte anact opco cpf vae bts dut bac mba iut hlm sdf sida vih avc ' +
    'usa uk ue eu onu wc pmr lgbt lgbtq jo sav adv vtc rgpd dpo rssi vpn wifi url id rdv asap fyi tl dr rex faq pdf gps pv cdg rn ' +
    'ago age dup duerp epi dae sst ssiap bp idf paca aura chr ap hp aphp smur ihm api crm'
  ).split(' '),
);

// Particles inside names: "Marie de La Tour", "Ahmed Ben Salah", "Vincent van Gogh".
const NAME_PARTICLES = new Set(['de', 'du', 'des', 'd', 'la', 'le', 'van', 'von', 'der', 'den', 'ben', 'bin', 'ibn', 'el', 'al', 'da', 'di', 'dos', 'das', 'del', 'della', 'mac', 'ould']);
// Those that may open a name after a title ("Mme de La Fontaine"); not "le", "la" ("Monsieur le Directeur").
const OPENING_PARTICLES = new Set(['de', 'du', 'des', 'd', 'van', 'von', 'ben', 'el', 'da', 'di', 'dos', 'del']);

/** Joined as parts of one name: spaces only, or the apostrophe of "d'Estaing". */
function joined(text: string, left: Token, right: Token): boolean {
  if (adjacent(text, left, right)) return true;
  return (left.key === 'd' || left.key === 'l') && right.start === left.end + 1 && text[left.end] === "'";
}

/** A single capital followed by a dot: an initial ("Karim B.", "Mme D."). */
function isInitial(text: string, token: Token): boolean {
  return token.text.length === 1 && token.shape === 'capitalised' && text[token.end] === '.';
}

/** An upper-case word that reads as a surname: "DUPONT", not "CSE". */
export function isUpperSurname(token: Token, ordinary: OrdinaryWord): boolean {
  return token.shape === 'upper' && token.key.length > 1 && hasVowel(token.key) && !ACRONYMS.has(token.key) && !ordinary(token.key);
}

/** A capitalised word that could be part of a name once a name has started. */
export function isCapitalisedNamePart(text: string, token: Token): boolean {
  if (token.shape === 'capitalised' && token.text.length === 1) return isInitial(text, token);
  if (token.shape === 'upper') return !ACRONYMS.has(token.key) && hasVowel(token.key);
  return (token.shape === 'capitalised' || token.shape === 'mixed') && !FUNCTION_WORDS.has(token.key);
}

/** A capitalised function word ("Le", "Bonjour", "Chez"): what a sentence starts with, not a name. */
export function isFunctionWord(key: string): boolean {
  return FUNCTION_WORDS.has(key);
}

/** An upper-case word (folded) that is an acronym ("CSE", "DRH", "CDI"), not a surname. */
export function isAcronym(key: string): boolean {
  return ACRONYMS.has(key);
}

/**
 * The last token of the name that continues after `tokens[last]`: more capitalised or upper-case
 * words, initials, particles followed by one ("de La Tour"), and lowercase words `lowerPart` accepts.
 */
export function extendRight(text: string, tokens: readonly Token[], last: number, lowerPart?: (token: Token) => boolean): number {
  for (let added = 0, k = last + 1; k < tokens.length && added < 4; added++) {
    if (!joined(text, tokens[k - 1], tokens[k])) break;
    let next = k;
    while (next < k + 2 && next < tokens.length - 1 && NAME_PARTICLES.has(tokens[next].key) && joined(text, tokens[next], tokens[next + 1])) next++;
    const token = tokens[next];
    const part = next > k ? token.shape !== 'lower' && token.text.length > 1 : isCapitalisedNamePart(text, token) || (lowerPart?.(token) ?? false);
    if (!part) break;
    last = next;
    k = next + 1;
  }
  return last;
}

/** The first token of a name written "NOM Prénom": upper-case words just before `tokens[first]`. */
export function extendLeft(text: string, tokens: readonly Token[], first: number, ordinary: OrdinaryWord): number {
  while (first > 0 && adjacent(text, tokens[first - 1], tokens[first]) && isUpperSurname(tokens[first - 1], ordinary)) first--;
  return first;
}

function isTitle(text: string, token: Token): boolean {
  if (CASED_TITLES.includes(token.text)) return token.text !== 'M' || text[token.end] === '.' || text[token.end] === ' ';
  return TITLES.includes(token.key);
}

/** What may follow a title as a name: a capitalised word, an initial, or a lowercase word that is no ordinary word. */
function startsNameAfterTitle(text: string, token: Token, ordinary: OrdinaryWord): boolean {
  if (FUNCTION_WORDS.has(token.key) || TITLES.includes(token.key)) return false;
  if (token.shape === 'lower') return token.key.length > 1 && !ordinary(token.key);
  if (token.text.length === 1) return isInitial(text, token);
  return true;
}

function nameSpan(tokens: readonly Token[], first: number, last: number): Finding {
  return { kind: 'name', start: tokens[first].start, end: tokens[last].end };
}

/** Names after a title: "M. Dupont", "Mme Benali-Roux", "Dr Martin", "monsieur dupont", "Mme D.". */
export function findTitledNames(text: string, tokens: readonly Token[], ordinary: OrdinaryWord): Finding[] {
  const found: Finding[] = [];
  for (let i = 0; i < tokens.length - 1; i++) {
    const title = tokens[i];
    const next = tokens[i + 1];
    if (!isTitle(text, title) || !/^\.? {1,3}$/.test(text.slice(title.end, next.start))) continue;
    if (TITLES_BEFORE_CAPITALS_ONLY.includes(title.text) && next.shape === 'lower') continue;
    if (OPENING_PARTICLES.has(next.key) && next.shape === 'lower') {
      const last = extendRight(text, tokens, i + 1);
      if (last > i + 1) {
        found.push(nameSpan(tokens, i + 1, last));
        i = last;
      }
      continue;
    }
    if (!startsNameAfterTitle(text, next, ordinary)) continue;
    // "madame benali karima": a name typed in lowercase goes on in lowercase.
    const lowerPart = next.shape === 'lower' ? (t: Token) => t.shape === 'lower' && !ordinary(t.key) && !FUNCTION_WORDS.has(t.key) : undefined;
    const last = extendRight(text, tokens, i + 1, lowerPart);
    found.push(nameSpan(tokens, i + 1, last));
    i = last;
  }
  return found;
}

/** Names in the "Prénom NOM" and "NOM Prénom" convention: "Jean DUPONT", "DUPONT Jean-Marc". */
export function findCapitalConventionNames(text: string, tokens: readonly Token[], ordinary: OrdinaryWord): Finding[] {
  const found: Finding[] = [];
  const capitalised = (t: Token) => t.shape === 'capitalised' && t.text.length > 1 && !FUNCTION_WORDS.has(t.key) && !ordinary(t.key);
  for (let i = 0; i < tokens.length - 1; i++) {
    const [left, right] = [tokens[i], tokens[i + 1]];
    if ((left.shape !== 'upper' && right.shape !== 'upper') || !adjacent(text, left, right)) continue;
    const firstThenUpper = isUpperSurname(right, ordinary) && capitalised(left);
    const upperThenFirst = isUpperSurname(left, ordinary) && capitalised(right);
    if (!firstThenUpper && !upperThenFirst) continue;
    const last = extendRight(text, tokens, i + 1);
    found.push(nameSpan(tokens, i, last));
    i = last;
  }
  return found;
}
