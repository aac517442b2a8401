import { describe, expect, test } from 'vitest';
import { moved, nextTodo, notCounted, walkLines } from './count-walk';
import { id, testKitchen } from './test-kitchen';

const SESSION = id(900);

function area() {
  const k = testKitchen();
  k.run({ type: 'addLocation', locationId: id(1), name: 'Dry store', kind: 'dry' });
  for (const [n, name] of [
    [11, 'Beans'],
    [12, 'Flour'],
    [13, 'Rice'],
  ] as const) {
    k.run({ type: 'addItem', itemId: id(n), name, unit: 'kg' });
    k.run({ type: 'receiveStock', itemId: id(n), locationId: id(1), qty: 5, unitCost: 2 });
  }
  return k;
}

describe('count walk', () => {
  test('lines say what is counted, skipped and still to do, with the record and the variance', () => {
    const k = area();
    k.run({ type: 'countStock', itemId: id(12), locationId: id(1), qty: 4, session: SESSION });
    const lines = walkLines(k.state, id(1), SESSION, [id(13)]);
    expect(lines.map((line) => [line.name, line.status, line.onRecord])).toEqual([
      ['Beans', 'todo', 5],
      ['Flour', 'counted', 4],
      ['Rice', 'skipped', 5],
    ]);
    expect(lines[1]?.count).toMatchObject({ before: 5, counted: 4, variance: -1, value: -2 });
    expect(nextTodo(lines, 0)).toBe(0);
    expect(nextTodo(lines, 1)).toBe(0);
    expect(notCounted(lines)).toEqual([id(11), id(13)]);
    const all = walkLines(k.state, id(1), SESSION, [id(11), id(13)]);
    expect(nextTodo(all, 0)).toBe(-1);
  });

  test('moving a line up or down swaps it with its neighbour, never past the ends', () => {
    expect(moved(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});
