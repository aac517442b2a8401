import { describe, expect, test } from 'vitest';
import type { LarderEvent } from './events';
import { locate, locateIn } from './locate';
import { DRY, ITEM_FLOUR, T0, Timeline } from './test-support/events';

const data = { itemId: ITEM_FLOUR, locationId: DRY, qty: 1 };

describe('locateIn', () => {
  test('finds ids in any order across sorted lists, the earliest list first for a copy', () => {
    const t = new Timeline();
    const run = Array.from({ length: 300 }, () => t.event('stock.used', data));
    const late = [run[10], run[200]].map((e) => ({ ...e }) as LarderEvent);
    const only = t.event('stock.used', data);
    const wanted = [run[250], late[0], only, run[3]].map((e) => (e as LarderEvent).id);
    // The copy of run[10] is found in the run, not in the second list.
    expect(locateIn([run, [...late, only]], [...wanted, 'absent'])).toEqual([[3, 10, 250], [2]]);
  });

  test('ids the time hint misses are found by a scan, every copy of them', () => {
    const t = new Timeline();
    const hinted = t.event('stock.used', data);
    const dragged = t.event('stock.used', data, {
      wall: T0 + 3_600_000,
      id: hinted.id.replace(/^.{8}/, '00000001'),
    });
    const plain = t.event('stock.used', data, { id: '33333333-0000-4000-8000-000000000001' });
    const lists = [[hinted, dragged], [{ ...plain }], [plain]];
    expect(locateIn(lists, [plain.id, dragged.id])).toEqual([[1], [0], [0]]);
    expect(locateIn(lists, [])).toEqual([[], [], []]);
  });
});

describe('locate', () => {
  test('gives ascending positions for ids spread over a long log, in any order', () => {
    const t = new Timeline();
    const log = Array.from({ length: 500 }, (_, i) =>
      t.event('stock.used', data, { counter: i % 3 }),
    );
    const at = [499, 0, 250, 251, 17];
    expect(
      locate(
        log,
        at.map((i) => (log[i] as LarderEvent).id),
      ),
    ).toEqual([0, 17, 250, 251, 499]);
  });
});
