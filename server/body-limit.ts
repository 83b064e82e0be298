import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { refuse } from './errors.js';

/**
 * Refuses a body over `maxSize` bytes with 413 `too_large` and `message`, before reading it whole.
 *
 * A body of declared length is judged on that length, and then left unread: the handler reads it
 * straight from the connection. hono's bodyLimit looks at the body as a web stream to decide, and
 * building that stream cost every submission more than all its checks together. A body without a
 * declared length (chunked) goes through hono's bodyLimit, which counts it as it arrives. Node
 * refuses a request whose body does not match its Content-Length.
 */
export function limitBody(maxSize: number, message: string): MiddlewareHandler {
  const tooLarge = () => {
    throw refuse(413, 'too_large', message);
  };
  const counted = bodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    // Body framing, nothing about the sender: these two headers say how many bytes follow.
    const declared = c.req.header('Content-Length');
    if (declared === undefined || c.req.header('Transfer-Encoding') !== undefined) return counted(c, next);
    if (Number(declared) > maxSize) tooLarge();
    await next();
  };
}

/**
 * The whole body, behind limitBody: its 413 passes through, and a body that stops short (the
 * client went away) is refused with 400 `incomplete_body` and `message`.
 */
export async function readBody(c: Context, message: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await c.req.arrayBuffer());
  } catch (err) {
    if (err instanceof HTTPException) throw err;
    throw refuse(400, 'incomplete_body', message);
  }
}
