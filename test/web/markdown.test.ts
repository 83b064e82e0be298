import { describe, expect, it } from 'vitest';
import { parseMarkdown, parseInline } from '../../web/src/markdown.js';

const text = (t: string) => ({ kind: 'text', text: t });

describe('the intro Markdown subset', () => {
  it('splits paragraphs on blank lines and keeps single line breaks', () => {
    expect(parseMarkdown('Un\ndeux\n\n  \nTrois')).toEqual([
      { kind: 'paragraph', children: [text('Un'), { kind: 'break' }, text('deux')] },
      { kind: 'paragraph', children: [text('Trois')] },
    ]);
  });

  it('reads `- ` lines as a list, with the paragraphs around it', () => {
    expect(parseMarkdown('Avant :\n- un\n- **deux**\nAprès')).toEqual([
      { kind: 'paragraph', children: [text('Avant :')] },
      { kind: 'list', items: [[text('un')], [{ kind: 'strong', children: [text('deux')] }]] },
      { kind: 'paragraph', children: [text('Après')] },
    ]);
  });

  it('reads bold and italic, nested, and leaves unmatched or loose asterisks as text', () => {
    expect(parseInline('a **b *c* d** e')).toEqual([
      text('a '),
      { kind: 'strong', children: [text('b '), { kind: 'em', children: [text('c')] }, text(' d')] },
      text(' e'),
    ]);
    expect(parseInline('*seul')).toEqual([text('*seul')]);
    expect(parseInline('2 * 3 * 4')).toEqual([text('2 * 3 * 4')]);
    expect(parseInline('')).toEqual([]);
  });

  it('keeps markup of any other kind as plain text, never as HTML', () => {
    const source = '# Titre\n[lien](https://example.org) <b>gras</b> `code` &amp;';
    const blocks = parseMarkdown(source);
    expect(blocks).toEqual([{ kind: 'paragraph', children: [text('# Titre'), { kind: 'break' }, text('[lien](https://example.org) <b>gras</b> `code` &amp;')] }]);
  });

  it('reads Windows line ends like Unix ones', () => {
    expect(parseMarkdown('a\r\n\r\nb')).toEqual(parseMarkdown('a\n\nb'));
  });
});
