/**
 * The path of a JSON body into a handler: at most `maxBytes` counted on the wire before any
 * parsing (413), a JSON media type (415), parseable (400, raised by Hono's validator and
 * shaped by `errors.ts`), then `check` turns it into the handler's typed input or throws.
 */
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { validator } from 'hono/validator';
import type { AppEnv } from './context';
import { ApiError } from './errors';

export const MAX_BODY_BYTES = 1024 * 1024;

export function limitBody(maxBytes = MAX_BODY_BYTES): MiddlewareHandler<AppEnv> {
  const tooLarge = () =>
    new ApiError(413, 'payload_too_large', `The body is over ${maxBytes} bytes`);
  const limited = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  return async (c, next) => {
    const incoming = nodeRequest(c);
    if (!incoming) return limited(c, next);
    // Served by @hono/node-server: read the body straight from Node's request, rather than
    // through the web stream of a Request made for it (a copy and a stream per chunk).
    if (Number(incoming.headers['content-length']) > maxBytes) throw tooLarge();
    const text = await readText(incoming, maxBytes, tooLarge);
    // Where `c.req.json()` (Hono's validator) and `c.req.text()` take the body from.
    (c.req.bodyCache as unknown as { text?: Promise<string> }).text = Promise.resolve(text);
    await next();
  };
}

function nodeRequest(c: Context<AppEnv>): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return typeof incoming?.on === 'function' ? incoming : undefined;
}

/** The body as UTF-8 text, refused as soon as it passes `maxBytes` (the rest is drained). */
function readText(
  incoming: IncomingMessage,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error?: Error) => {
      incoming.off('data', onData).off('end', onEnd).off('error', stop).off('close', onClose);
      if (error) reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) stop(tooLarge());
      else chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size).toString('utf8'));
    };
    const onClose = () => stop(new Error('The client went away before sending the whole body'));
    incoming.on('data', onData).on('end', onEnd).on('error', stop).on('close', onClose);
  });
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
