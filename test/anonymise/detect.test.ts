/**
 * The detector kind by kind: what it must find (planted values, found as that kind and with
 * that span) and the traps it must leave alone, checksum failures included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect, PII_KINDS, type Finding, type PiiKind } from '../../web/anonymise/index.js';
import { hintKinds } from '../../web/anonymise/hint.js';
import { luhnValid } from '../../web/anonymise/luhn.js';

const found = (text: string, terms?: string[]) => detect(text, { terms }).map((f) => [f.kind, text.slice(f.start, f.end)]);
const kindsIn = (text: string) => new Set(detect(text).map((f) => f.kind));

/** [kind, sentence, the exact span expected]: each sentence plants one value. */
const POSITIVES: [PiiKind, string, string][] = [
  ['email', 'Écrivez à jean.dupont@boite-exemple.fr demain.', 'jean.dupont@boite-exemple.fr'],
  ['email', 'Mon adresse : CAMILLE.R75@YAHOO.FR, pas la pro.', 'CAMILLE.R75@YAHOO.FR'],
  ['email', 'Contact : s.benali (at) logistique-exemple.fr.', 's.benali (at) logistique-exemple.fr'],
  ['phone', 'Appelez le 06 12 34 56 78 après 18h.', '06 12 34 56 78'],
  ['phone', 'Portable : 06.12.34.56.78.', '06.12.34.56.78'],
  ['phone', 'Fixe : 01-45-67-23-89, poste 12.', '01-45-67-23-89'],
  ['phone', 'mon num c 0612345678 ok', '0612345678'],
  ['phone', 'Standard : +33 (0)1 42 68 53 00.', '+33 (0)1 42 68 53 00'],
  ['phone', 'Depuis l’étranger : +33 6 71 29 40 18.', '+33 6 71 29 40 18'],
  ['phone', 'Ancien numéro : 0033 6 12 98 44 71.', '0033 6 12 98 44 71'],
  ['phone', 'Au 06\u00a012\u00a034\u00a056\u00a078 (espaces insécables).', '06\u00a012\u00a034\u00a056\u00a078'],
  ['phone', 'En Belgique : +32 2 123 45 67.', '+32 2 123 45 67'],
  ['nir', 'Mon NIR : 1 85 05 78 006 084 91, merci.', '1 85 05 78 006 084 91'],
  ['nir', 'sécu 268051305514333 sur la fiche', '268051305514333'],
  ['nir', 'N° de sécu : 2 76 03 2A 123 456 04.', '2 76 03 2A 123 456 04'],
  ['iban', 'IBAN FR76 3000 6000 0112 3456 7890 189 pour le virement.', 'FR76 3000 6000 0112 3456 7890 189'],
  ['iban', 'RIB : FR7617569000401234567890115.', 'FR7617569000401234567890115'],
  ['iban', 'compte belge BE68 5390 0754 7034 encore ouvert', 'BE68 5390 0754 7034'],
  ['iban', 'iban fr76 3000 6000 0112 3456 7890 189 pour info', 'fr76 3000 6000 0112 3456 7890 189'],
  ['siret', 'SIRET 732 829 320 00017, établissement de Lyon.', '732 829 320 00017'],
  ['siret', 'SIREN 443 061 841.', '443 061 841'],
  ['siret', 'le SIRET 81234567604571 figure sur la facture', '81234567604571'],
  ['plate', 'Une Clio immatriculée AB-123-CD.', 'AB-123-CD'],
  ['plate', 'Le véhicule FT 902 LM est au chef.', 'FT 902 LM'],
  ['plate', 'ma voiture c ef-789-gh', 'ef-789-gh'],
  ['plate', 'Le camion 1234 AB 75 est en panne.', '1234 AB 75'],
  ['address', 'J’habite 12 bis rue de la Paix, à deux pas.', '12 bis rue de la Paix'],
  ['address', 'Le siège est au 45, boulevard Voltaire depuis mai.', '45, boulevard Voltaire'],
  ['address', 'Le dépôt est rue Marcel Pagnol, loin de tout.', 'rue Marcel Pagnol'],
  ['address', 'jhabite au 17 avenue des peupliers si tu passes', '17 avenue des peupliers'],
  ['address', 'Local : 9 bis rue du 8 Mai 1945, au fond.', '9 bis rue du 8 Mai 1945'],
  ['postcode', 'Envoyez à 75011 Paris.', '75011'],
  ['postcode', 'à Villeurbanne, 69100, depuis dix ans', '69100'],
  ['postcode', 'code postal 13008, Marseille', '13008'],
  ['date', 'Convoquée le 12 mars 2024 sans motif.', '12 mars 2024'],
  ['date', 'Réunion lundi 8 janvier.', 'lundi 8 janvier'],
  ['date', 'Depuis le 1er février, rien.', '1er février'],
  ['date', 'Avertissement du 04/11/2023.', '04/11/2023'],
  ['date', 'La réunion du 12.03.24 a duré.', '12.03.24'],
  ['date', 'Annoncé le 2023-11-07 par mail.', '2023-11-07'],
  ['date', 'dispo le 14/06 apres le boulot', '14/06'],
  ['date', 'rdv lundi 12 devant la porte', 'lundi 12'],
  ['date', 'aucune reponse depuis le 3 fevrier', '3 fevrier'],
  ['time', 'Convoqué à 14h30 pile.', '14h30'],
  ['time', 'Rendez-vous à 9 h 15 devant l’usine.', '9 h 15'],
  ['time', 'Le mail est arrivé à 23:47.', '23:47'],
  ['time', 'Rendez-vous à 10 heures, salle B.', '10 heures'],
  ['time', 'le bus de 6h10 est supprimé', '6h10'],
  ['time', 'Réveil vers 5 heures du matin.', '5 heures'],
  ['employee_id', 'Mon matricule est 458712.', '458712'],
  ['employee_id', 'Mon badge porte le numéro B-2231.', 'B-2231'],
  ['employee_id', 'Identifiant SAP : 7781234.', '7781234'],
  ['employee_id', 'mon matricule c 458 712 si besoin', '458 712'],
  ['employee_id', 'ID salarié E0087123 en haut de l’écran.', 'E0087123'],
  ['employee_id', 'Le code INT-20931 figure partout.', 'INT-20931'],
  ['employee_id', 'Le login mbenali_77 a été désactivé.', 'mbenali_77'],
  ['employee_id', 'Sur la fiche de paie : Matr. 458712.', '458712'],
  ['employee_id', 'Mon matricule ? 458712.', '458712'],
  ['employee_id', 'Code opérateur 4471 sur la ligne.', '4471'],
  ['employee_id', 'Mon NNI c’est 8812345.', '8812345'],
  ['employee_id', 'Le login j.dupont a été désactivé.', 'j.dupont'],
  ['ip', 'Le proxy a noté 192.168.10.24 à chaque connexion.', '192.168.10.24'],
  ['ip', 'Serveur : 2001:db8:85a3::8a2e:370:7334.', '2001:db8:85a3::8a2e:370:7334'],
  ['url_token', 'Lien : https://msurveys.example.com/s/8f3a9c2e71?uid=4471.', 'https://msurveys.example.com/s/8f3a9c2e71?uid=4471'],
  ['url_token', 'Voir https://click.example.com/ls/click?upn=aZ81bQk2LmXv9Pq3 (suivi).', 'https://click.example.com/ls/click?upn=aZ81bQk2LmXv9Pq3'],
  ['url_token', 'Reset : https://login.example.com/reset?user=mbenali&key=9f8e7d6c', 'https://login.example.com/reset?user=mbenali&key=9f8e7d6c'],
  ['name', 'Mme Dupont m’a appelée hier.', 'Dupont'],
  ['name', 'J’ai vu M. Lefèvre au portail.', 'Lefèvre'],
  ['name', 'Le Dr Nguyen m’a reçue.', 'Nguyen'],
  ['name', 'appelle mme benali elle sait', 'benali'],
  ['name', 'Signé : Jean DUPONT, cariste.', 'Jean DUPONT'],
  ['name', 'Sur la liste : LEBRETON Isabelle, et d’autres.', 'LEBRETON Isabelle'],
  ['name', 'Hier, Karim Benali a été convoqué.', 'Karim Benali'],
  ['name', 'jai vu karim ce matin', 'karim'],
  ['name', 'le nouveau c maxime dupuis il est sympa', 'maxime dupuis'],
  ['name', 'C’est Marie de La Tour qui a signé.', 'Marie de La Tour'],
  ['name', 'Pas de nouvelles d’Isabelle depuis lundi.', 'Isabelle'],
  ['name', 'Le chef, Trognon, nous a convoqués.', 'Trognon'],
  ['name', 'Hier Ahmed Ben Salah est parti.', 'Ahmed Ben Salah'],
];

describe.each(POSITIVES)('finds a %s', (kind, text, value) => {
  it(`in ${JSON.stringify(text)}`, () => {
    expect(found(text)).toContainEqual([kind, value]);
  });
});

/** Sentences in which nothing of `kind` may be found. */
const TRAPS: [PiiKind | 'anything', string][] = [
  ['anything', 'On fait 35 heures par semaine, pour 2 000 euros par mois.'],
  ['anything', 'L’article L. 1152-1 du Code du travail et l’article L4121-1 sont clairs.'],
  ['anything', 'En 2019, l’entreprise comptait 1 250 salariés ; en 2024, 870.'],
  ['anything', 'Orange, Teams et Viva Insights : voilà nos outils.'],
  ['anything', 'La salle 204 du bâtiment C sert de salle de pause.'],
  ['anything', 'Le CSE a voté contre par 12 voix contre 3, la CFDT et FO se sont abstenues.'],
  ['anything', 'Mars a été un mois terrible. Lundi, rien. En mars, trois démissions.'],
  ['anything', 'Personne ne nous a prévenus. Petit à petit, tout a changé.'],
  ['anything', 'Pour info, le site https://www.legifrance.gouv.fr donne le texte officiel.'],
  ['anything', 'J’ai pris la place de ma collègue, à ma place tu ferais pareil.'],
  ['anything', 'Madame, Monsieur, je vous écris au sujet de mon contrat.'],
  ['anything', 'Monsieur le Directeur, Madame la Présidente du CSE,'],
  ['anything', 'La version 1.2.3.4 du logiciel plante tous les jours.'],
  ['time', 'pff encore 2h de trajet ce soir, 35h par semaine'],
  ['time', 'Pendant 3 heures on a attendu. J’ai fait 10h d’affilée.'],
  ['time', 'Une journée de 12 heures, une pause de 2h, les 24h/24.'],
  ['date', 'Il travaille ici 24/7 et fait 3/4 du travail.'],
  ['nir', 'Le numéro 1 85 05 78 006 084 92 a une mauvaise clé.'],
  ['iban', 'La référence FR76 3000 6000 0112 3456 7890 188 échoue au mod-97.'],
  ['iban', 'Le RIB FR15 1009 6000 3012 3456 7891 234 a une clé RIB fausse.'],
  ['siret', 'Le bon 732 829 320 00018 échoue à Luhn.'],
  ['siret', 'La commande 732 829 321 échoue aussi.'],
  ['plate', 'Il en a vu 123 de plus le 123 de la rue.'],
  ['phone', 'Le 06/12/2024 14:30, puis le 06/12/2024 à 8h.'],
  ['name', 'Le technicien a utilisé Microsoft Forms et Google Meet.'],
  ['name', 'Bonjour, Cordialement, Merci.'],
  ['name', 'Il se marie en juin, pierre qui roule, une rose et la claire fontaine.'],
  ['name', 'Le chef du site de Vénissieux et celui de Corbas.'],
  ['employee_id', 'Mon badge ne marche plus depuis 2023.'],
  ['employee_id', 'Qui a accès aux badges ? Les 150 salariés du site.'],
  ['employee_id', 'Un code opérateur ? Non, 120 personnes le partagent.'],
  ['employee_id', 'Un fini mat. Il y a 150 salariés, de 6h à 14h mat. 250 personnes.'],
  ['employee_id', 'Échec et mat : 300 postes supprimés.'],
  ['employee_id', 'Mle Martin a fait 150 heures.'],
  ['employee_id', 'Staff no longer receive the 150 euro bonus, each employee no more than 200 hours.'],
  ['employee_id', 'Le login est bloqué. Mon identifiant est dans le fichier config.ini.'],
];

describe.each(TRAPS)('finds no %s', (kind, text) => {
  it(`in ${JSON.stringify(text)}`, () => {
    const kinds = kindsIn(text);
    if (kind === 'anything') expect(found(text)).toEqual([]);
    else expect(kinds.has(kind)).toBe(false);
  });
});

describe('checksums decide the kind', () => {
  it('a NIR, an IBAN, a SIRET and a SIREN with a good check are found, the same with a wrong one are not', () => {
    const good = 'NIR 1 85 05 78 006 084 91, IBAN FR76 3000 6000 0112 3456 7890 189, SIRET 732 829 320 00017, SIREN 443 061 841.';
    expect(detect(good).map((f) => f.kind)).toEqual(['nir', 'iban', 'siret', 'siret']);
    const bad = 'NIR 1 85 05 78 006 084 92, IBAN FR76 3000 6000 0112 3456 7890 188, SIRET 732 829 320 00018, SIREN 443 061 842.';
    const kinds = detect(bad).map((f) => f.kind);
    for (const kind of ['nir', 'iban', 'siret'] as const) expect(kinds).not.toContain(kind);
  });

  it('accepts key 98 only when it is the right key (french-ssn alone would accept any)', () => {
    expect(kindsIn('NIR 1 85 05 78 006 084 98').has('nir')).toBe(false);
  });

  it('takes La Poste’s SIRETs, which fail Luhn and pass INSEE’s own rule (digits adding up to a multiple of 5)', () => {
    expect(luhnValid('35600000000051')).toBe(false);
    expect(found('SIRET 356 000 000 00051')).toEqual([['siret', '356 000 000 00051']]);
    expect(found('SIRET 356 000 000 00052')).toEqual([]);
  });
});

describe('terms', () => {
  it('finds the delegate’s terms whatever their case, accents and spacing, as whole words', () => {
    const text = 'Sur le site de CORBAS, l’equipe  b a fait des nuits. Corbassien n’est pas Corbas.';
    expect(found(text, ['Corbas', 'équipe B'])).toEqual([
      ['term', 'CORBAS'],
      ['term', 'equipe  b'],
      ['term', 'Corbas'],
    ]);
  });

  it('marks a term as a term even when it is also a name', () => {
    expect(found('M. Garnier refuse les pauses.', ['Garnier'])).toEqual([['term', 'Garnier']]);
  });

  it('leaves what is left of a name that a term cuts', () => {
    expect(found('Karim Garnier est passé.', ['Garnier'])).toEqual([
      ['name', 'Karim'],
      ['term', 'Garnier'],
    ]);
  });

  it('ignores empty and punctuation-only terms', () => {
    expect(found('Rien ici.', ['', '  ', '...'])).toEqual([]);
  });
});

describe('typography', () => {
  it('reads curly apostrophes, narrow and non-breaking spaces like plain ones', () => {
    const text = 'Jusqu’au 12\u202fmars, appelez M.\u00a0Dupont au 06\u202f12\u202f34\u202f56\u202f78 à 14\u00a0h\u00a030.';
    expect(found(text)).toEqual([
      ['date', '12\u202fmars'],
      ['name', 'Dupont'],
      ['phone', '06\u202f12\u202f34\u202f56\u202f78'],
      ['time', '14\u00a0h\u00a030'],
    ]);
  });

  it('gives offsets in UTF-16 code units, emoji included', () => {
    const text = '😡😡 Appelez le 06 12 34 56 78 !';
    const [phone] = detect(text);
    expect(text.slice(phone.start, phone.end)).toBe('06 12 34 56 78');
  });
});

describe('placeholders', () => {
  it('finds nothing in the placeholders anonymise writes', () => {
    expect(detect('[Personne A] a appelé [Personne B] au [Téléphone] le [mars 2024] à [après-midi] ; [Terme A], [Matricule].')).toEqual([]);
  });
});

const sortedAndDisjoint = (findings: Finding[], length: number) =>
  findings.every((f, i) => f.start < f.end && f.end <= length && PII_KINDS.includes(f.kind) && (i === 0 || findings[i - 1].end <= f.start));

describe('on any string', () => {
  // Pieces that detectors react to, so that random strings reach their edge cases.
  const pieces = fc.constantFrom(
    ' ', '\n', '\u00a0', '’', '.', ',', '-', '/', ':', '@', '[', ']', '0', '6', '12', '34', '2A', 'h', '33', '+',
    'M.', 'Mme', 'Jean', 'DUPONT', 'karim', 'rue', 'de', 'la', 'Paix', 'mars', 'lundi', 'FR76', 'https://', 'www.', '?id=',
    'matricule', 'badge', 'é', '😡', '\ud800',
  );
  const texts = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.array(pieces, { maxLength: 120 }).map((p) => p.join('')));

  it('never throws and returns sorted, disjoint spans inside the text', () => {
    fc.assert(
      fc.property(texts, fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }), (text, terms) => {
        const findings = detect(text, { terms });
        expect(sortedAndDisjoint(findings, text.length)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('the hint never throws and reports only known kinds', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(hintKinds(text).every((k) => PII_KINDS.includes(k))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('returns on long adversarial strings (figures in the report, not asserted)', () => {
    const adversarial = [
      'a'.repeat(60_000),
      '1 '.repeat(30_000),
      '0'.repeat(60_000),
      'a@'.repeat(30_000),
      'Jean '.repeat(12_000),
      'M. '.repeat(20_000),
      '12 rue '.repeat(8_500),
      'https://x.fr/' + 'a1/'.repeat(20_000),
      'matricule '.repeat(6_000),
      'je suis '.repeat(7_500),
      '06 12 34 56 78 '.repeat(4_000),
      '1.1.1.'.repeat(10_000),
      'FR76 '.repeat(12_000),
      '[Personne '.repeat(6_000),
    ];
    for (const text of adversarial) expect(sortedAndDisjoint(detect(text), text.length)).toBe(true);
  });
});
