/**
 * Feminine first-person forms: "je suis allée", "je suis enceinte", "on m'a convoquée", "moi qui
 * suis la seule…". In a workplace with few women, the grammar alone can point at the writer.
 */

// Read on folded text (lowercase, no accents), so "allee" typed without accents counts too.
// What says "I" before the word that agrees with the writer.
const FIRST_PERSON =
  "(?:je (?:ne |n')?suis|j'suis|jsuis|chuis|j'etais|je n'etais|je serai|je serais|j'ai ete|je n'ai (?:jamais |pas )?ete|j'avais ete|je (?:ne )?me (?:suis|sens|sentais|retrouve|retrouvais)|je reste|je deviens|moi qui suis|moi qui etais|m'a|m'ont|m'avait|m'avaient|me suis)";
const ADVERBS = '(?:(?:ne|pas|plus|jamais|toujours|tres|trop|si|tellement|encore|deja|souvent|aussi|un peu|toute|tout|meme|ensuite|alors|enfin|presque|moi-meme|\\p{L}+ment) )*';
const AGREEING = new RegExp(`(?<![\\p{L}])${FIRST_PERSON} ${ADVERBS}((?:la |une )?\\p{L}[\\p{L}-]*)`, 'gu');
// Feminine endings of participles, adjectives and job names ("allee", "enceinte", "technicienne").
const FEMININE_ENDING = /(?:ee|ie|[^qg]ue|ise|ite|nte|rte|ete|eule|euse|rice|ive|elle|enne|ere|eure|ette|onne|sse|ouse|ffe|aine|ine)$/;
// Words with those endings that say nothing of the writer's sex.
const NEUTRAL = new Set(
  'malade libre triste calme jeune stable capable responsable pere frere membre cadre comptable stagiaire interimaire secretaire artiste journaliste juriste vie maladie serie equipe entreprise societe personne victime pire suite'.split(
    ' ',
  ),
);
// "je suis la seule", "je suis une femme"; not "une personne", "la première fois".
const FEMININE_ARTICLE = /^(?:la|une) (?!personne|victime|cible|seule fois|premiere fois|derniere fois)/;
const FEMININE_PHRASES =
  /(?<![\p{L}])(?:en tant que (?:femme|mere|maman)|seule femme|je suis (?:maman|mere|enceinte)|j'etais enceinte|mon conge maternite|ma grossesse|mere (?:isolee|celibataire)|maman solo)(?![\p{L}])/gu;

/**
 * Spans of feminine first-person forms, read on `folded` (`foldText(text)`, same offsets);
 * `text` tells "là" from "la".
 */
export function findFeminine(text: string, folded: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  for (const match of folded.matchAll(AGREEING)) {
    const word = match[1];
    const start = match.index + match[0].length - word.length;
    if (text.slice(start, start + 2).toLowerCase() === 'là') continue;
    const bare = word.replace(/^(?:la|une) /, '');
    if (FEMININE_ARTICLE.test(word) || (FEMININE_ENDING.test(bare) && !NEUTRAL.has(bare))) found.push({ start, end: start + word.length });
  }
  for (const match of folded.matchAll(FEMININE_PHRASES)) found.push({ start: match.index, end: match.index + match[0].length });
  return found;
}
