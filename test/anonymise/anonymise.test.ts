/**
 * What anonymised text reads like: every finding replaced, the same person under the same
 * letter across the texts of one export and across sets that remember each other's letters,
 * dates and times coarsened, French or English words.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anonymise, detect, Placeholders } from '../../web/anonymise/index.js';
import { clashingPlaceholders, type PlaceholderAssignment } from '../../web/anonymise/placeholders.js';

describe('anonymise', () => {
  it('replaces every kind with its placeholder, and returns the findings in the original text', () => {
    const text =
      'Mme Dupont (jean.dupont@boite.fr, 06 12 34 56 78, NIR 1 85 05 78 006 084 91, IBAN FR76 3000 6000 0112 3456 7890 189, ' +
      'SIRET 732 829 320 00017, voiture AB-123-CD, 12 rue de la Paix, 75002 Paris, matricule 458712, IP 10.0.3.57, ' +
      'lien https://msurveys.example.com/s/8f3a9c2e71?uid=4471) m’a appelée le 12 mars 2024 à 14h30 depuis Corbas.';
    const result = anonymise(text, { terms: ['Corbas'] });
    expect(result.text).toBe(
      'Mme [Personne A] ([E-mail], [Téléphone], NIR [N° de sécurité sociale], IBAN [IBAN], SIRET [SIRET], voiture [Immatriculation], ' +
        '[Adresse], [Code postal] Paris, matricule [Matricule], IP [Adresse IP], lien [Lien personnel]) m’a appelée le [mars 2024] ' +
        'à [après-midi] depuis [Terme A].',
    );
    expect(result.findings).toEqual(detect(text, { terms: ['Corbas'] }));
    expect(text.slice(result.findings[0].start, result.findings[0].end)).toBe('Dupont');
  });

  it('leaves a text with nothing to replace as it is', () => {
    const text = 'On fait 35 heures, la prime est de 2 000 euros, l’article L. 1152-1 s’applique.';
    expect(anonymise(text)).toEqual({ text, findings: [] });
  });

  it('finds nothing more in its own output, and a second pass changes nothing', () => {
    const once = anonymise('Karim Benali (06 12 34 56 78) et M. Dupont, le 3 février à 8h, au 12 rue des Lilas.').text;
    expect(detect(once)).toEqual([]);
    expect(anonymise(once).text).toBe(once);
  });

  it('writes English placeholders when asked', () => {
    const { text } = anonymise('Mme Dupont, 06 12 34 56 78, le 12/03/2024 à 21h, 75011 Paris.', { locale: 'en' });
    expect(text).toBe('Mme [Person A], [Phone], le [March 2024] à [evening], [Postcode] Paris.');
  });
});

describe('placeholders across one export', () => {
  it('keeps one letter per person across texts: "M. Dupont", "Dupont" and "Jean Dupont" are one person', () => {
    const placeholders = new Placeholders();
    const texts = [
      'M. Dupont a convoqué Karim Benali.',
      'Dupont, encore lui, a crié sur Sophie.',
      'Jean Dupont et karim benali se sont disputés ; Karim est parti.',
      'Sophie MARTIN a tout vu.',
    ].map((t) => anonymise(t, { placeholders }).text);
    expect(texts).toEqual([
      'M. [Personne A] a convoqué [Personne B].',
      '[Personne A], encore lui, a crié sur [Personne C].',
      '[Personne A] et [Personne B] se sont disputés ; [Personne B] est parti.',
      '[Personne C] a tout vu.',
    ]);
  });

  it('gives a new letter rather than guess when a first name could be several people', () => {
    const placeholders = new Placeholders();
    const a = placeholders.replacement('name', 'Jean Dupont');
    const b = placeholders.replacement('name', 'Jean Martin');
    expect([a, b, placeholders.replacement('name', 'Jean')]).toEqual(['[Personne A]', '[Personne B]', '[Personne C]']);
  });

  it('keeps terms apart from people, with their own letters, whatever their case and accents', () => {
    const placeholders = new Placeholders();
    const out = ['Équipe B et Karim.', 'L’equipe b, Vénissieux et Karim.'].map((t) => anonymise(t, { terms: ['équipe B', 'Vénissieux'], placeholders }).text);
    expect(out).toEqual(['[Terme A] et [Personne A].', 'L’[Terme A], [Terme B] et [Personne A].']);
  });

  it('counts letters past Z as AA, AB…', () => {
    const placeholders = new Placeholders('en');
    const letters = Array.from({ length: 28 }, (_, i) => placeholders.replacement('name', `Nom${String.fromCharCode(97 + (i % 26))}${i}`));
    expect(letters.slice(24)).toEqual(['[Person Y]', '[Person Z]', '[Person AA]', '[Person AB]']);
  });
});

describe('placeholders remembered across sessions and delegates', () => {
  const person = (key: string, placeholder: string): PlaceholderAssignment => ({ kind: 'name', key, placeholder });

  it('reads back what it gave, one assignment per value, names as compared and terms folded', () => {
    const placeholders = new Placeholders();
    anonymise('M. Dupont a vu Jean-Marc Benali, puis Dupont est revenu à Vénissieux.', { terms: ['Vénissieux'], placeholders });
    expect(placeholders.assignments()).toEqual([
      person('dupont', '[Personne A]'),
      person('jean marc benali', '[Personne B]'),
      { kind: 'term', key: 'venissieux', placeholder: '[Terme A]' },
    ]);
  });

  it('gives a remembered value its letter again, and a new one the next free letter', () => {
    const before = new Placeholders();
    anonymise('Mme Garnier a signé.', { placeholders: before });
    const after = new Placeholders('fr', before.assignments());
    expect(anonymise('M. Lefebvre et Mme GARNIER, puis Sophie Garnier.', { placeholders: after }).text).toBe(
      'M. [Personne B] et Mme [Personne A], puis [Personne A].',
    );
  });

  it('never gives a remembered letter to another value, even one a value no longer counts by', () => {
    const placeholders = new Placeholders('fr', [
      person('garnier', '[Personne A]'),
      person('garnier', '[Personne B]'),
      person('lefebvre', '[Personne D]'),
      { kind: 'term', key: 'site nord', placeholder: '[Terme A]' },
    ]);
    expect(['Garnier', 'Karim', 'Sophie', 'Lefebvre', 'Julie'].map((name) => placeholders.replacement('name', name))).toEqual([
      '[Personne A]',
      '[Personne C]',
      '[Personne E]',
      '[Personne D]',
      '[Personne F]',
    ]);
    expect(placeholders.replacement('term', 'Site  Nord')).toBe('[Terme A]');
    expect(placeholders.replacement('term', 'Corbas')).toBe('[Terme B]');
  });

  it('ignores a remembered placeholder it would not write: another language or kind, a malformed text', () => {
    const placeholders = new Placeholders('fr', [
      person('dupont', 'Dupont'),
      person('martin', '[Person A]'),
      person('garnier', '[Terme A]'),
      person('benali', '[Personne a]'),
      { kind: 'phone', key: '0612345678', placeholder: '[Personne A]' } as unknown as PlaceholderAssignment,
    ]);
    expect(['Dupont', 'Martin', 'Garnier', 'Benali'].map((name) => placeholders.replacement('name', name))).toEqual([
      '[Personne A]',
      '[Personne B]',
      '[Personne C]',
      '[Personne D]',
    ]);
  });

  it('gives, across sessions that remember each other, the letters one session would have given', () => {
    const NAMES = ['Dupont', 'Jean Dupont', 'M. Martin', 'Karim Benali', 'karim', 'Sophie MARTIN', 'Garnier', 'Jean', 'Jean Martin', 'Benali'];
    const name = fc.nat(NAMES.length - 1).map((i) => NAMES[i]);
    fc.assert(
      fc.property(fc.array(fc.array(name, { maxLength: 6 }), { maxLength: 5 }), (sessions) => {
        const whole = new Placeholders();
        const expected = sessions.flat().map((n) => whole.replacement('name', n));
        let remembered: PlaceholderAssignment[] = [];
        const got = sessions.flatMap((names) => {
          const placeholders = new Placeholders('fr', remembered);
          const out = names.map((n) => placeholders.replacement('name', n));
          remembered = placeholders.assignments();
          return out;
        });
        expect(got).toEqual(expected);
        expect(clashingPlaceholders(remembered)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('reports a letter given to people no shared name links, or to two terms', () => {
    expect(clashingPlaceholders([person('garnier', '[Personne A]'), person('lefebvre', '[Personne A]'), person('martin', '[Personne B]')])).toEqual([
      { placeholder: '[Personne A]', assignments: [person('garnier', '[Personne A]'), person('lefebvre', '[Personne A]')] },
    ]);
    const chained = [person('jean', '[Personne A]'), person('dupont', '[Personne A]'), person('jean dupont', '[Personne A]')];
    expect(clashingPlaceholders(chained)).toEqual([]);
    expect(clashingPlaceholders([...chained, person('marie martin', '[Personne A]')])).toHaveLength(1);
    const terms: PlaceholderAssignment[] = [
      { kind: 'term', key: 'site nord', placeholder: '[Terme A]' },
      { kind: 'term', key: 'corbas', placeholder: '[Terme A]' },
    ];
    expect(clashingPlaceholders(terms)).toEqual([{ placeholder: '[Terme A]', assignments: terms }]);
    expect(clashingPlaceholders([person('garnier', '[Personne A]'), person('garnier', '[Personne A]')])).toEqual([]);
  });
});

describe('coarsening', () => {
  const fr = new Placeholders('fr');
  it.each([
    ['12 mars 2024', '[mars 2024]'],
    ['lundi 8 janvier', '[janvier]'],
    ['1er fevrier', '[février]'],
    ['12/03/2024', '[mars 2024]'],
    ['12.03.85', '[mars 1985]'],
    ['12/03/24', '[mars 2024]'],
    ['2023-11-07', '[novembre 2023]'],
    ['du 3 au 5 mai', '[mai]'],
    ['lundi 12', '[Date]'],
    ['14/06', '[juin]'],
  ])('a date %j becomes %j', (value, expected) => {
    expect(fr.replacement('date', value)).toBe(expected);
  });

  it.each([
    ['7h30', '[matin]'],
    ['14h30', '[après-midi]'],
    ['18:45', '[soir]'],
    ['23h', '[nuit]'],
    ['3h', '[nuit]'],
    ['8 heures du soir', '[soir]'],
    ['midi', '[Heure]'],
  ])('a time %j becomes %j', (value, expected) => {
    expect(fr.replacement('time', value)).toBe(expected);
  });
});

describe('on any string', () => {
  it('never throws, and leaves every character outside the findings untouched', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const { text: out, findings } = anonymise(text);
        const untouched = [...findings.map((f, i) => text.slice(i === 0 ? 0 : findings[i - 1].end, f.start)), text.slice(findings.at(-1)?.end ?? 0)];
        let cursor = 0;
        for (const piece of untouched) {
          const at = out.indexOf(piece, cursor);
          expect(at).toBeGreaterThanOrEqual(cursor);
          cursor = at + piece.length;
        }
        if (findings.length === 0) expect(out).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
