/**
 * The source text of each event of a push body `{"events": [...]}`, so that an event is
 * stored as the very text the tablet sent instead of being encoded again: `JSON.stringify`
 * of every event was about a fifth of the request thread's time on a push (profiled), and
 * finding the texts costs about half of it.
 *
 * Runs on text that `JSON.parse` has accepted, so it only finds where the elements of the
 * top-level `events` array begin and end; it does not check the grammar again. Where it
 * cannot be sure to find what `JSON.parse` read, it answers `undefined` and the caller
 * encodes the events itself: a top-level key written with escapes, `events` given twice,
 * or an event holding an object with a repeated key (`JSON.parse` keeps the last value,
 * SQLite's `json_extract` would read the first: the stored text must say what was
 * validated, so such a body is stored as the parsed events encoded).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Where a value ends, and how many object keys it holds (all levels). */
interface Scanned {
  end: number;
  keys: number;
}

/** Past the end of the string whose opening quote is at `from`. */
function stringEnd(text: string, from: number): number {
  let at = from + 1;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote < 0) throw new SyntaxError('unterminated string');
    // The quote is escaped when an odd number of backslashes comes right before it.
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    at = quote + 1;
    if (backslashes % 2 === 0) return at;
  }
}

/**
 * The value starting at `from`: where it ends, and how many keys its objects hold, all
 * levels (a colon outside strings always separates exactly one key from its value).
 * Strings are jumped over with `indexOf`, which is several times faster than looking at
 * each of their characters.
 */
function scanValue(text: string, from: number): Scanned {
  const first = text.charCodeAt(from);
  if (first === QUOTE) return { end: stringEnd(text, from), keys: 0 };
  let depth = 0;
  let keys = 0;
  let i = from;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = stringEnd(text, i);
      continue;
    }
    if (depth === 0 && (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET)) break;
    if (depth === 0 && isSpace(code)) break;
    i++;
    if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
    else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      if (--depth === 0) break;
    } else if (code === COLON) keys++;
  }
  if (depth > 0) throw new SyntaxError('unterminated value');
  return { end: i, keys };
}

/** How many keys the objects in a parsed value hold, all levels. */
function keysIn(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let keys = 0;
  if (Array.isArray(value)) {
    for (const item of value) keys += keysIn(item);
    return keys;
  }
  for (const key in value) keys += 1 + keysIn((value as Record<string, unknown>)[key]);
  return keys;
}

/**
 * The source text of each element of the top-level `events` array of `text`, which
 * `JSON.parse` turned into `parsedEvents`; undefined when not sure (see above).
 */
export function eventSlices(text: string, parsedEvents: readonly unknown[]): string[] | undefined {
  try {
    return scan(text, parsedEvents);
  } catch {
    // Not the JSON it was said to be: leave it to the caller's encoding.
    return undefined;
  }
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

function scan(text: string, parsedEvents: readonly unknown[]): string[] | undefined {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) return undefined;
  i++;
  let slices: string[] | undefined;
  for (;;) {
    i = skipSpace(text, i);
    const code = text.charCodeAt(i);
    if (code === CLOSE_BRACE) break;
    if (code !== QUOTE) return undefined;
    const keyEnd = scanValue(text, i).end;
    const key = text.slice(i + 1, keyEnd - 1);
    if (key.includes('\\')) return undefined;
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) return undefined;
    i = skipSpace(text, i + 1);
    if (key === 'events') {
      if (slices || text.charCodeAt(i) !== OPEN_BRACKET) return undefined;
      slices = [];
      i = elements(text, i + 1, parsedEvents, slices);
      if (i < 0) return undefined;
    } else {
      const end = scanValue(text, i).end;
      if (end === i) return undefined;
      i = end;
    }
    i = skipSpace(text, i);
    if (text.charCodeAt(i) === COMMA) i++;
    else if (text.charCodeAt(i) !== CLOSE_BRACE) return undefined;
  }
  return slices && slices.length === parsedEvents.length ? slices : undefined;
}

/**
 * Adds the elements of the array whose first element may start at `from` to `slices`,
 * each checked to hold as many keys as were parsed; answers where the array ends, or -1.
 */
function elements(
  text: string,
  from: number,
  parsedEvents: readonly unknown[],
  slices: string[],
): number {
  let i = from;
  for (;;) {
    i = skipSpace(text, i);
    if (text.charCodeAt(i) === CLOSE_BRACKET) return i + 1;
    const { end, keys } = scanValue(text, i);
    // No value here; or fewer keys parsed than written: some key came twice in one object.
    if (end === i || keys !== keysIn(parsedEvents[slices.length])) return -1;
    slices.push(text.slice(i, end));
    i = skipSpace(text, end);
    if (text.charCodeAt(i) === COMMA) i++;
    else if (text.charCodeAt(i) !== CLOSE_BRACKET) return -1;
  }
}
