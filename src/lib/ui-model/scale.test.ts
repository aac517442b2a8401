/**
 * The stock screen's lines at the size of a busy kitchen's school year: 500 items and 100k
 * events. How fast they are built is measured by the client benchmark, not asserted here
 * (a shared 2-core machine runs the tests).
 */
import { describe, expect, it } from 'vitest';
import { generateKitchenLog } from '../../../bench/generate-log';
import { fold } from '$lib/domain/fold';
import { itemDetail } from './item-detail';
import { filterLines, groupLines, stockLines } from './stock-list';

describe('stock screen at scale', () => {
  const log = generateKitchenLog({ events: 100_000, items: 500, seed: 7 });
  const state = fold(log.events);

  it('builds the lines of 500 items from 100k events, and filters them', () => {
    const built = stockLines(state, '2026-01-15');
    expect(built).toHaveLength(500);
    const typed = groupLines(filterLines(built, 'chick'), 'location');
    const shown = typed.flatMap((group) => group.lines);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(500);
    for (const { line } of shown) expect(line.haystack).toContain('chick');
  });

  it('builds one item screen with its history over the whole log', () => {
    const itemId = [...state.items.keys()][0]!;
    const detail = itemDetail(state, itemId);
    expect(detail?.history.length).toBeGreaterThan(10);
  });
});
