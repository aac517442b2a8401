/**
 * The checks a pushed batch passes before it reaches storage, in the order the protocol
 * answers them: shape (422), size (413), every event against the domain's schemas (422,
 * one detail per problem), then that every event is the pushing device's own or signed
 * (403); the signatures themselves are checked next (`signatures.ts`).
 */
import type { EventEnvelope } from '../src/lib/domain/events';
import { hlcWall } from '../src/lib/domain/hlc';
import { validateEvent } from '../src/lib/domain/validate';
import { ApiError, type ErrorDetail } from './errors';

export const MAX_BATCH_EVENTS = 1000;
/** Enough to locate the problems without making the error itself huge. */
export const MAX_DETAILS = 200;
/** The events of a push body `{"events": [...]}`, if it is that shape. */
export function eventsIn(body: unknown): unknown[] | undefined {
  const events: unknown =
    body !== null && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)['events']
      : undefined;
  return Array.isArray(events) ? events : undefined;
}

export function checkBatch(body: unknown, deviceId: string): EventEnvelope[] {
  const events = eventsIn(body);
  if (!events) {
    throw new ApiError(422, 'invalid_body', 'The body must be {"events": [...]}', [
      { path: 'events', message: 'must be a list of events' },
    ]);
  }
  if (events.length > MAX_BATCH_EVENTS) {
    throw new ApiError(
      413,
      'too_many_events',
      `At most ${MAX_BATCH_EVENTS} events per push; got ${events.length}`,
    );
  }
  const details: ErrorDetail[] = [];
  const valid: EventEnvelope[] = [];
  events.forEach((input, index) => {
    const result = validateEvent(input);
    if (result.ok) valid.push(result.event);
    else for (const issue of result.issues) details.push({ index, ...issue });
  });
  if (details.length > 0) {
    const count = new Set(details.map((d) => d.index)).size;
    throw new ApiError(
      422,
      'invalid_events',
      `${count} of ${events.length} events are invalid; nothing was stored`,
      details.slice(0, MAX_DETAILS),
    );
  }
  const foreign: ErrorDetail[] = [];
  valid.forEach((event, index) => {
    if (event.device !== deviceId && event.sig === undefined) {
      foreign.push({ index, path: 'device', message: 'is not the device of this token' });
    }
  });
  if (foreign.length > 0) {
    throw new ApiError(
      403,
      'device_mismatch',
      "A device may only push events it recorded itself, or another device's signed by it; nothing was stored",
      foreign.slice(0, MAX_DETAILS),
    );
  }
  return valid;
}

/**
 * Refuses the batch (422 `clock_ahead`, one detail per event, the server's time, nothing
 * stored) when events are stamped more than `maxAheadMs` ahead of `now`: their tablet's clock
 * is wrong, and its counts would sort after everything recorded until its clock's date. The
 * tablet stamps them again from `serverTime` (DESIGN 4.1).
 */
export function checkClock(events: readonly EventEnvelope[], now: Date, maxAheadMs: number): void {
  const details: ErrorDetail[] = [];
  events.forEach((event, index) => {
    const ahead = hlcWall(event.hlc) - now.getTime();
    if (ahead > maxAheadMs) {
      details.push({
        index,
        path: 'hlc',
        message: `is ${aheadText(ahead)} ahead of the server's clock; fix the tablet's date and time`,
      });
    }
  });
  if (details.length > 0) {
    throw new ApiError(
      422,
      'clock_ahead',
      `${details.length} of ${events.length} events are stamped more than ${aheadText(maxAheadMs)} ahead of the server's clock; nothing was stored`,
      details.slice(0, MAX_DETAILS),
      { serverTime: now.toISOString() },
    );
  }
}

function aheadText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}
