/**
 * The stock screen stays smooth at the size of a busy kitchen's school year: 500 items and
 * 100k events. Generous bounds (a shared 2-core machine runs the tests); on a tablet the
 * list is built once per change and filtered per keystroke.
 */
import { describe, expect, it } from 'vitest';
import { generateKitchenLog } from '../../../bench/generate-log';
import { fold } from '$lib/domain/fold';
import { itemDetail } from './item-detail';
import { filterLines, groupLines, stockLines } from './stock-list';

function time<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

describe('stock screen at scale', () => {
  const log = generateKitchenLog({ events: 100_000, items: 500, seed: 7 });
  const state = fold(log.events);

  it('builds the lines of 500 items from 100k events quickly, and filters per keystroke', () => {
    const built = time(() => stockLines(state, '2026-01-15'));
    expect(built.value).toHaveLength(500);
    expect(built.ms).toBeLessThan(400);
    const typed = time(() => groupLines(filterLines(built.value, 'chick'), 'location'));
    expect(typed.value.length).toBeGreaterThan(0);
    expect(typed.ms).toBeLessThan(30);
  });

  it('builds one item screen (history over the whole log) quickly', () => {
    const itemId = [...state.items.keys()][0]!;
    const detail = time(() => itemDetail(state, itemId));
    expect(detail.value?.history.length).toBeGreaterThan(10);
    expect(detail.ms).toBeLessThan(400);
  });
});
