/**
 * Street addresses ("12 bis rue de la Paix", "3, avenue Jean-Jaurès", "rue Victor Hugo"). A
 * street type alone is an ordinary word ("dans la rue", "à ma place"): without a number, the
 * street's name must be capitalised.
 */
import type { Finding } from './kinds.js';

// Folded (lowercase, unaccented) spellings. Street types no everyday phrase starts with: after a
// number, their name may be typed in lowercase ("12 rue des lilas"), where "2 place de parking"
// or "3 cours de yoga" are no address.
const UNMISTAKABLE_STREET_TYPES = 'rue|avenue|av\\.?|ave|boulevard|bd|bld|blvd|allee|impasse|imp\\.|quai';
// Those that are also everyday words (route, cours, passage, voie, cité…) count as a street only after a number.
const STREET_TYPES_ANYWHERE =
  `${UNMISTAKABLE_STREET_TYPES}|square|place|pl\\.|chemin|faubourg|fbg|esplanade|promenade|residence|lotissement|zone industrielle|zone artisanale|zone d'activites?|zi|za|zac`;
const STREET_TYPES_NUMBERED = "route|rte|cours|passage|voie|cite|villa|sentier|parvis|hameau|lieu-dit|mail|ruelle|traverse|montee|rond-point|chaussee|galerie|cour";
const STREET = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:([0-9]{1,4}(?: ?(?:bis|ter|quater|[abc]))?),? +)?(${STREET_TYPES_NUMBERED}|${STREET_TYPES_ANYWHERE})(?=[ '])`,
  'gu',
);
const NUMBERED_ONLY = new RegExp(`^(?:${STREET_TYPES_NUMBERED})$`);
const UNMISTAKABLE = new RegExp(`^(?:${UNMISTAKABLE_STREET_TYPES})$`);
// "à la place de Leïla", "à ma place": the idiom, not a square.
const IDIOM_PLACE = /(?:^|[^\p{L}])(?:a|à) (?:la|ma|ta|sa|notre|votre|leur) $/u;
const NAME_WORD = /[ ]*(\p{L}[\p{L}\p{M}-]*'?|[0-9]{1,4}(?:er|e)?(?![\p{L}\p{N}]))/uy;
const PARTICLES = new Set(['de', 'du', 'des', "d'", "l'", 'la', 'le', 'les', 'aux', 'au']);
// "place de la Gare à Lyon", "12 rue des lilas si tu passes": where a street's name has ended.
const ENDINGS = new Set(
  'a à et ou où en sur sous pour par vers chez dans avec si qui que quand mais donc car je tu il elle on nous vous ils elles ce ça ca c depuis demain hier avant après apres'.split(
    ' ',
  ),
);
const MAX_NAME_WORDS = 7;

// A street name typed in lowercase has at most this many words besides particles ("victor hugo").
const MAX_LOWERCASE_WORDS = 2;

/**
 * Where the street's name ends, or -1 when what follows the street type is not a name: its
 * words are capitalised ("Victor Hugo", "du 8 Mai 1945"), or typed in lowercase when
 * `lowercase` allows it ("12 rue des lilas", "5 rue victor hugo").
 */
function streetNameEnd(text: string, from: number, lowercase: boolean): number {
  let end = -1;
  let lowercaseWords = 0;
  let capitalised = false;
  NAME_WORD.lastIndex = from;
  for (let words = 0, match = NAME_WORD.exec(text); match && words < MAX_NAME_WORDS; words++, match = NAME_WORD.exec(text)) {
    const word = match[1];
    const key = word.toLowerCase();
    if (ENDINGS.has(key)) break;
    if (PARTICLES.has(key)) continue;
    if (/^[\p{Lu}0-9]/u.test(word)) capitalised = true;
    else if (capitalised || !lowercase || lowercaseWords++ >= MAX_LOWERCASE_WORDS) break;
    end = match.index + match[0].length;
  }
  return end;
}

/** Street addresses in `text`; `folded` is `foldText(text)`. */
export function findAddresses(text: string, folded: string): Finding[] {
  const found: Finding[] = [];
  for (const match of folded.matchAll(STREET)) {
    const numbered = match[1] !== undefined;
    if (!numbered && NUMBERED_ONLY.test(match[2])) continue;
    if (!numbered && match[2] === 'place' && IDIOM_PLACE.test(folded.slice(Math.max(0, match.index - 10), match.index))) continue;
    const end = streetNameEnd(text, match.index + match[0].length, numbered && UNMISTAKABLE.test(match[2]));
    if (end > 0) found.push({ kind: 'address', start: match.index, end });
  }
  return found;
}
