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
 * The server's only logger. It counts requests by method, route pattern and status, and
 * prints those counts at most once a UTC day and at shutdown: never a time finer than the
 * day the database keeps, never an address, a header or a body.
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

  /** An internal error, named by route pattern only: its message could hold request data. */
  error(route: string): void {
    this.sink(`internal error on ${route}`);
  }

  count(method: string, route: string, status: number): void {
    const today = utcDay(this.clock());
    if (today !== this.day) {
      this.flush();
      this.day = today;
    }
    const key = `${method} ${route} ${status}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  flush(): void {
    if (this.counts.size === 0) return;
    const parts = [...this.counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} x${n}`);
    this.sink(`requests on ${this.day}: ${parts.join(', ')}`);
    this.counts.clear();
  }

  middleware(): MiddlewareHandler {
    return async (c, next) => {
      await next();
      this.count(c.req.method, routePath(c, -1), c.res.status);
    };
  }
}
