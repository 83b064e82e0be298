/**
 * A campaign intro (the Markdown subset of docs/FORMATS.md) as plain paragraphs for print:
 * emphasis markers dropped, `- ` bullets shown as `•`, line breaks kept. Never HTML: the
 * flyer escapes what this returns.
 */
export function introParagraphs(intro: string): string[] {
  return intro
    .split(/\n[ \t]*\n/)
    .map((paragraph) =>
      paragraph
        .trim()
        .replace(/\*\*(\S(?:.*?\S)?)\*\*/g, '$1')
        .replace(/\*(\S(?:.*?\S)?)\*/g, '$1')
        .replace(/^- /gm, '• '),
    )
    .filter((paragraph) => paragraph !== '');
}
