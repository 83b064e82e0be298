/**
 * What the workspace state suites share: authors with a clock of their own, a refusal read as
 * its message, and a state read as the text it would be saved as.
 */
import { fromUtf8 } from '../../crypto/bytes.js';
import { encodeState, newActor, type Author, type WorkspaceState } from '../../web/workspace/src/core/state.js';

/** An author whose clock ticks one millisecond per call, from `start`. */
export function author(actor = newActor(), start = 1_700_000_000_000): Author {
  let time = start;
  return { actor, now: () => time++ };
}

/** The message `run` throws, or 'no error', so that a table of refusals reads as strings. */
export function thrown(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
}

/** Two states are the same when they would be saved as the same text. */
export const bytesOf = (s: WorkspaceState) => fromUtf8(encodeState(s));
