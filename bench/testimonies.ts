/**
 * Testimonies for the benchmarks: French texts of about 2 KB, each different, holding what real
 * ones hold (names, phones, mails, dates, addresses) so that the anonymiser has work to do, with
 * answers on a third of them and one word that only one text in a hundred contains.
 */
import { encodeTestimony, type Answer, type SecretKey } from '../crypto/index.js';
import { testKey } from '../test/crypto/fixtures.js';
import { refSealEnvelope } from '../test/crypto/reference.js';

export interface BenchTestimony {
  campaign: string;
  text: string;
  answers?: Record<string, Answer>;
}

export interface SealedTestimonies {
  testimonies: BenchTestimony[];
  /** The testimonies in order, each sealed to BENCH_DELEGATE and a colleague. */
  envelopes: Uint8Array[];
}

/** The delegate whose key the benches open the envelopes with. */
export const BENCH_DELEGATE: SecretKey = testKey(1);
const COLLEAGUE = testKey(2);

/** The word one testimony in a hundred contains: what the workspace bench searches for. */
export const SEARCHED_WORD = 'scaphandrier';
export const CAMPAIGNS = ['temoignages', 'teletravail', 'sante-securite'] as const;
/** The question every answered testimony answers with one of SITES. */
export const SITE_QUESTION = 'site';
export const SITES = ['Lyon', 'Lille', 'Nantes', 'Rennes'] as const;
// With the testimony's JSON and answers around it, the payload stays in the 2048-byte bucket.
const TEXT_BYTES = 1900;

const FIRST_NAMES = ['Sophie', 'Karim', 'Nathalie', 'Julien', 'Fatoumata', 'Thierry', 'Isabelle', 'Mehdi', 'Claire', 'Olivier', 'Aurélie', 'Bruno'];
const LAST_NAMES = ['Garnier', 'Benali', 'Lefebvre', 'Moreau', 'Diallo', 'Fontaine', 'Roux', 'Mercier', 'Chevalier', 'Perrin', 'Lambert', 'Marchand'];
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'septembre', 'octobre', 'novembre', 'décembre'];
const STREETS = ['des Lilas', 'Jean Jaurès', 'de la République', 'Victor Hugo', 'du Moulin'];
const TOOLS = ['teams', 'viva', 'badge', 'planning'];

type Pick = <T>(choices: readonly T[]) => T;
type Digits = (count: number) => string;

const SENTENCES: ((pick: Pick, digits: Digits) => string)[] = [
  (pick) => `Depuis la réorganisation de ${pick(MONTHS)}, les plannings changent la veille au soir et personne ne peut prévoir sa semaine.`,
  (pick) => `Mon responsable, M. ${pick(LAST_NAMES)}, lit nos conversations Teams et nous le fait savoir en réunion.`,
  (pick, digits) =>
    `${pick(FIRST_NAMES)} ${pick(LAST_NAMES).toUpperCase()} m'a appelée au 06 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)} ` +
    'pour me dire que ma prime serait réduite.',
  (pick, digits) =>
    `J'ai écrit à ${pick(FIRST_NAMES).toLowerCase()}.${pick(LAST_NAMES).toLowerCase()}@exemple.fr le ${1 + Number(digits(1))} ${pick(MONTHS)} ` +
    'pour signaler la panne de climatisation, sans réponse.',
  () => 'Le badge enregistre chaque passage à la cantine et aux toilettes, et les relevés circulent entre les chefs d’équipe.',
  (pick, digits) => `Au dépôt du ${1 + Number(digits(2))} rue ${pick(STREETS)}, les chariots ne sont plus révisés depuis deux ans.`,
  () => 'On nous demande de rester après 19 h sans que les heures supplémentaires soient comptées ni payées.',
  () => "Les intérimaires n'ont pas reçu leurs équipements de protection et personne n'ose le dire à la direction.",
  (pick) => `Quand j'ai parlé de mon arrêt maladie, Mme ${pick(LAST_NAMES)} m'a répondu que je n'étais pas la seule à être fatiguée.`,
  () => 'Le logiciel de suivi compte nos clics et envoie un score chaque vendredi à la direction régionale.',
  () => 'Les entretiens annuels servent surtout à nous comparer les uns aux autres, jamais à parler du travail réel.',
  () => "Plusieurs collègues de l'équipe de nuit ont démissionné depuis janvier et ne sont pas remplacés.",
  (pick, digits) => `Le ${1 + Number(digits(1))} ${pick(MONTHS)}, une réunion obligatoire a été annoncée une heure avant, pendant la pause déjeuner.`,
  () => "J'ai peur que l'on me reconnaisse, alors je ne donne pas plus de détails sur mon poste.",
  (_, digits) => `Mon matricule ${digits(6)} apparaît sur les tableaux de productivité affichés dans le couloir.`,
  (pick) => `La cheffe de service, ${pick(FIRST_NAMES)}, a dit devant tout le monde que les syndiqués seraient les premiers à partir.`,
  () => 'Les vestiaires ne sont plus chauffés et la direction répond que ce n’est pas une priorité cette année.',
  () => 'On nous a retiré le télétravail du vendredi sans explication, alors que tout fonctionnait bien.',
];

/** Deterministic numbers in [0, 1) (mulberry32), so every run benches the same texts. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` testimonies, the same ones for the same count. */
export function benchTestimonies(count: number): BenchTestimony[] {
  const random = seededRandom(count);
  const pick: Pick = (choices) => choices[Math.floor(random() * choices.length)];
  const digits: Digits = (length) => Array.from({ length }, () => Math.floor(random() * 10)).join('');
  return Array.from({ length: count }, (_, i) => {
    const sentences = [`Témoignage sur le site de ${pick(SITES)}.`];
    if (i % 100 === 7) sentences.push(`Le ${SEARCHED_WORD} de l'équipe de maintenance travaille seul, sans binôme, depuis des mois.`);
    let bytes = Buffer.byteLength(sentences.join(' '));
    while (true) {
      const next = pick(SENTENCES)(pick, digits);
      bytes += 1 + Buffer.byteLength(next);
      if (bytes > TEXT_BYTES) break;
      sentences.push(next);
    }
    const testimony: BenchTestimony = { campaign: pick(CAMPAIGNS), text: sentences.join(' ') };
    if (i % 3 === 0) testimony.answers = { [SITE_QUESTION]: pick(SITES), outils: TOOLS.filter(() => random() < 0.5) };
    return testimony;
  });
}

// Sealing 10,000 testimonies to two keys takes some twenty seconds even in libsodium (Parole's
// tweetnacl code is slower still): the benches that open the same count share one sealing.
const sealedByCount = new Map<number, SealedTestimonies>();

/** `count` testimonies in French and their envelopes, sealed once per run. */
export function sealedTestimonies(count: number): SealedTestimonies {
  let sealed = sealedByCount.get(count);
  if (!sealed) {
    const testimonies = benchTestimonies(count);
    const envelopes = testimonies.map(({ campaign, text, answers }) =>
      refSealEnvelope(encodeTestimony({ campaign, locale: 'fr', text, answers }), [BENCH_DELEGATE, COLLEAGUE]),
    );
    sealedByCount.set(count, (sealed = { testimonies, envelopes }));
  }
  return sealed;
}
