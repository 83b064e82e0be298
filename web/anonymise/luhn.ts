/** The Luhn check SIREN and SIRET numbers carry: digits only, true when the sum ends in 0. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

// La Poste's establishments share the SIREN 356000000 and fail Luhn: INSEE checks that the
// SIRET's digits add up to a multiple of 5 instead.
const LA_POSTE = '356000000';

/** A 9-digit SIREN or 14-digit SIRET whose check holds (digits only). */
export function sirenOrSiretValid(digits: string): boolean {
  if (digits.length === 14 && digits.startsWith(LA_POSTE) && digits !== LA_POSTE + '00000') {
    return [...digits].reduce((sum, d) => sum + Number(d), 0) % 5 === 0;
  }
  return luhnValid(digits);
}
