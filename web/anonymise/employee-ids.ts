/**
 * Employee numbers, matricules, badge numbers and staff identifiers. Such codes have no common
 * shape, so they are found after the words that announce them ("matricule 458712", "Matr.
 * 458712", "badge n° B-2231", "mon ID salarié c'est E0045871", "login mbenali_77", "code
 * opérateur 4471", "NNI 8812345", "le login j.dupont"), with the codes listed after the first
 * ("les matricules 4471, 4472 et 4480"), plus codes shaped like staff numbers anywhere (letters
 * then five digits or more: "E0045871", "SAL-20417").
 */
import type { Finding } from './kinds.js';

const SALARIE = "(?:employ[eé]e?s?|salari[eé]e?s?|agents?|personnel|int[eé]rimaires?|op[eé]rat(?:eur|rice)s?)";
const ANNOUNCING =
  '(?:matricules?|badges?|identifi(?:ants?|cation)|logins?|username|user ?id|(?:employee|staff|personnel) ?(?:id|number|no\\.|#)|ID|NNI' +
  `|(?:n°|n[o°º]\\.?|num(?:[eé]ro)?\\.?)\\s?(?:d'|de\\s|du\\s)?(?:${SALARIE}|badge|matricule|dossier|carte|contrat|pointage|interne)` +
  `|(?:id|codes?|ident|r[eé]f(?:[eé]rence)?\\.?)\\s?(?:${SALARIE}|rh|sap|workday|intranet|windows|ad|interne|pointage)` +
  `|cartes? (?:pro|professionnelle|d'agent|de pointage|${SALARIE}))`;
// What may sit between the announcing word and the code: "n°", "est le", "c'est", "SAP :", up to
// three words; or a question mark the code follows at once ("mon matricule ? 458712"), so that
// a question never runs on into the next sentence's numbers.
const FILLER = "(?:[\\s:=#(,\\-]*\\?\\s*|[\\s:=#(,\\-]*(?:(?:n°|[\\p{L}'°]{1,12})[\\s:=#(,\\-]+){0,3})";
// One token with a digit in it ("B-2231", "j.dupont3", "mbenali_77"), or digits in small groups ("458 712").
const CODE = '[0-9]{2,4}(?: [0-9]{2,4}){1,3}(?![\\p{L}\\p{N}])|(?=[\\p{L}\\p{N}_.-]*[0-9])[\\p{L}\\p{N}][\\p{L}\\p{N}_.-]{1,18}[\\p{L}\\p{N}]';
// A year, a clock time or a date after "badge" ("mon badge depuis 2023") is not a code.
const NOT_A_CODE = /^(?:(?:19|20)[0-9]{2}|[0-9]{1,2}h[0-9]{0,2}|[0-9]{1,2}[.-][0-9]{1,2}(?:[.-][0-9]{2,4})?)$/i;
const ANNOUNCED = new RegExp(`(?<![\\p{L}\\p{N}])${ANNOUNCING}(?![\\p{L}])${FILLER}(${CODE})(?![\\p{L}\\p{N}])`, 'giu');
// Payslip abbreviations of "matricule", written as on the payslip ("Matr. 458712", "Mle 458712",
// "Mat : 458712"), with the code right after: "mat." is also a finish or the morning.
const PAYSLIP = /(?<![\p{L}\p{N}])(?:Matr\.?|Mle|Mat(?:\.|(?=\s?:)))(?![\p{L}])\s*:?\s*([0-9]{4,10}|[A-Z]{1,4}-?[0-9]{3,9})(?![\p{L}\p{N}])/gu;
// A login made of a name has no digit ("j.dupont", "marie.durand", "jean_dupont"): one with a dot
// or an underscore, right after the word that announces it.
const LOGIN = /(?<![\p{L}\p{N}])(?:logins?|username|user ?name|identifiants?(?: de connexion| windows| r[eé]seau)?)(?![\p{L}])[\s:]*(?:(?:c'est|est|[eé]tait)\s+)?([\p{L}][\p{L}\p{N}]*(?:[._][\p{L}\p{N}]+)+)(?![\p{L}\p{N}])/giu;
const ANOTHER = new RegExp(`\\s*(?:,|et|ou|/)\\s*(${CODE})(?![\\p{L}\\p{N}])`, 'iuy');
const STAFF_SHAPE = /(?<![\p{L}\p{N}.-])[A-Z]{1,4}-?[0-9]{5,9}(?![\p{L}\p{N}]|-[0-9])/gu;
// "L. 1152-1", "R4127-1", "article L1152": legal references, never staff numbers.
const LEGAL_BEFORE = /(?:article|art\.?|cerfa|décret|loi|ordonnance)\s*$/i;

/** Employee, matricule and badge numbers in `text` (spaces already unified). */
export function findEmployeeIds(text: string): Finding[] {
  const found: Finding[] = [];
  const push = (code: string, end: number) => {
    if (!NOT_A_CODE.test(code)) found.push({ kind: 'employee_id', start: end - code.length, end });
  };
  for (const match of text.matchAll(ANNOUNCED)) {
    let end = match.index + match[0].length;
    push(match[1], end);
    ANOTHER.lastIndex = end;
    for (let more = ANOTHER.exec(text); more; more = ANOTHER.exec(text)) {
      end = ANOTHER.lastIndex;
      push(more[1], end);
    }
  }
  for (const match of text.matchAll(PAYSLIP)) push(match[1], match.index + match[0].length);
  for (const match of text.matchAll(LOGIN)) push(match[1], match.index + match[0].length);
  for (const match of text.matchAll(STAFF_SHAPE)) {
    if (LEGAL_BEFORE.test(text.slice(Math.max(0, match.index - 20), match.index))) continue;
    found.push({ kind: 'employee_id', start: match.index, end: match.index + match[0].length });
  }
  return found;
}
