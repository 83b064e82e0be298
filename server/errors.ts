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
