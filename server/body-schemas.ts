/** Schemas of the management request bodies, and their 422 errors. */
import * as v from 'valibot';
import { idSchema } from '../src/lib/domain/schemas';
import { ApiError } from './errors';
import { KITCHEN_ID_PATTERN } from './kitchens';
import { publicKeySchema } from './signatures';

const name = (max: number) =>
  v.pipe(
    v.string('must be text'),
    v.trim(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(max, `must be at most ${max} characters`),
  );

export const createKitchenBody = v.object({
  name: name(120),
  /** Extension: choose the id instead of deriving it from the name. */
  kitchenId: v.optional(
    v.pipe(
      v.string('must be text'),
      v.regex(KITCHEN_ID_PATTERN, 'must be lower-case letters, digits and dashes (1-64)'),
    ),
  ),
});

export const pairDeviceBody = v.object({
  joinCode: v.pipe(v.string('must be text'), v.maxLength(40, 'must be at most 40 characters')),
  name: name(100),
  deviceId: idSchema,
  /** The tablet's Ed25519 public key (DESIGN 4.1); tablets without one pair without it. */
  publicKey: v.optional(publicKeySchema),
});

export const deviceKeyBody = v.object({ publicKey: publicKeySchema });

export function parseBody<S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  throw new ApiError(
    422,
    'invalid_body',
    'The request body is not valid',
    result.issues.map((issue) => ({
      path: v.getDotPath(issue) ?? '',
      message: issue.message,
    })),
  );
}
