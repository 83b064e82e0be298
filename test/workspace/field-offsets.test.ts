import { describe, expect, it } from 'vitest';
import { textOffset } from '../../web/workspace/src/field-offsets.js';

/** What a text field's value is for `text`: HTML's normalisation of line breaks. */
const fieldValue = (text: string) => text.replace(/\r\n?/g, '\n');

describe('textOffset', () => {
  it('is the field offset itself for a text without "\\r"', () => {
    const text = 'Bonjour.\nMme Garnier lit nos messages.';
    for (let i = 0; i <= text.length; i++) expect(textOffset(text, i)).toBe(i);
  });

  it('maps every offset of a field showing "\\r\\n" and lone "\\r" line breaks back onto the text', () => {
    const text = 'Un.\r\nDeux.\rTrois.\r\n\r\nQuatre é\u0301.';
    const value = fieldValue(text);
    expect(value).not.toBe(text);
    for (let start = 0; start <= value.length; start++) {
      for (let end = start; end <= value.length; end++) {
        expect(fieldValue(text.slice(textOffset(text, start), textOffset(text, end)))).toBe(value.slice(start, end));
      }
    }
    expect(textOffset(text, value.length)).toBe(text.length);
  });

  it('stops at the end of the text', () => {
    expect(textOffset('abc', 10)).toBe(3);
    expect(textOffset('', 4)).toBe(0);
  });
});
