/**
 * What says "a name" without any name list: a title before it ("M. Dupont", "Mme Benali",
 * "monsieur dupont") and the "Prénom NOM" convention of French letters and forms ("Jean DUPONT",
 * "DUPONT Jean"), with the commonest words and acronyms that are never names. The delegates'
 * detector (names.ts) reads the same cues word by word with longer lists; the submission page's
 * hint reads them with these alone.
 */

/** Titles, folded. */
export const TITLES: readonly string[] = ['mr', 'mme', 'mmes', 'mlle', 'mlles', 'monsieur', 'madame', 'mademoiselle', 'dr', 'docteur', 'docteure', 'professeur', 'professeure', 'maitre', 'mgr'];
/** Titles only as written ("M." / "M Dupont", "Me Durand"): lowercase "m" and "me" are the pronoun. */
export const CASED_TITLES: readonly string[] = ['M', 'Me', 'Pr', 'MM'];
/** "Me" and "Pr" are titles only before a capitalised name. */
export const TITLES_BEFORE_CAPITALS_ONLY: readonly string[] = ['Me', 'Pr'];

/** The commonest words (folded) that, capitalised, start a sentence rather than a name, or follow a title without being one. */
export const COMMON_FUNCTION_WORDS =
  'le la les l un une des du de d au aux ce cet cette ces ca mon ma mes son sa ses notre nos votre vos leur leurs je tu il elle on nous ' +
  'vous ils elles qui que et mais ou donc car pas plus tres trop tout est a bonjour merci chez pour par avec sans sur dans';
/** The commonest upper-case words (folded) at work that are acronyms, not surnames; those without a vowel never read as one. */
export const COMMON_ACRONYMS =
  'cse ce irp fo cfe unsa sud fsu ag ratp edf daf dsi si it sap ceo cdi ars cpam caf msa urssaf smic rsa nao pse bdese esn pme tpe ' +
  'sas sarl ok rib iban siret siren nir ter rer covid samu sos erp ehpad chu cnil dreets insee';

/** An upper-case word can be a surname only if it has a vowel: "DUPONT", not "DRH". Takes a folded key. */
export const hasVowel = (key: string) => /[aeiouy]/.test(key);

const commonWords = new Set(COMMON_FUNCTION_WORDS.split(' '));
const commonAcronyms = new Set(COMMON_ACRONYMS.split(' '));
// Read on the folded text, where "Maître" and "MME" are "maitre" and "mme"; cased titles are checked as written.
const TITLE_THEN_WORD = new RegExp(`(?<![\\p{L}\\p{N}])(${[...TITLES, ...CASED_TITLES].join('|').toLowerCase()})\\.? {1,3}(\\p{L}+)`, 'gu');
// Zero-width, so that in "Bonjour DUPONT Jean" the pair after a rejected one is still read.
const WORD_PAIR = /(?<![\p{L}\p{N}])(?=(\p{Lu}\p{Ll}+|\p{Lu}{2,})( {1,3})(\p{Lu}\p{Ll}+|\p{Lu}{2,})(?![\p{L}\p{N}]))/gu;

/**
 * The hint's reading of `text` (spaces unified; `folded` is `foldText(text)`): a word after a
 * title that is no common word, or a capitalised word next to an upper-case one that is no
 * common acronym.
 */
export function seemsToHoldName(text: string, folded: string): boolean {
  for (const { 0: whole, 1: titleKey, 2: key, index } of folded.matchAll(TITLE_THEN_WORD)) {
    const title = text.slice(index, index + titleKey.length);
    const end = index + whole.length;
    const capitalised = /\p{Lu}/u.test(text[end - key.length]);
    const isTitle = TITLES.includes(titleKey) || CASED_TITLES.includes(title);
    const isName =
      key.length > 1 ? !commonWords.has(key) && !TITLES.includes(key) && (capitalised || !TITLES_BEFORE_CAPITALS_ONLY.includes(title)) : capitalised && text[end] === '.';
    if (isTitle && isName) return true;
  }
  const surname = (word: string, key: string) => !/\p{Ll}/u.test(word) && hasVowel(key) && !commonAcronyms.has(key);
  const firstName = (word: string, key: string) => /\p{Ll}/u.test(word) && !commonWords.has(key);
  for (const { 1: left, 2: gap, 3: right, index } of text.matchAll(WORD_PAIR)) {
    const leftKey = folded.slice(index, index + left.length);
    const rightStart = index + left.length + gap.length;
    const rightKey = folded.slice(rightStart, rightStart + right.length);
    if ((firstName(left, leftKey) && surname(right, rightKey)) || (surname(left, leftKey) && firstName(right, rightKey))) return true;
  }
  return false;
}
