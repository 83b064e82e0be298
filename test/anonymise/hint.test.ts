/**
 * The submission page's hint: what it reports, and that its import graph stays free of word
 * lists, checksum libraries and the delegates' detector's own modules (the page must stay
 * small; see hint.ts).
 */
import { describe, expect, it } from 'vitest';
import { hintKinds } from '../../web/anonymise/hint.js';
import { detect, type PiiKind } from '../../web/anonymise/index.js';
import { importGraph } from '../helpers/import-graph.js';

// The modules that hold or load the big lists; the hint may reach none of them.
const LIST_MODULES = ['web/anonymise/lexicon.ts', 'web/anonymise/known-names.ts', 'web/anonymise/name-exceptions.ts', 'web/anonymise/rare.ts', 'web/anonymise/flag-words.ts'];
const HEAVY_PACKAGES = /^(?:@zxcvbn-ts\/|french-ssn|ibantools|awesome-phonenumber)/;
// What only the delegates' detector needs: the words that weigh a match (durations, tracking
// parameters, the long lists of words that are no names), reading word by word, and settling
// which of two overlapping kinds wins.
const FULL_DETECTOR_MODULES = [
  'web/anonymise/detect.ts',
  'web/anonymise/patterns.ts',
  'web/anonymise/resolve.ts',
  'web/anonymise/tokens.ts',
  'web/anonymise/names.ts',
  'web/anonymise/times.ts',
  'web/anonymise/identifying-parameters.ts',
];

describe('the hint’s import graph', () => {
  it('holds no word list and no checksum library', () => {
    const { files, packages } = importGraph('web/anonymise/hint.ts');
    expect([...files].filter((f) => LIST_MODULES.includes(f))).toEqual([]);
    expect([...packages].filter((p) => HEAVY_PACKAGES.test(p))).toEqual([]);
  });

  it('holds none of the delegates’ detector’s own modules', () => {
    const { files } = importGraph('web/anonymise/hint.ts');
    expect([...files].filter((f) => FULL_DETECTOR_MODULES.includes(f))).toEqual([]);
  });

  it('sees the lists and the detector’s modules where they are (control)', () => {
    const { files, packages } = importGraph('web/anonymise/index.ts');
    expect([...files]).toEqual(expect.arrayContaining([...LIST_MODULES, ...FULL_DETECTOR_MODULES]));
    expect([...packages]).toEqual(expect.arrayContaining(['@zxcvbn-ts/language-fr/dist/commonWords.json.mjs', 'french-ssn', 'ibantools']));
  });
});

describe('hintKinds', () => {
  it('names the kinds a text seems to hold, in PII_KINDS order', () => {
    const text =
      'M. Garnier m’a appelée au 06 12 34 56 78 le 12 mars à 14h30 ; écrivez à nadia.b@example.fr, ' +
      'badge B-2231, IP 10.0.3.57, voiture AB-123-CD, 12 rue de la Paix 75002 Paris, ' +
      'lien https://msurveys.example.com/s/8f3a9c2e71, NIR 1 85 05 78 006 084 91, IBAN FR76 3000 6000 0112 3456 7890 189, SIRET 732 829 320 00017.';
    expect(hintKinds(text)).toEqual(['name', 'email', 'phone', 'nir', 'iban', 'siret', 'plate', 'address', 'postcode', 'date', 'time', 'employee_id', 'ip', 'url_token']);
  });

  it('sees names only after a title or in the Prénom NOM convention (no list)', () => {
    expect(hintKinds('Jean DUPONT est passé.')).toEqual(['name']);
    expect(hintKinds('Karim est passé.')).toEqual([]);
  });

  it('says nothing for an ordinary text', () => {
    expect(hintKinds('Mon chef lit nos messages Teams et Viva Insights compte nos pauses depuis 2023.')).toEqual([]);
    expect(hintKinds('')).toEqual([]);
  });

  it('warns on a NIR or an IBAN by its shape, even with a wrong check (the delegates’ detector checks)', () => {
    expect(hintKinds('NIR 1 85 05 78 006 084 92')).toEqual(['nir']);
    expect(hintKinds('IBAN FR76 3000 6000 0112 3456 7890 188')).toEqual(['iban']);
  });

  it('sees the common forms of every kind', () => {
    const common: [PiiKind, string][] = [
      ['name', 'M. Dupont m’a convoquée.'],
      ['name', 'Mme Benali-Roux était là.'],
      ['name', 'monsieur dupont est passé'],
      ['name', 'Dr Martin a signé l’arrêt.'],
      ['name', 'Maître Durand plaidera.'],
      ['name', 'Mme D. est au courant.'],
      ['name', 'DUPONT Jean-Marc, service paie'],
      ['name', 'Bonjour DUPONT Jean,'],
      ['name', 'Élodie MARTIN a tout vu.'],
      ['email', 'Contact : s.benali (at) logistique-exemple.fr.'],
      ['phone', 'Appelez le 06.12.34.56.78 ou le +33 (0)1 23 45 67 89.'],
      ['nir', 'NIR 2 76 03 2A 123 456 04'],
      ['iban', 'IBAN FR76 3000 6000 0112 3456 7890 189'],
      ['siret', 'SIREN 443 061 841'],
      ['plate', 'Sa voiture, immatriculée ef-789-gh.'],
      ['plate', 'La camionnette 1234 AB 75 est au garage.'],
      ['address', 'Il habite 45, boulevard Voltaire.'],
      ['address', 'On se retrouve rue Victor Hugo.'],
      ['address', 'Livraison au 27 route de Lyon.'],
      ['postcode', 'J’habite Villeurbanne, 69100.'],
      ['postcode', 'code postal 13008'],
      ['date', 'C’était lundi 8 janvier.'],
      ['date', 'du 3 au 5 mai'],
      ['date', 'Reçu le 12/03.'],
      ['date', 'Daté du 2023-11-07.'],
      ['time', 'Rendez-vous à 9 h 15.'],
      ['time', 'La réunion de 14h est annulée.'],
      ['time', 'rdv 14h devant l’usine'],
      ['time', 'Il est arrivé à 8 heures du matin.'],
      ['time', 'Le badge a sonné à 23:47.'],
      ['employee_id', 'Mon n° de salarié (0045871) figure sur la fiche.'],
      ['employee_id', 'carte professionnelle n° 77-1042'],
      ['employee_id', 'login mbenali_77'],
      ['employee_id', 'Le code SAL-20417 figure partout.'],
      ['ip', 'Connexion depuis 2001:db8::1.'],
      ['url_token', 'Le lien https://click.example.com/ls/click?upn=aZ81bQk2LmXv9Pq3 suit mes clics.'],
    ];
    for (const [kind, text] of common) expect({ text, kinds: hintKinds(text) }).toEqual({ text, kinds: expect.arrayContaining([kind]) });
  });

  it('leaves ordinary words after a title and acronyms next to a name-like word alone', () => {
    for (const text of ['Monsieur le Directeur,', 'Madame la Présidente du CSE,', 'Madame, Monsieur,', 'Réunion CSE demain.', 'La DIRECTION refuse.', 'Identifiant SAP demandé.', 'il me dit que', 'dans la rue', 'à la place de Leïla']) {
      expect({ text, kinds: hintKinds(text) }).toEqual({ text, kinds: [] });
    }
  });

  it('errs towards warning where the delegates’ detector weighs the words around', () => {
    // An amount of hours, which the detector leaves: "N heures" still needs a cue.
    expect(hintKinds('J’ai fait 10h hier.')).toEqual(['time']);
    expect(hintKinds('On fait 35 heures.')).toEqual([]);
    // Any parameter may have been made for its reader; a plain address stays.
    expect(hintKinds('https://www.example.org/actu?lang=fr')).toEqual(['url_token']);
    expect(hintKinds('https://www.cgt.fr')).toEqual([]);
    // Overlapping kinds are all reported: the detector keeps only the address.
    expect(detect('9 bis rue du 8 Mai 1945').map((f) => f.kind)).toEqual(['address']);
    expect(hintKinds('9 bis rue du 8 Mai 1945')).toEqual(['address', 'date']);
  });
});
