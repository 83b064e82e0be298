/**
 * The anonymiser in Node, on testimonies of about 2 KB: finding personal data in one text,
 * anonymising a whole set as an export does (one Placeholders, so that a person keeps one
 * letter throughout), the words rare across the set, and the submission page's live hint.
 */
import { anonymise, detect, flagDetails, hintKinds, Placeholders, rareWords } from '../web/anonymise/index.js';
import { median, thousands, type Figure } from './figures.js';
import { benchTestimonies } from './testimonies.js';

const TEXTS = Number(process.env.BENCH_ANONYMISE_TEXTS ?? 10_000);
/** Texts timed one by one for the per-text figures. */
const TIMED_TEXTS = 500;
/** The length hint.ts promises to follow keystroke by keystroke. */
const HINT_CHARS = 10_000;
const HINT_CALLS = 200;
const RARE_WORDS_REPEATS = 3;

/** Microseconds `work` takes on each item, after an untimed first pass that lets the JIT settle. */
function microsecondsEach<T>(items: readonly T[], work: (item: T) => unknown): number[] {
  for (const item of items) work(item);
  return items.map((item) => {
    const began = performance.now();
    work(item);
    return (performance.now() - began) * 1000;
  });
}

function milliseconds(work: () => unknown): number {
  const began = performance.now();
  work();
  return performance.now() - began;
}

export function anonymiseFigures(): Figure[] {
  const texts = benchTestimonies(TEXTS).map((t) => t.text);
  const timed = texts.slice(0, TIMED_TEXTS);
  const detectEach = microsecondsEach(timed, (text) => detect(text));
  const rareTimes = Array.from({ length: RARE_WORDS_REPEATS }, () => milliseconds(() => rareWords(texts)));
  const rare = rareWords(texts);
  const flagEach = microsecondsEach(timed, (text) => flagDetails(text, { rare }));
  const placeholders = new Placeholders('fr');
  const anonymiseAll = milliseconds(() => texts.forEach((text) => anonymise(text, { placeholders })));
  const long = texts.join(' ').slice(0, HINT_CHARS);
  const hintEach = microsecondsEach(Array.from({ length: HINT_CALLS }, () => long), hintKinds);
  return [
    { name: 'anonymise_detect_2kb_us', value: median(detectEach), unit: 'us' },
    { name: `anonymise_${thousands(TEXTS)}_s`, value: anonymiseAll / 1000, unit: 's' },
    { name: `anonymise_rare_words_${thousands(TEXTS)}_ms`, value: median(rareTimes), unit: 'ms' },
    { name: 'anonymise_flags_2kb_us', value: median(flagEach), unit: 'us' },
    { name: 'hint_10k_chars_us', value: median(hintEach), unit: 'us' },
  ];
}
