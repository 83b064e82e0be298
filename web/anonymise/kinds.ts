/** The kinds of personal data the anonymiser finds, in the order reports list them. */
export const PII_KINDS = [
  'name',
  'email',
  'phone',
  'nir',
  'iban',
  'siret',
  'plate',
  'address',
  'postcode',
  'date',
  'time',
  'employee_id',
  'ip',
  'url_token',
  'term',
] as const;

export type PiiKind = (typeof PII_KINDS)[number];

/** A span of the text, in UTF-16 code unit offsets: text.slice(start, end). */
export interface Finding {
  kind: PiiKind;
  start: number;
  end: number;
}

export interface DetectOptions {
  /** The delegate's own sensitive terms (managers, sites, teams), matched without regard to case or accents. */
  terms?: readonly string[];
}
