import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** A refusal the client caused: a 4xx with a short code and a plain message. */
export function refuse(status: ContentfulStatusCode, error: string, message: string, extra: object = {}): HTTPException {
  return new HTTPException(status, {
    res: new Response(JSON.stringify({ error, message, ...extra }), {
      status,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    }),
  });
}

/** Refuses with 415 unless the request's media type (parameters and case aside) is `expected`. */
export function requireMediaType(c: Context, expected: string, message: string): void {
  const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType !== expected) throw refuse(415, 'unsupported_media_type', message);
}
