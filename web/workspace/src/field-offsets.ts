/**
 * A text field's value has every line break as "\n" (HTML turns "\r\n" and a lone "\r" into one
 * "\n"), so after a "\r" its offsets drift from those of the text it shows. This gives the offset
 * in `text` of `fieldOffset`, an offset in the value of a field showing `text`.
 */
export function textOffset(text: string, fieldOffset: number): number {
  let offset = 0;
  for (let i = 0; i < fieldOffset && offset < text.length; i++) offset += text.startsWith('\r\n', offset) ? 2 : 1;
  return offset;
}
