/**
 * The edge check every event passes before it is stored anywhere: on the tablet when it is
 * recorded or pulled, and on the server when it is pushed.
 */
import * as v from 'valibot';
import {
  CURRENT_VERSION,
  EVENT_TYPES,
  type EventEnvelope,
  type EventType,
  type LarderEvent,
} from './events';
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

const isEventType = (type: string): type is EventType => (EVENT_TYPES as string[]).includes(type);

function issuesOf(result: v.SafeParseResult<v.GenericSchema>, prefix: string): ValidationIssue[] {
  return (result.issues ?? []).map((issue) => {
    const path = v.getDotPath(issue);
    return { path: path ? `${prefix}${path}` : prefix.replace(/\.$/, ''), message: issue.message };
  });
}

/**
 * A fast yes-or-don't-know check compiled from a valibot schema: `true` only when valibot
 * would accept the value (and, being free of transformations, output the same); `false`
 * means "ask valibot", which then gives the answer and the issues. Compiled from the
 * schemas themselves, so it cannot drift from them; a schema using anything not handled
 * here compiles to `undefined` and is always left to valibot. Costs a fraction of a parse.
 */
type FastCheck = (value: unknown) => boolean;

interface SchemaLike {
  kind: string;
  type: string;
  pipe?: readonly SchemaLike[];
  entries?: Record<string, SchemaLike>;
  item?: SchemaLike;
  wrapped?: SchemaLike;
  options?: readonly unknown[];
  requirement?: unknown;
  default?: unknown;
  fallback?: unknown;
}

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `a` and then `b`: a pipe's checks as one chain of calls, with no array to walk. */
const both =
  (a: FastCheck, b: FastCheck): FastCheck =>
  (value) =>
    a(value) && b(value);

function compileAction(action: SchemaLike): FastCheck | undefined {
  const req = action.requirement;
  switch (action.type) {
    case 'regex':
    case 'iso_date':
      if (!(req instanceof RegExp) || req.global || req.sticky) return undefined;
      return (value) => req.test(value as string);
    case 'check':
    case 'integer':
      if (typeof req !== 'function') return undefined;
      return (value) => Boolean((req as (v: unknown) => unknown)(value));
    case 'max_length':
      if (typeof req !== 'number') return undefined;
      return (value) => (value as { length: number }).length <= req;
    case 'min_value':
      if (typeof req !== 'number') return undefined;
      return (value) => (value as number) >= req;
    case 'gt_value':
      if (typeof req !== 'number') return undefined;
      return (value) => (value as number) > req;
    default:
      return undefined;
  }
}

function compileSchema(schema: SchemaLike): FastCheck | undefined {
  if (schema.pipe) {
    const [base, ...actions] = schema.pipe;
    const root = base && base !== schema ? compileSchema(base) : undefined;
    if (!root) return undefined;
    const checks: FastCheck[] = [];
    for (const action of actions) {
      if (action.kind === 'metadata') continue;
      if (action.kind !== 'validation') return undefined;
      const check = compileAction(action);
      if (!check) return undefined;
      checks.push(check);
    }
    return checks.reduce(both, root);
  }
  switch (schema.type) {
    case 'string':
      return (value) => typeof value === 'string';
    case 'number':
      return (value) => typeof value === 'number' && !Number.isNaN(value);
    case 'unknown':
      return () => true;
    case 'picklist': {
      const options = schema.options;
      return options ? (value) => options.includes(value) : undefined;
    }
    case 'array': {
      const item = schema.item && compileSchema(schema.item);
      if (!item) return undefined;
      return (value) => {
        if (!Array.isArray(value)) return false;
        for (let i = 0; i < value.length; i++) if (!item(value[i])) return false;
        return true;
      };
    }
    case 'strict_object': {
      if (!schema.entries) return undefined;
      const requiredKeys: string[] = [];
      const requiredChecks: FastCheck[] = [];
      const optional = new Map<string, FastCheck>();
      for (const [key, entry] of Object.entries(schema.entries)) {
        if (entry.type === 'exact_optional') {
          if (entry.default !== undefined || !entry.wrapped) return undefined;
          const check = compileSchema(entry.wrapped);
          if (!check) return undefined;
          optional.set(key, check);
        } else {
          if (entry.fallback !== undefined || entry.type === 'optional') return undefined;
          if (entry.type === 'nullish') return undefined;
          const check = compileSchema(entry);
          if (!check) return undefined;
          requiredKeys.push(key);
          requiredChecks.push(check);
        }
      }
      // Indexed loops, no iterators or arrays made per call: a push checks ~10 objects an event.
      return (value) => {
        if (!isPlainObject(value)) return false;
        for (let i = 0; i < requiredKeys.length; i++) {
          const key = requiredKeys[i] as string;
          if (!hasOwn(value, key) || !(requiredChecks[i] as FastCheck)(value[key])) return false;
        }
        let keys = 0;
        let optionals = 0;
        for (const key in value) {
          if (!hasOwn(value, key)) return false;
          keys++;
          const check = optional.get(key);
          if (check) {
            if (!check(value[key])) return false;
            optionals++;
          }
        }
        // Every own key is a known one: no unknown field.
        return keys === requiredKeys.length + optionals;
      };
    }
    default:
      return undefined;
  }
}

const schemaLike = (schema: v.GenericSchema) => schema as unknown as SchemaLike;
const fastEnvelope = compileSchema(schemaLike(envelopeSchema));
/**
 * The envelope's output as valibot makes it: a new object, keys in the schema's order.
 * Written as a literal, which is several times faster to make than copying key by key;
 * the check below keeps it in step with the schema.
 */
const copyEnvelope = (source: Record<string, unknown>): Record<string, unknown> => ({
  id: source['id'],
  type: source['type'],
  v: source['v'],
  hlc: source['hlc'],
  device: source['device'],
  actor: source['actor'],
  data: source['data'],
});
if (Object.keys(copyEnvelope({})).join() !== Object.keys(envelopeSchema.entries).join()) {
  throw new Error('copyEnvelope must copy the keys of envelopeSchema, in its order');
}
const fastData = new Map<v.GenericSchema, FastCheck | undefined>();
function fastDataCheck(schema: v.GenericSchema): FastCheck | undefined {
  if (!fastData.has(schema)) fastData.set(schema, compileSchema(schemaLike(schema)));
  return fastData.get(schema);
}

/** The schema of an event's payload for its type and version, if both are known. */
function dataSchemaOf(type: EventType, version: number): v.GenericSchema | undefined {
  return version === CURRENT_VERSION[type] ? dataSchemas[type] : legacyDataSchemas[type]?.[version];
}

/** `validateEvent` for the common case, without valibot; undefined: ask valibot. */
function validateFast(input: unknown): ValidationResult | undefined {
  if (!fastEnvelope?.(input)) return undefined;
  const event = copyEnvelope(input as Record<string, unknown>) as unknown as EventEnvelope;
  if (!isEventType(event.type)) return undefined;
  const schema = dataSchemaOf(event.type, event.v);
  if (!schema || !fastDataCheck(schema)?.(event.data)) return undefined;
  return { ok: true, event, current: upcast(event) };
}

/** Only for tests: whether `validateEvent` answers `input` without valibot. */
export const validatesFast = (input: unknown): boolean => validateFast(input) !== undefined;

/** Validates an envelope and its payload for its type and version. */
export function validateEvent(input: unknown): ValidationResult {
  const fast = validateFast(input);
  if (fast) return fast;
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
  return { ok: true, event, current: upcast(event) };
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
