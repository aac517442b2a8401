/**
 * Hybrid logical clock (Kulkarni et al., 2014) in the wire format of DESIGN.md:
 * `WWWWWWWWWWWWWWW-CCCCC`, wall-clock milliseconds as 15 zero-padded digits, a dash and a
 * counter as 5 zero-padded digits. Fixed width, so string order is time order.
 *
 * Pure: the wall clock is always passed in.
 */
export type Hlc = string;

export interface HlcParts {
  wall: number;
  counter: number;
}

export const HLC_PATTERN = /^\d{15}-\d{5}$/;
const MAX_COUNTER = 99_999;

/**
 * How far ahead of this device's wall clock a received stamp may be and still move the
 * clock. A tablet whose clock is set years ahead would otherwise drag every other tablet's
 * clock into the future with it (and run their counters out). Such an event is still stored
 * and applied; it only does not advance the local clock, and `receive` reports it.
 */
export const DEFAULT_MAX_SKEW_MS = 60 * 60 * 1000;

/**
 * How far ahead of the server's clock a pushed event's stamp may be by default (DESIGN 4.1;
 * the server's LARDER_MAX_CLOCK_AHEAD): past it, the server refuses the event and its tablet
 * stamps it again; stamps within it are right, also for a tablet stamping again.
 */
export const DEFAULT_MAX_CLOCK_AHEAD_MS = 5 * 60_000;

export const HLC_ZERO: Hlc = encodeHlc({ wall: 0, counter: 0 });

export function encodeHlc({ wall, counter }: HlcParts): Hlc {
  return `${String(wall).padStart(15, '0')}-${String(counter).padStart(5, '0')}`;
}

export function decodeHlc(hlc: Hlc): HlcParts {
  if (!HLC_PATTERN.test(hlc)) throw new Error(`Not a clock stamp: ${hlc}`);
  return { wall: Number(hlc.slice(0, 15)), counter: Number(hlc.slice(16)) };
}

/** The wall-clock part as milliseconds since the epoch: when the event was recorded. */
export function hlcWall(hlc: Hlc): number {
  return Number(hlc.slice(0, 15));
}

function tick(wall: number, counter: number): Hlc {
  // A full counter spills into the next millisecond: the stamp stays unique and increasing.
  return counter > MAX_COUNTER
    ? encodeHlc({ wall: wall + 1, counter: 0 })
    : encodeHlc({ wall, counter });
}

/** Stamp for a local event: after `last` and no earlier than the wall clock. */
export function hlcNow(last: Hlc, wallMs: number): Hlc {
  const prev = decodeHlc(last);
  const wall = Math.floor(wallMs);
  if (wall > prev.wall) return encodeHlc({ wall, counter: 0 });
  return tick(prev.wall, prev.counter + 1);
}

export interface ReceiveResult {
  /** The local clock after the receipt; every later `hlcNow` sorts after `remote`. */
  clock: Hlc;
  /** True when `remote` was too far ahead of the wall clock to advance the local clock. */
  skewed: boolean;
}

/** Merge a stamp seen on another device's event into the local clock. */
export function hlcReceive(
  local: Hlc,
  remote: Hlc,
  wallMs: number,
  maxSkewMs: number = DEFAULT_MAX_SKEW_MS,
): ReceiveResult {
  const r = decodeHlc(remote);
  if (r.wall - wallMs > maxSkewMs) return { clock: local, skewed: true };
  return { clock: local >= remote ? local : remote, skewed: false };
}
