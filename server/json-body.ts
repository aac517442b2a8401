/**
 * The path of a JSON body into a handler: at most `maxBytes` counted on the wire before any
 * parsing (413), a JSON media type (415), parseable (400, raised by Hono's validator and
 * shaped by `errors.ts`), then `check` turns it into the handler's typed input or throws.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { validator } from 'hono/validator';
import type { AppEnv } from './context';
import { ApiError } from './errors';

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * At most `maxBytes`: a declared Content-Length over it is refused before the body is
 * touched (so the Node adapter can read and drop the rest, and the client, still sending,
 * gets the 413 rather than a closed connection); any other body is counted by Hono's
 * `bodyLimit` as it arrives.
 */
export function limitBody(maxBytes = MAX_BODY_BYTES): MiddlewareHandler<AppEnv> {
  const tooLarge = () =>
    new ApiError(413, 'payload_too_large', `The body is over ${maxBytes} bytes`);
  const counted = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  return async (c, next) => {
    if (Number(c.req.header('Content-Length')) > maxBytes) throw tooLarge();
    return counted(c, next);
  };
}

export const requireJson: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = c.req.header('Content-Type') ?? '';
  if (!/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json');
  }
  await next();
};

export function jsonBody<T>(check: (body: unknown, c: Context<AppEnv>) => T) {
  return validator('json', (value: unknown, c: Context<AppEnv>) => check(value, c));
}
