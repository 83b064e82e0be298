import type { Attachment } from 'svelte/attachments';

/** Moves keyboard and screen-reader focus to an element as it appears, so a new step is announced. */
export const focusOnArrival: Attachment<HTMLElement> = (element) => {
  element.focus();
};
