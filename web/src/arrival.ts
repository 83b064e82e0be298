import { pinFragment, readPin } from './pin.js';

export interface Arrival {
  /**
   * A query string or a referrer means something stood between the employee and this page:
   * a redirect, a mailing's click tracker, a personalised survey link. It may have logged the visit.
   */
  throughIntermediary: boolean;
  /** The query string was there and has been removed from the address bar. */
  queryStripped: boolean;
  /** What to type next time: origin, path and the pin, nothing else. */
  cleanAddress: string;
}

/**
 * Reads how the page was reached, then strips the query with replaceState so the
 * tracking parameters neither stay on screen nor get bookmarked; no history entry is added.
 */
export function readArrival(location: Location, referrer: string, history: History): Arrival {
  const hasQuery = location.search !== '';
  const cleanAddress = location.origin + location.pathname + pinFragment(readPin(location.hash));
  if (hasQuery) history.replaceState(history.state, '', location.pathname + location.hash);
  return { throughIntermediary: hasQuery || referrer !== '', queryStripped: hasQuery, cleanAddress };
}
