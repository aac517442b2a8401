/**
 * The edge check every event passes before it is stored anywhere: on the tablet when it is
 * recorded or pulled, and on the server when it is pushed.
 */
import * as v from 'valibot';
import {
  COUNT_DATED_BACK_DAYS,
  CURRENT_VERSION,
  EVENT_TYPES,
  type EventEnvelope,
  type EventType,
  type LarderEvent,
} from './events';
import { hlcWall } from './hlc';
import { dataSchemas, envelopeSchema, legacyDataSchemas } from './schemas';
import { upcast } from './upcast';

export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `data.qty`; empty for the event itself. */
  path: string;
  message: string;
}

export type ValidationResult =
  | { ok: true; event: EventEnvelope; current: LarderEvent }
  | { ok: false; issues: ValidationIssue[] };

const DAY_MS = 86_400_000;

const isEventType = (type: string): type is EventType => (EVENT_TYPES as string[]).includes(type);

function issuesOf(result: v.SafeParseResult<v.GenericSchema>, prefix: string): ValidationIssue[] {
  return (result.issues ?? []).map((issue) => {
    const path = v.getDotPath(issue);
    return { path: path ? `${prefix}${path}` : prefix.replace(/\.$/, ''), message: issue.message };
  });
}

/** Validates an envelope and its payload for its type and version. */
export function validateEvent(input: unknown): ValidationResult {
  const envelope = v.safeParse(envelopeSchema, input);
  if (!envelope.success) return { ok: false, issues: issuesOf(envelope, '') };
  const event = envelope.output as EventEnvelope;
  if (!isEventType(event.type)) {
    return {
      ok: false,
      issues: [{ path: 'type', message: `unknown event type ${JSON.stringify(event.type)}` }],
    };
  }
  const schema: v.GenericSchema | undefined =
    event.v === CURRENT_VERSION[event.type]
      ? dataSchemas[event.type]
      : legacyDataSchemas[event.type]?.[event.v];
  if (!schema) {
    return {
      ok: false,
      issues: [
        {
          path: 'v',
          message: `version ${event.v} of ${event.type} is not known (current is ${CURRENT_VERSION[event.type]})`,
        },
      ],
    };
  }
  const data = v.safeParse(schema, event.data);
  if (!data.success) return { ok: false, issues: issuesOf(data, 'data.') };
  const current = upcast(event);
  if (current.type === 'stock.counted' && current.data.recordedAt !== undefined) {
    // A count dated back: entered after the moment it stands for, and not long after.
    const back = current.data.recordedAt - hlcWall(current.hlc);
    if (back < 0 || back > COUNT_DATED_BACK_DAYS * DAY_MS) {
      const message = `must be from its stamp to ${COUNT_DATED_BACK_DAYS} days after it`;
      return { ok: false, issues: [{ path: 'data.recordedAt', message }] };
    }
  }
  return { ok: true, event, current };
}

export class InvalidEventError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(`Invalid event: ${issues.map((i) => `${i.path || 'event'} ${i.message}`).join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

/** Throws `InvalidEventError` unless `input` is a valid event of a known type and version. */
export function assertEvent(input: unknown): asserts input is EventEnvelope {
  const result = validateEvent(input);
  if (!result.ok) throw new InvalidEventError(result.issues);
}

/**
 * JSON with object keys sorted, so that two copies of one event compare equal however their
 * keys were ordered on the way. Used to tell a harmless resend from a conflicting id.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(
          Object.entries(val as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : val,
  );
}
