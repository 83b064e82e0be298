/**
 * Markdown export: whatever a testimony says, it stays text inside its blockquote. The rules a
 * line must follow to be inert are written again here, apart from markdown.ts, and checked on
 * any text; unescaping then gives the text back.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quotesMarkdown } from '../../web/workspace/src/core/export.js';
import { labels } from './export-fixtures.js';

/** The one blockquote written for a text, without the title. */
function quoteBlock(text: string): string {
  const markdown = quotesMarkdown([{ text, tags: [] }], { title: 'T', labels });
  expect(markdown.startsWith('# T\n\n')).toBe(true);
  expect(markdown.endsWith('\n')).toBe(true);
  return markdown.slice('# T\n\n'.length, -1);
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
/** Characters that start Markdown anywhere in a line, under CommonMark and GitHub's extensions. */
const ACTIVE = new Set('\\`*_[]<>&|~$#{}@');

/**
 * Reads a line as a Markdown parser would see its escapes: the text it shows, whether it ends
 * with a hard break, and the first character that is active and not escaped, if any.
 */
function readLine(line: string): { text: string; hardBreak: boolean; active: string | null } {
  let text = '';
  let active: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length && ASCII_PUNCTUATION.test(line[i + 1])) {
      text += line[++i];
      continue;
    }
    if (c === '\\' && i + 1 === line.length) return { text, hardBreak: true, active };
    const link = (c === ':' && line.startsWith('//', i + 1)) || (c === '.' && /(^|[^\p{L}\p{N}_])www$/iu.test(line.slice(0, i)));
    if (active === null && (ACTIVE.has(c) || link)) active = c;
    text += c;
  }
  return { text, hardBreak: false, active };
}

describe('quotesMarkdown', () => {
  it('writes the title, each quote as a blockquote keeping its lines, and its tags after it', () => {
    const quotes = [
      { text: 'Le chef a dit "tais-toi", puis\nil est parti.\n\nDeux semaines après, rien.', tags: ['Surveillance / Teams', 'Horaires'] },
      { text: 'Personne ne répond.', tags: [] },
    ];
    expect(quotesMarkdown(quotes, { title: 'Témoignages — mars', labels })).toBe(
      '# Témoignages — mars\n' +
        '\n' +
        '> Le chef a dit "tais-toi", puis\\\n' +
        '> il est parti.\n' +
        '>\n' +
        '> Deux semaines après, rien.\n' +
        '\n' +
        'Thèmes — Surveillance / Teams, Horaires\n' +
        '\n' +
        '> Personne ne répond.\n',
    );
  });

  it('writes the title alone for no quote', () => {
    expect(quotesMarkdown([], { title: 'Vide', labels })).toBe('# Vide\n');
  });

  it.each([
    ['<script>alert(1)</script>', '\\<script\\>alert(1)\\</script\\>'],
    ['<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert(1)\\>'],
    ['[x](http://evil.test)', '\\[x\\](http\\://evil.test)'],
    ['![](http://evil.test/p.png)', '!\\[\\](http\\://evil.test/p.png)'],
    ['[ref]: http://evil.test', '\\[ref\\]: http\\://evil.test'],
    ['[^1]: note', '\\[^1\\]: note'],
    ['<http://evil.test>', '\\<http\\://evil.test\\>'],
    ['www.evil.test et WWW.evil.test', 'www\\.evil.test et WWW\\.evil.test'],
    ['moi@exemple.fr', 'moi\\@exemple.fr'],
    ['# titre', '\\# titre'],
    ['```js', '\\`\\`\\`js'],
    ['~~~', '\\~\\~\\~'],
    ['`code`', '\\`code\\`'],
    ['> cité', '\\> cité'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['* item', '\\* item'],
    ['1. item', '1\\. item'],
    ['12) item', '12\\) item'],
    ['===', '\\==='],
    ['---', '\\---'],
    ['| a | b |', '\\| a \\| b \\|'],
    ['&amp; &#x3C;', '\\&amp; \\&\\#x3C;'],
    ['*gras* _italique_ ~~barré~~', '\\*gras\\* \\_italique\\_ \\~\\~barré\\~\\~'],
    ['$x^2$', '\\$x^2\\$'],
    ['{: .classe}', '\\{: .classe\\}'],
    [': définition', '\\: définition'],
    ['a \\ b', 'a \\\\ b'],
    ['    bloc de code', 'bloc de code'],
    ['\tbloc de code', 'bloc de code'],
    ['Prix : 5 €, à 14h. Ah ! (sic) =SOMME(A1) 3 - 2', 'Prix : 5 €, à 14h. Ah ! (sic) =SOMME(A1) 3 - 2'],
    ['bip\u0007 \u001b[2J', 'bip\ufffd \ufffd\\[2J'],
  ])('makes %j inert', (text, line) => {
    expect(quoteBlock(text)).toBe(`> ${line}`);
  });

  it('keeps a multi-line quote inside one blockquote, whatever its lines start with', () => {
    const text = 'Premier.\r\n> pas une citation\n\n\n# pas un titre\r\n   \n```\nfin';
    expect(quoteBlock(text)).toBe(
      ['> Premier.\\', '> \\> pas une citation', '>', '>', '> \\# pas un titre', '>', '> \\`\\`\\`\\', '> fin'].join('\n'),
    );
  });

  it('escapes the title and the tags', () => {
    const markdown = quotesMarkdown([{ text: 'x', tags: ['[lien](http://evil.test)', '<b>'] }], { title: '# <b>Titre</b>\nsuite', labels });
    expect(markdown).toBe(
      '# \\# \\<b\\>Titre\\</b\\> suite\n\n> x\n\nThèmes — \\[lien\\](http\\://evil.test), \\<b\\>\n',
    );
  });

  it('leaves nothing active in any text, breaks only where the text does, and gives the text back', () => {
    const risky = fc.constantFrom('\\', '`', '*', '_', '[', ']', '<', '>', '&', '|', '~', '$', '#', '{', '}', '@', '!', '(', ')', ':', '/', '.', 'w', '-', '+', '=', '1', ' ', '\t', '\n', '\r', 'a', 'é');
    const text = fc.oneof(fc.string({ unit: risky, maxLength: 60 }), fc.string({ unit: 'binary' }));
    fc.assert(
      fc.property(text, (input) => {
        const lines = quoteBlock(input).split('\n');
        const read = lines.map((line) => {
          if (line === '>') return { text: '', hardBreak: false, active: null };
          expect(line.startsWith('> ')).toBe(true);
          const content = line.slice(2);
          expect(content).not.toMatch(/^(\s|[-+=:]|\d+[.)])/);
          return readLine(content);
        });
        read.forEach((line, i) => {
          expect(line.active).toBeNull();
          expect(line.hardBreak).toBe(line.text !== '' && i + 1 < read.length && read[i + 1].text !== '');
        });
        const expected = input
          .replace(/\r\n?/g, '\n')
          .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
          .trim()
          .split('\n')
          .map((line) => line.trim());
        expect(read.map((line) => line.text)).toEqual(expected);
      }),
    );
  });
});
