/**
 * A word-level difference between a quote as the employee wrote it and as it will be published,
 * so the delegate sees every change before approving. Words and the spaces between them are
 * tokens of their own: a changed comma shows alone, a reflowed space does not hide a word.
 */

export type DiffPart = { readonly kind: 'same' | 'removed' | 'added'; readonly text: string };

/**
 * Finding the fewest edits takes time in proportion to the text's length times the number of
 * edits, and memory to that number squared, so the search stops here and shows the differing
 * span whole: a card comparing two unrelated long texts must render as fast as any other.
 * Anonymisation changes a handful of tokens per name; a thousand mean the quote was rewritten.
 */
const MAX_EDITS = 1_000;

function tokens(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}'’-]+|[^\s\p{L}\p{N}]/gu) ?? [];
}

/**
 * The parts of `before` and `after`, in order: joining the same and removed parts gives `before`,
 * joining the same and added parts gives `after`. Adjacent parts of one kind are joined, and
 * between two same parts the removed one comes first. The changed tokens are as few as possible,
 * unless that takes more than MAX_EDITS: everything between the common start and the common end
 * is then one removed and one added part.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokens(before);
  const b = tokens(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string) => {
    if (text === '') return;
    const last = parts[parts.length - 1];
    if (last?.kind === kind) parts[parts.length - 1] = { kind, text: last.text + text };
    else parts.push({ kind, text });
  };
  push('same', a.slice(0, head).join(''));
  const edits = fewestEdits(midA, midB);
  if (edits === undefined) {
    push('removed', midA.join(''));
    push('added', midB.join(''));
  } else {
    slideTogether(midA, edits.removed, edits.added);
    slideTogether(midB, edits.added, edits.removed);
    let x = 0;
    let y = 0;
    for (;;) {
      while (x < midA.length && edits.removed[x]) push('removed', midA[x++]);
      while (y < midB.length && edits.added[y]) push('added', midB[y++]);
      if (x === midA.length) break;
      push('same', midA[x++]);
      y++;
    }
  }
  push('same', a.slice(a.length - tail).join(''));
  return parts;
}

/** Tokens removed from `a` and added to `b` are flagged 1; the others are the same, in order, on both sides. */
type Edits = { readonly removed: Uint8Array; readonly added: Uint8Array };

/**
 * The fewest removals and additions turning `a` into `b`, by Myers' greedy search (“An O(ND)
 * Difference Algorithm and Its Variations”, 1986), or `undefined` when they are more than
 * MAX_EDITS.
 */
function fewestEdits(a: string[], b: string[]): Edits | undefined {
  // Each edit changes the difference in length by one, so the answer is known before searching.
  if (Math.abs(a.length - b.length) > MAX_EDITS) return undefined;
  const limit = Math.min(a.length + b.length, MAX_EDITS);
  // Diagonal k = x − y sits at index k + limit + 1, so that k − 1 and k + 1 stay inside.
  const centre = limit + 1;
  const furthestX = new Int32Array(2 * limit + 3);
  const furthestXAfter: Int32Array[] = [];
  for (let edits = 0; edits <= limit; edits++) {
    for (let k = -edits; k <= edits; k += 2) {
      const adding = k === -edits || (k !== edits && furthestX[centre + k - 1] < furthestX[centre + k + 1]);
      let x = adding ? furthestX[centre + k + 1] : furthestX[centre + k - 1] + 1;
      let y = x - k;
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x++;
        y++;
      }
      furthestX[centre + k] = x;
      if (x >= a.length && y >= b.length) return retrace(a.length, b.length, furthestXAfter);
    }
    furthestXAfter.push(furthestX.slice(centre - edits, centre + edits + 1));
  }
  return undefined;
}

/**
 * Walks the search's path back from the end: `furthestXAfter[d]` holds, for diagonals −d…d, how
 * far along `a` the search had reached after d edits, which tells which move made the next edit.
 */
function retrace(lengthA: number, lengthB: number, furthestXAfter: Int32Array[]): Edits {
  const removed = new Uint8Array(lengthA);
  const added = new Uint8Array(lengthB);
  let x = lengthA;
  let y = lengthB;
  for (let edits = furthestXAfter.length; edits > 0; edits--) {
    const previous = furthestXAfter[edits - 1];
    const furthestXOn = (k: number) => previous[k + edits - 1];
    const k = x - y;
    const adding = k === -edits || (k !== edits && furthestXOn(k - 1) < furthestXOn(k + 1));
    const sameRunStart = adding ? furthestXOn(k + 1) : furthestXOn(k - 1) + 1;
    y -= x - sameRunStart;
    x = sameRunStart;
    if (adding) added[--y] = 1;
    else removed[--x] = 1;
  }
  return { removed, added };
}

/**
 * Among equally few edits the search picks one arbitrarily, and may keep a space that
 * "Dupont" and "[Personne A]" happen to share, splitting the replacement around it. As git's
 * diff does (xdl_change_compact), each run of changed tokens slides along equal neighbours: runs
 * that can touch merge, and a run ends next to a change on the other side when it can, else as
 * late as it can. Sliding never changes which or how many tokens are changed, only where.
 */
function slideTogether(side: string[], changed: Uint8Array, otherChanged: Uint8Array): void {
  const otherChangesAfter = changesAfterEachSame(otherChanged);
  let start = 0;
  let sameBefore = 0;
  for (;;) {
    while (start < side.length && !changed[start]) {
      start++;
      sameBefore++;
    }
    if (start === side.length) return;
    let end = start;
    while (end < side.length && changed[end]) end++;
    let size: number;
    let endNextToOther: number;
    do {
      size = end - start;
      while (start > 0 && side[start - 1] === side[end - 1]) {
        changed[--start] = 1;
        changed[--end] = 0;
        sameBefore--;
        while (start > 0 && changed[start - 1]) start--;
      }
      endNextToOther = otherChangesAfter[sameBefore] ? end : -1;
      while (end < side.length && side[start] === side[end]) {
        changed[start++] = 0;
        changed[end++] = 1;
        sameBefore++;
        while (end < side.length && changed[end]) end++;
        if (otherChangesAfter[sameBefore]) endNextToOther = end;
      }
    } while (end - start !== size);
    // The last pass merged nothing, so sliding back up retraces its own steps.
    while (endNextToOther !== -1 && end > endNextToOther) {
      changed[--start] = 1;
      changed[--end] = 0;
      sameBefore--;
    }
    start = end;
  }
}

/** Flag n is 1 when the side changes something between its n-th and (n+1)-th unchanged token. */
function changesAfterEachSame(changed: Uint8Array): Uint8Array {
  const changesAfter = new Uint8Array(changed.length + 1);
  let sameSeen = 0;
  for (const flag of changed) {
    if (flag) changesAfter[sameSeen] = 1;
    else sameSeen++;
  }
  return changesAfter;
}
