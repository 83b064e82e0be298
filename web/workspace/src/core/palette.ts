/**
 * Tag colours. Each is a light background behind dark text (#1a1a1a) with a contrast ratio
 * above 10:1, well past WCAG AA (4.5:1) and AAA (7:1), so a tag stays readable whichever colour
 * it gets. The order spreads neighbouring hues apart, since new tags take them in turn.
 */
export const TAG_COLOURS: readonly string[] = Object.freeze([
  '#f4b6b6', // red
  '#a9d3ee', // blue
  '#f3e39b', // yellow
  '#dcbcec', // purple
  '#c5e3a6', // green
  '#f7cfa1', // orange
  '#a8dcc8', // teal
  '#f2bcdc', // pink
  '#c3c3f0', // indigo
  '#d9cdb8', // sand
]);

/** The colour a new tag gets: the first of the palette that the fewest live tags use. */
export function nextColour(used: Iterable<string>): string {
  const counts = new Map(TAG_COLOURS.map((colour) => [colour, 0]));
  for (const colour of used) if (counts.has(colour)) counts.set(colour, counts.get(colour)! + 1);
  let best = TAG_COLOURS[0];
  for (const colour of TAG_COLOURS) if (counts.get(colour)! < counts.get(best)!) best = colour;
  return best;
}
