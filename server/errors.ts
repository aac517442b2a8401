/**
 * The one error shape of the wire protocol (DESIGN.md section 4):
 * `{ "error": { "code", "message", "details"? } }` with a fitting status. Handlers throw
 * `ApiError`; `onError` turns anything thrown into that shape and never leaks a stack trace.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface ErrorDetail {
  index?: number;
  path?: string;
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: ErrorDetail[]; [field: string]: unknown };
}

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    /** More fields of the error object, for the client to act on (`head`, `epoch`...). */
    readonly fields?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorBody(
  code: string,
  message: string,
  details?: ErrorDetail[],
  fields?: Record<string, unknown>,
): ErrorBody {
  return { error: { ...fields, code, message, ...(details ? { details } : {}) } };
}

export function errorResponse(c: Context, error: ApiError): Response {
  return c.json(errorBody(error.code, error.message, error.details, error.fields), error.status);
}

/** Codes for the statuses Hono itself may raise: its JSON validator's 400 is bad JSON. */
const httpCodes: Partial<Record<number, string>> = {
  400: 'invalid_json',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** Logs what the client must not see: the stack stays in the server log. */
export function createErrorHandler(log: (line: string) => void): ErrorHandler {
  return (err, c) => {
    if (err instanceof ApiError) return errorResponse(c, err);
    if (err instanceof HTTPException && err.status < 500) {
      const status = err.status;
      const message = status === 400 ? 'The body is not valid JSON' : err.message || 'Bad request';
      return c.json(errorBody(httpCodes[status] ?? 'bad_request', message), status);
    }
    log(`internal error on ${c.req.method} ${c.req.path}: ${err.stack ?? String(err)}`);
    return c.json(errorBody('internal', 'Internal server error'), 500);
  };
}

export const notFound: NotFoundHandler = (c) =>
  c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404);
