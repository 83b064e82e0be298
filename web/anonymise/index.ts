/**
 * The anonymiser, for the delegate workspace and the CLI. The submission page imports
 * hint.ts alone, which loads no word list.
 */
export { PII_KINDS, type DetectOptions, type Finding, type PiiKind } from './kinds.js';
export { detect } from './detect.js';
export { anonymise, type AnonymiseOptions } from './anonymise.js';
export { Placeholders } from './placeholders.js';
export type { AnonymiseLocale } from './labels.js';
export { flagDetails, type Flag, type FlagKind } from './flags.js';
export { rareKey, rareWords, rareWordsInSteps } from './rare.js';
export { hintKinds } from './hint.js';
