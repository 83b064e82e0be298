// @zxcvbn-ts/language-fr ships types for its index only; its lists are imported one by one
// (the index would also load a 340 KB Wikipedia list this module has no use for).
declare module '@zxcvbn-ts/language-fr/dist/commonWords.json.mjs' {
  const words: string[];
  export default words;
}
declare module '@zxcvbn-ts/language-fr/dist/firstnames.json.mjs' {
  const words: string[];
  export default words;
}
declare module '@zxcvbn-ts/language-fr/dist/lastnames.json.mjs' {
  const words: string[];
  export default words;
}
