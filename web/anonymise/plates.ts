/**
 * French licence plates: the current AB-123-CD (letters without I, O and U), and the old
 * 1234 AB 75 (department last). Lowercase only with dashes or written together, so that
 * "le 123 de" is never a plate; the old shape only when a vehicle is mentioned nearby.
 */
import type { Finding } from './kinds.js';

const L = '[A-HJ-NP-TV-Z]';
const l = '[a-hj-np-tv-z]';
const CURRENT = new RegExp(
  `(?<![\\p{L}\\p{N}-])(?:${L}{2}[- ]?[0-9]{3}[- ]?${L}{2}|${l}{2}-?[0-9]{3}-?${l}{2})(?![\\p{L}\\p{N}]|-[\\p{L}\\p{N}])`,
  'gu',
);
const OLD = /(?<![\p{L}\p{N}-])[0-9]{1,4}[- ]?[A-Z]{1,3}[- ]?(?:0[1-9]|[1-8][0-9]|9[0-5]|2[AB]|97[1-6])(?![\p{L}\p{N}])/gu;
const VEHICLE = /(?:immatricul|plaque|voiture|véhicule|vehicule|camion|camionnette|fourgon|utilitaire|moto|scooter|auto|bagnole|caisse|van)/i;

/** Licence plates in `text` (spaces already unified). */
export function findPlates(text: string): Finding[] {
  const found: Finding[] = [];
  for (const match of text.matchAll(CURRENT)) found.push({ kind: 'plate', start: match.index, end: match.index + match[0].length });
  for (const match of text.matchAll(OLD)) {
    const around = text.slice(Math.max(0, match.index - 60), match.index + match[0].length + 30);
    if (VEHICLE.test(around)) found.push({ kind: 'plate', start: match.index, end: match.index + match[0].length });
  }
  return found;
}
