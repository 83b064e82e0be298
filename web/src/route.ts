export type Route =
  | { page: 'submit'; slug: string }
  | { page: 'transparency' }
  | { page: 'not_found' };

/**
 * The page is chosen from the path once, at load. Steps inside a page never add history
 * entries, so the browser's history shows at most that the page was opened.
 */
export function routeOf(pathname: string): Route {
  if (/^\/transparency\/?$/.test(pathname)) return { page: 'transparency' };
  const match = /^\/c\/([^/]+)\/?$/.exec(pathname);
  if (match) {
    try {
      return { page: 'submit', slug: decodeURIComponent(match[1]) };
    } catch {
      return { page: 'not_found' };
    }
  }
  return { page: 'not_found' };
}
