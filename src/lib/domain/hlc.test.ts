import { describe, expect, test } from 'vitest';
import {
  decodeHlc,
  DEFAULT_MAX_SKEW_MS,
  encodeHlc,
  HLC_ZERO,
  hlcNow,
  hlcReceive,
  hlcWall,
} from './hlc';

describe('hybrid logical clock', () => {
  test('encodes to fixed width, so string order is time order', () => {
    const stamps = [
      { wall: 9, counter: 99_999 },
      { wall: 10, counter: 0 },
      { wall: 10, counter: 2 },
      { wall: 1_767_225_600_000, counter: 1 },
    ].map(encodeHlc);
    expect(stamps[0]).toBe('000000000000009-99999');
    expect([...stamps].sort()).toEqual(stamps);
    expect(decodeHlc(stamps[3] ?? '')).toEqual({ wall: 1_767_225_600_000, counter: 1 });
    expect(hlcWall(stamps[3] ?? '')).toBe(1_767_225_600_000);
    expect(HLC_ZERO).toBe('000000000000000-00000');
    expect(() => decodeHlc('12-3')).toThrow('Not a clock stamp');
  });

  test('now: follows the wall clock when it is ahead, else counts up', () => {
    const last = encodeHlc({ wall: 1000, counter: 4 });
    expect(hlcNow(last, 2000.7)).toBe(encodeHlc({ wall: 2000, counter: 0 }));
    expect(hlcNow(last, 1000)).toBe(encodeHlc({ wall: 1000, counter: 5 }));
    expect(hlcNow(last, 10)).toBe(encodeHlc({ wall: 1000, counter: 5 }));
  });

  test('a full counter spills into the next millisecond', () => {
    const full = encodeHlc({ wall: 1000, counter: 99_999 });
    const next = hlcNow(full, 1000);
    expect(next).toBe(encodeHlc({ wall: 1001, counter: 0 }));
    expect(next > full).toBe(true);
  });

  test('receive: the clock moves to a later remote stamp, so the next local stamp sorts after it', () => {
    const local = encodeHlc({ wall: 1000, counter: 0 });
    const remote = encodeHlc({ wall: 5000, counter: 7 });
    const { clock, skewed } = hlcReceive(local, remote, 1000);
    expect(skewed).toBe(false);
    expect(clock).toBe(remote);
    expect(hlcNow(clock, 1000) > remote).toBe(true);
    expect(hlcReceive(remote, local, 1000).clock).toBe(remote);
  });

  test('receive: a stamp more than maxSkew ahead of the wall clock does not drag the clock', () => {
    const local = encodeHlc({ wall: 1000, counter: 0 });
    const future = encodeHlc({ wall: 1000 + DEFAULT_MAX_SKEW_MS + 1, counter: 0 });
    expect(hlcReceive(local, future, 1000)).toEqual({ clock: local, skewed: true });
    const edge = encodeHlc({ wall: 1000 + DEFAULT_MAX_SKEW_MS, counter: 0 });
    expect(hlcReceive(local, edge, 1000).skewed).toBe(false);
    expect(hlcReceive(local, encodeHlc({ wall: 1100, counter: 0 }), 1000, 50).skewed).toBe(true);
  });
});
