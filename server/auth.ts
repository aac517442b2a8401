/**
 * Secrets: the admin token, device tokens and join codes. Only SHA-256 hashes are stored;
 * a token is looked up by its hash (which says nothing about the token) and the hashes are
 * compared in constant time, so neither the database nor response timing gives one away.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Constant-time equality of two hex digests (or any two strings of a fixed-length form). */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** 256 random bits, URL-safe: a device or admin token. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Join codes are typed by kitchen staff on a tablet: 8 characters from an alphabet without
 * look-alikes (no 0/O, 1/I/L, 5/S, 2/Z, 8/B), shown as two groups of four. 25^8 is about
 * 1.5 * 10^11, and wrong guesses are rate-limited per address (`limits.ts`).
 */
const JOIN_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
export const JOIN_CODE_LENGTH = 8;

export function newJoinCode(): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_ALPHABET[randomInt(JOIN_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** How a typed code is compared: case, spaces and dashes do not matter. */
export function normaliseJoinCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

export function hashJoinCode(code: string): string {
  return sha256(`join:${normaliseJoinCode(code)}`);
}

/** Reads `Authorization: Bearer <token>`; undefined when absent or of another scheme. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
