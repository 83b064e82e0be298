/**
 * What is flagged for review before publishing: rare words across the testimonies, feminine
 * first-person forms, health, disability and union words.
 */
import { describe, expect, it } from 'vitest';
import { flagDetails, rareKey, rareWords, rareWordsInSteps, type FlagKind } from '../../web/anonymise/index.js';

const flagged = (text: string, rare?: ReadonlySet<string>) => flagDetails(text, { rare }).map((f) => [f.kind, text.slice(f.start, f.end)]);
const only = (text: string, kind: FlagKind) => flagged(text).filter(([k]) => k === kind).map(([, word]) => word);

describe('rareWords', () => {
  const texts = [
    'Je suis grutière sur le chantier depuis dix ans.',
    'Le chantier a encore pris du retard, le grutier est parti.',
    'Sur le chantier, la pelleteuse du contremaître est en panne.',
  ];

  it('keeps the words of at most one text that are not common French words', () => {
    const rare = rareWords(texts);
    expect(rare).toContain('grutiere');
    expect(rare).toContain('grutier');
    expect(rare).toContain('pelleteuse');
    expect(rare).not.toContain('chantier');
    expect(rare).not.toContain('panne');
    expect(rare).not.toContain('suis');
  });

  it('counts texts, not occurrences, up to maxDocuments', () => {
    const rare = rareWords(['la pelleteuse, la pelleteuse', 'une pelleteuse', 'un tractopelle'], { maxDocuments: 2 });
    expect(rare).toContain('pelleteuse');
    expect(rareWords(['la pelleteuse', 'une pelleteuse', 'la pelleteuse'], { maxDocuments: 2 })).not.toContain('pelleteuse');
  });

  it('reads "l’ingénieure" as "ingenieure", accents and case aside', () => {
    expect(rareKey('l’Ingénieure')).toBe('ingenieure');
    expect(rareKey('qu’')).toBeNull();
  });

  it('returns nothing for no texts', () => {
    expect(rareWords([])).toEqual(new Set());
  });

  it('finds the same words in steps, pausing between slices', async () => {
    const many = Array.from({ length: 23 }, (_, i) => `${texts[i % 3]} Témoin numéro ${i}, mot${'x'.repeat(i % 5)}.`);
    let pauses = 0;
    const stepped = await rareWordsInSteps(many, async () => void pauses++, { slice: 5 });
    expect(stepped).toEqual(rareWords(many));
    expect(pauses).toBe(5);
    expect(await rareWordsInSteps([], async () => void pauses++)).toEqual(new Set());
  });
});

describe('flagDetails', () => {
  it('flags the rare words it is given, by their keys', () => {
    const rare = rareWords(['Je suis grutière.', 'Je suis cariste.', 'Je suis cariste aussi.']);
    expect(flagged('Une Grutière a parlé au cariste.', rare)).toEqual([['rare', 'Grutière']]);
  });

  it.each([
    ['Je suis allée voir le chef.', 'allée'],
    ['je suis allee voir le chef', 'allee'],
    ['Le chef m’a convoquée lundi.', 'convoquée'],
    ['Je me suis sentie humiliée.', 'sentie'],
    ['Moi qui suis la seule à parler…', 'la seule'],
    ['Je ne suis pas contente du tout.', 'contente'],
    ['Je suis technicienne de maintenance.', 'technicienne'],
    ['Je suis enceinte de cinq mois.', 'enceinte'],
    ['J’ai été licenciée en mars.', 'licenciée'],
    ['Je suis vraiment épuisée.', 'épuisée'],
  ])('flags the feminine first person in %j', (text, word) => {
    expect(only(text, 'feminine')).toContain(word);
  });

  it.each(['Je suis allé voir le chef.', 'Je suis là depuis 8h.', 'Je suis malade et triste.', 'Elle est allée voir le chef.', 'Je suis cadre, il m’a convoqué.'])(
    'flags no feminine form in %j',
    (text) => {
      expect(only(text, 'feminine')).toEqual([]);
    },
  );

  it.each([
    ['health', 'Après ma chimio, on m’a mise au placard.', 'chimio'],
    ['health', 'Mon burn-out a été reconnu.', 'burn-out'],
    ['health', 'Un arrêt maladie de trois semaines.', 'arrêt maladie'],
    ['disability', 'Je suis reconnue RQTH depuis 2020.', 'RQTH'],
    ['disability', 'Le poste aménagé pour mon fauteuil roulant.', 'fauteuil roulant'],
    ['union', 'Je suis syndiquée depuis deux ans.', 'syndiquée'],
    ['union', 'Élue CSE, je suis ciblée.', 'Élue'],
    ['union', 'Élue CSE, je suis ciblée.', 'CSE'],
    ['union', 'Un adhérent de SUD a été muté.', 'SUD'],
  ] as [FlagKind, string, string][])('flags %s in %j', (kind, text, word) => {
    expect(only(text, kind)).toContain(word);
  });

  it('reads "sud" in lowercase as the direction, not the union', () => {
    expect(only('Le dépôt du sud de la ville.', 'union')).toEqual([]);
  });

  it('returns flags sorted by start, never inside a placeholder', () => {
    const text = 'Ma chimio, mon burn-out et [Matricule] : je suis syndiquée, [Personne A] aussi.';
    const flags = flagDetails(text, { rare: rareWords([text]) });
    expect(flags.map((f) => f.start)).toEqual([...flags.map((f) => f.start)].sort((a, b) => a - b));
    expect(flags.map((f) => text.slice(f.start, f.end))).not.toContain('Matricule');
    expect(flags.map((f) => text.slice(f.start, f.end))).not.toContain('Personne');
  });

  it('flags nothing in an empty text', () => {
    expect(flagDetails('')).toEqual([]);
  });
});
