/** Lower case without accents or ligatures, so "resume" finds "Résumé" and "oeuvre" finds "œuvre". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/œ/g, 'oe').replace(/æ/g, 'ae');
}

/** The folded words of a query; a testimony matches when its folded text holds every one. */
export function queryTerms(query: string): string[] {
  return fold(query).split(/\s+/).filter((word) => word !== '');
}

export function matches(foldedText: string, terms: readonly string[]): boolean {
  return terms.every((term) => foldedText.includes(term));
}
