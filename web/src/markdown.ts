/**
 * The campaign intro's Markdown subset (docs/FORMATS.md): paragraphs separated by a blank
 * line, `- ` bullet lists, `**bold**` and `*italic*`. Anything else stays text. The result is a
 * tree of plain values that a component renders node by node, so no string from the server is
 * ever parsed as HTML.
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'break' }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] };

export type Block = { kind: 'paragraph'; children: Inline[] } | { kind: 'list'; items: Inline[][] };

const BULLET = /^\s*- /;

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of source.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk.split('\n').filter((line) => line.trim() !== '');
    // Lines before, between or after bullets are paragraphs of their own.
    let paragraph: string[] = [];
    let list: Inline[][] = [];
    const flushParagraph = () => {
      if (paragraph.length > 0) blocks.push({ kind: 'paragraph', children: joinLines(paragraph) });
      paragraph = [];
    };
    const flushList = () => {
      if (list.length > 0) blocks.push({ kind: 'list', items: list });
      list = [];
    };
    for (const line of lines) {
      if (BULLET.test(line)) {
        flushParagraph();
        list.push(parseInline(line.replace(BULLET, '').trim()));
      } else {
        flushList();
        paragraph.push(line.trim());
      }
    }
    flushParagraph();
    flushList();
  }
  return blocks;
}

function joinLines(lines: string[]): Inline[] {
  return lines.flatMap((line, index): Inline[] => (index === 0 ? parseInline(line) : [{ kind: 'break' }, ...parseInline(line)]));
}

// Emphasis must hug its text (`* a *` stays as written), as in CommonMark.
const STRONG = /\*\*(?=\S)([\s\S]*?\S)\*\*/;
const EM = /\*(?=[^\s*])([\s\S]*?[^\s*])\*/;

/** Bold before italic, leftmost first; unmatched asterisks stay as they are. */
export function parseInline(text: string): Inline[] {
  const strong = STRONG.exec(text);
  const em = EM.exec(text);
  const match = strong !== null && (em === null || strong.index <= em.index) ? strong : em;
  if (match === null) return text === '' ? [] : [{ kind: 'text', text }];
  const before = text.slice(0, match.index);
  const after = text.slice(match.index + match[0].length);
  const node: Inline = { kind: match === strong ? 'strong' : 'em', children: parseInline(match[1]) };
  return [...(before === '' ? [] : [{ kind: 'text', text: before } as const]), node, ...parseInline(after)];
}
