/**
 * Everything that touches request metadata lives here, so a reviewer finds every privacy
 * promise of the server in one file.
 *
 * - The peer address is never read: nothing here or elsewhere calls getConnInfo or touches
 *   the socket, and no handler reads X-Forwarded-For, X-Real-IP, User-Agent, Referer or Cookie.
 * - No cookie is ever sent: any Set-Cookie is stripped on the way out.
 * - The security headers are set on every response.
 * - The only logger prints start-up lines and counts per route pattern, never a request.
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { utcDay, type Clock } from './clock.js';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'",
  'Referrer-Policy': 'no-referrer',
  // no-store keeps Parole out of the browser's disk cache, where a seized device would show the visit.
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy':
    'accelerometer=(), browsing-topics=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function privacyHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
    c.res.headers.delete('Set-Cookie');
  };
}

export type LogSink = (line: string) => void;

/**
 * The server's only logger. It counts requests by method, route pattern and status, internal
 * errors included, and prints those counts once a UTC day, from a timer: nothing is printed
 * while a request is handled, so a log collector's timestamps date no request, and nothing
 * names an address, a header, a path or a body.
 */
export class PrivacyLog {
  private counts = new Map<string, number>();
  private day: string;

  constructor(
    private readonly sink: LogSink,
    private readonly clock: Clock,
  ) {
    this.day = utcDay(clock());
  }

  /** Start-up and shutdown lines: fixed text and configuration, nothing about a request. */
  info(line: string): void {
    this.sink(line);
  }

  count(method: string, route: string, status: number): void {
    const key = `${method} ${route} ${status}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /**
   * Called by a timer, never by a request: once the UTC day has changed, prints the finished
   * day's counts and starts a new day. Returns true when a new day began. Counts of a day
   * cut short by a restart are dropped rather than printed, since printing them would date
   * the window they cover more finely than a day.
   */
  rollDay(): boolean {
    const today = utcDay(this.clock());
    if (today === this.day) return false;
    if (this.counts.size > 0) {
      const parts = [...this.counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} x${n}`);
      this.sink(`requests on ${this.day}: ${parts.join(', ')}`);
      this.counts.clear();
    }
    this.day = today;
    return true;
  }

  middleware(): MiddlewareHandler {
    return async (c, next) => {
      await next();
      this.count(c.req.method, routePath(c, -1), c.res.status);
    };
  }
}
