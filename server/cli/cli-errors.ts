/** What the CLI's commands share: their arguments, their output and how they fail. */
import type { Readable } from 'node:stream';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  stdin: Readable;
}

export interface Args {
  positional: string[];
  options: {
    'data-dir'?: string;
    id?: string;
    out?: string;
    first?: string;
    last?: string;
    at?: string;
    session?: string;
    verify?: boolean;
    all?: boolean;
    help?: boolean;
  };
}

/** Wrong usage: the message and the usage are printed, exit code 2. */
export class UsageError extends Error {}
/** The command could not be done: the message is printed, exit code 1. */
export class CliFailure extends Error {}

export function required(value: string | undefined, message: string): string {
  if (value === undefined) throw new UsageError(message);
  return value;
}
