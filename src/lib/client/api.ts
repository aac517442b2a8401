/**
 * The wire protocol v1 of DESIGN.md §4, as the tablet speaks it. Every failure becomes a
 * `SyncError` whose `kind` tells the engine what to do (retry later, stop, split the batch)
 * and whose message tells the cook what is wrong.
 */
import type { EventEnvelope, StoredEvent } from '$lib/domain/events';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export type SyncErrorKind =
  /** No network, or the server did not answer: retry later. */
  | 'offline'
  /** The token was refused: the tablet was removed from the kitchen or never joined. */
  | 'unauthorized'
  /** The server refused on purpose (wrong kitchen, wrong join code, impersonation). */
  | 'forbidden'
  /** The batch was too big: send smaller ones. */
  | 'too-large'
  /** The server refused the events as malformed or conflicting: retrying will not help. */
  | 'rejected'
  /** The server failed (5xx) or answered something unexpected: retry later. */
  | 'server';

/**
 * What went wrong, as a stable code the app translates (DESIGN.md: the protocol carries
 * codes, not sentences): the server's `error.code` when it answered one, else one of the
 * tablet's own (`unreachable`, `cut_off`, `unexpected_answer`, `http_<status>`...). The
 * message is English, for logs.
 */
export class SyncError extends Error {
  readonly code: string;
  /** The server's details: which events of a batch it refused (`index`), and why. */
  readonly details: { index?: number; path?: string; message: string }[];
  /** How long the server asked to wait before trying again (`Retry-After` of a 429). */
  readonly retryAfterMs: number | undefined;
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    readonly status?: number,
    options?: ErrorOptions & {
      code?: string;
      details?: { index?: number; path?: string; message: string }[];
      retryAfterMs?: number;
    },
  ) {
    super(message, options);
    this.name = 'SyncError';
    this.code = options?.code ?? kind;
    this.details = options?.details ?? [];
    this.retryAfterMs = options?.retryAfterMs;
  }

  /** Whether trying again later may succeed without anyone doing anything. */
  get retryable(): boolean {
    return this.kind === 'offline' || this.kind === 'server' || this.kind === 'too-large';
  }
}

export interface ServerLink {
  url: string;
  kitchenId: string;
  token: string;
  /** The kitchen has this tablet's public key: its events are signed for it (`signing.ts`). */
  signs?: true;
}

export interface PushAnswer {
  accepted: number;
  duplicates: number;
  head: number;
  /** The server's log epoch (DESIGN 4.1); a server before it sends none. */
  epoch?: string;
}

export interface PullAnswer {
  events: StoredEvent[];
  head: number;
  more: boolean;
  epoch?: string;
}

export const unexpected = () =>
  new SyncError('server', 'The server answered something unexpected.', undefined, {
    code: 'unexpected_answer',
  });

export function apiUrl(server: string, path: string): string {
  return `${server.replace(/\/+$/, '')}/api/v1${path}`;
}

/** A path under the tablet's kitchen, as a URL. */
export const kitchenPath = (link: ServerLink, rest: string) =>
  apiUrl(link.url, `/kitchens/${encodeURIComponent(link.kitchenId)}${rest}`);

export async function call(fetchFn: FetchLike, url: string, init: RequestInit): Promise<unknown> {
  let response: Response;
  try {
    response = await fetchFn(url, init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new SyncError('offline', 'The server cannot be reached right now.', undefined, {
      cause,
      code: 'unreachable',
    });
  }
  if (response.ok) {
    try {
      return response.status === 204 ? null : await response.json();
    } catch (cause) {
      throw new SyncError('offline', 'The server’s answer was cut off.', response.status, {
        cause,
        code: 'cut_off',
      });
    }
  }
  throw await errorOf(response);
}

/** The server's `{error: {code, message}}` turned into a `SyncError`. */
export async function errorOf(response: Response): Promise<SyncError> {
  let detail = '';
  let code = `http_${response.status}`;
  let details: SyncError['details'] = [];
  try {
    const body = (await response.json()) as {
      error?: { message?: unknown; code?: unknown; details?: unknown };
    };
    if (typeof body.error?.message === 'string') detail = body.error.message;
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (Array.isArray(body.error?.details)) {
      details = (body.error.details as Record<string, unknown>[])
        .filter((d) => d && typeof d.message === 'string')
        .map((d) => ({
          message: String(d.message),
          ...(Number.isInteger(d.index) && { index: d.index as number }),
          ...(typeof d.path === 'string' && { path: d.path }),
        }));
    }
  } catch {
    // A proxy's HTML page or an empty body: the status says enough.
  }
  const s = response.status;
  const say = (text: string) => (detail ? `${text} (${detail})` : text);
  if (s === 401) {
    return new SyncError(
      'unauthorized',
      say('This tablet is no longer allowed to sync with the kitchen. Join the kitchen again.'),
      s,
      { code },
    );
  }
  if (s === 403) {
    return new SyncError('forbidden', say('The server refused this tablet.'), s, { code });
  }
  if (s === 404) {
    return new SyncError('forbidden', say('The server does not know this kitchen.'), s, { code });
  }
  if (s === 413) return new SyncError('too-large', say('Too much to send at once.'), s, { code });
  if (s === 400 || s === 409 || s === 422) {
    return new SyncError('rejected', say('The server refused some entries.'), s, {
      code,
      details,
    });
  }
  // Too many requests (or a server busy for a while): it says how long to wait, in seconds.
  const wait = Number(response.headers.get('Retry-After'));
  return new SyncError('server', say(`The server had a problem (error ${s}).`), s, {
    code,
    ...(Number.isFinite(wait) && wait > 0 && { retryAfterMs: Math.min(wait, 3600) * 1000 }),
  });
}

export const authed = (token: string): Record<string, string> => ({
  authorization: `Bearer ${token}`,
});

export async function push(
  fetchFn: FetchLike,
  link: ServerLink,
  events: EventEnvelope[],
  signal?: AbortSignal,
): Promise<PushAnswer> {
  return (await call(fetchFn, kitchenPath(link, '/events'), {
    method: 'POST',
    headers: { ...authed(link.token), 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
    ...(signal ? { signal } : {}),
  })) as PushAnswer;
}

export async function pull(
  fetchFn: FetchLike,
  link: ServerLink,
  after: number,
  limit: number,
  signal?: AbortSignal,
): Promise<PullAnswer> {
  const answer = (await call(fetchFn, kitchenPath(link, `/events?after=${after}&limit=${limit}`), {
    headers: authed(link.token),
    ...(signal ? { signal } : {}),
  })) as PullAnswer;
  if (!answer || !Array.isArray(answer.events) || typeof answer.head !== 'number') {
    throw unexpected();
  }
  return answer;
}

/** Opens the event stream; the caller reads `response.body` (see `sse.ts`). */
export async function openStream(
  fetchFn: FetchLike,
  link: ServerLink,
  after: number,
  signal: AbortSignal,
): Promise<Response> {
  let response: Response;
  try {
    response = await fetchFn(kitchenPath(link, `/stream?after=${after}`), {
      headers: { ...authed(link.token), accept: 'text/event-stream' },
      signal,
    });
  } catch (cause) {
    if (signal.aborted) throw cause;
    throw new SyncError('offline', 'The server cannot be reached right now.', undefined, {
      cause,
      code: 'unreachable',
    });
  }
  if (!response.ok || !response.body) throw await errorOf(response);
  return response;
}

/** A GET with the tablet's token: the answer's JSON, or a `SyncError`. */
export function getJson(
  fetchFn: FetchLike,
  link: ServerLink,
  url: string,
  signal?: AbortSignal,
): Promise<unknown> {
  return call(fetchFn, url, { headers: authed(link.token), ...(signal ? { signal } : {}) });
}

export interface DeviceName {
  deviceId: string;
  name: string;
}

/** The kitchen's tablets by name (ids and names only), for "which tablet" in the history. */
export async function listDevices(
  fetchFn: FetchLike,
  link: ServerLink,
  signal?: AbortSignal,
): Promise<DeviceName[]> {
  const answer = (await getJson(fetchFn, link, kitchenPath(link, '/devices'), signal)) as {
    devices?: unknown;
  } | null;
  if (!answer || !Array.isArray(answer.devices)) throw unexpected();
  return (answer.devices as Partial<DeviceName>[]).filter(
    (d): d is DeviceName => typeof d.deviceId === 'string' && typeof d.name === 'string',
  );
}
