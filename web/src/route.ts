export type Route =
  | { page: 'submit'; slug: string }
  | { page: 'followup'; slug: string }
  | { page: 'transparency' }
  | { page: 'not_found' };

/**
 * The page is chosen from the path once, at load. Steps inside a page never add history
 * entries, so the browser's history shows at most that the page was opened.
 */
export function routeOf(pathname: string): Route {
  if (/^\/transparency\/?$/.test(pathname)) return { page: 'transparency' };
  const match = /^\/c\/([^/]+)(\/suivi)?\/?$/.exec(pathname);
  if (match) {
    try {
      const slug = decodeURIComponent(match[1]);
      return match[2] ? { page: 'followup', slug } : { page: 'submit', slug };
    } catch {
      return { page: 'not_found' };
    }
  }
  return { page: 'not_found' };
}

/** Where someone holding a receipt reads replies, as written on the confirmation. */
export function followUpPath(slug: string): string {
  return `/c/${encodeURIComponent(slug)}/suivi`;
}
