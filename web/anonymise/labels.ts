/**
 * The anonymiser's message catalogue: the words its placeholders are made of, in French (the
 * reference: its keys define `Labels`) and English. "[Personne A]", "[Téléphone]", "[mars 2024]".
 */
export type AnonymiseLocale = 'fr' | 'en';

const fr = {
  person: 'Personne',
  term: 'Terme',
  email: 'E-mail',
  phone: 'Téléphone',
  nir: 'N° de sécurité sociale',
  iban: 'IBAN',
  siret: 'SIRET',
  plate: 'Immatriculation',
  address: 'Adresse',
  postcode: 'Code postal',
  date: 'Date',
  time: 'Heure',
  employee_id: 'Matricule',
  ip: 'Adresse IP',
  url_token: 'Lien personnel',
  morning: 'matin',
  afternoon: 'après-midi',
  evening: 'soir',
  night: 'nuit',
  months: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
};

export type Labels = typeof fr;

const en: Labels = {
  person: 'Person',
  term: 'Term',
  email: 'Email',
  phone: 'Phone',
  nir: 'Social security number',
  iban: 'IBAN',
  siret: 'SIRET',
  plate: 'Licence plate',
  address: 'Address',
  postcode: 'Postcode',
  date: 'Date',
  time: 'Time',
  employee_id: 'Employee ID',
  ip: 'IP address',
  url_token: 'Personal link',
  morning: 'morning',
  afternoon: 'afternoon',
  evening: 'evening',
  night: 'night',
  months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

export const LABELS: { readonly [L in AnonymiseLocale]: Labels } = { fr, en };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const words = Object.values(LABELS).flatMap((labels) => Object.values(labels).flat());

/**
 * A placeholder this module writes, in either language: what a second pass over anonymised
 * text must leave alone ("[Personne A]" is not a name, "[mars 2024]" not a date to coarsen again).
 */
export const PLACEHOLDER = new RegExp(`\\[(?:${words.map(escape).join('|')})(?: [A-Z]{1,3}| [0-9]{4})?\\]`, 'g');
