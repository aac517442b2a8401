import { describe, expect, test } from 'vitest';
import { conflicts } from './conflicts';
import type { LarderEvent } from './events';
import { fold } from './fold';
import { newRegister, observe } from './registers';
import { COOLER, DEVICE_B, DRY, ITEM_FLOUR, Timeline } from './test-support/events';

describe('conflicts', () => {
  test('two changes of the same field that did not see each other are a conflict; the later wins', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const a = t.event('item.changed', { itemId: ITEM_FLOUR, changes: { par: 12 }, prev: [] });
    const b = t.event(
      'item.changed',
      { itemId: ITEM_FLOUR, changes: { par: 15, name: 'Flour T55' }, prev: [] },
      { device: DEVICE_B, actor: 'JT' },
    );
    const state = fold([...catalog, b, a]);
    expect(state.items.get(ITEM_FLOUR)?.par).toBe(15);
    expect(conflicts(state)).toEqual([
      {
        kind: 'item.field',
        itemId: ITEM_FLOUR,
        field: 'par',
        winner: b.id,
        values: [
          { eventId: a.id, value: 12, actor: 'MG', device: a.device, hlc: a.hlc },
          { eventId: b.id, value: 15, actor: 'JT', device: DEVICE_B, hlc: b.hlc },
        ],
      },
    ]);
  });

  test('changes of different fields do not conflict', () => {
    const t = new Timeline();
    const state = fold([
      ...t.catalog(),
      t.event('item.changed', { itemId: ITEM_FLOUR, changes: { par: 12 }, prev: [] }),
      t.event('item.changed', { itemId: ITEM_FLOUR, changes: { unit: 'bag' }, prev: [] }),
    ]);
    expect(conflicts(state)).toEqual([]);
  });

  test('a change that names the previous one in prev saw it: no conflict', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const a = t.event('item.changed', { itemId: ITEM_FLOUR, changes: { par: 12 }, prev: [] });
    const b = t.event('item.changed', { itemId: ITEM_FLOUR, changes: { par: 9 }, prev: [a.id] });
    const state = fold([...catalog, a, b]);
    expect(conflicts(state)).toEqual([]);
    expect(state.items.get(ITEM_FLOUR)?.par).toBe(9);
  });

  test('an event whose prev names every value resolves the conflict', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const a = t.event('location.changed', {
      locationId: DRY,
      changes: { name: 'Pantry' },
      prev: [],
    });
    const b = t.event(
      'location.changed',
      { locationId: DRY, changes: { name: 'Dry goods' }, prev: [] },
      { device: DEVICE_B },
    );
    expect(conflicts(fold([...catalog, a, b]))).toMatchObject([
      { kind: 'location.field', locationId: DRY, field: 'name', winner: b.id },
    ]);
    const resolution = t.event('location.changed', {
      locationId: DRY,
      changes: { name: 'Pantry' },
      prev: [a.id, b.id],
    });
    const state = fold([...catalog, a, b, resolution]);
    expect(conflicts(state)).toEqual([]);
    expect(state.locations.get(DRY)?.name).toBe('Pantry');
  });

  test('two counts of the same shelf that did not see each other conflict; the later in the order is the stock', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const first = t.event('stock.counted', {
      itemId: ITEM_FLOUR,
      locationId: DRY,
      qty: 8,
      prev: [],
    });
    const mine = t.event('stock.counted', {
      itemId: ITEM_FLOUR,
      locationId: DRY,
      qty: 5,
      prev: [first.id],
    });
    const theirs = t.event(
      'stock.counted',
      { itemId: ITEM_FLOUR, locationId: DRY, qty: 6, prev: [first.id] },
      { device: DEVICE_B },
    );
    const other = t.event('stock.counted', {
      itemId: ITEM_FLOUR,
      locationId: COOLER,
      qty: 1,
      prev: [],
    });
    const state = fold([...catalog, first, theirs, mine, other]);
    expect(state.stock.get(ITEM_FLOUR)?.get(DRY)?.qty).toBe(6000);
    const [conflict, ...rest] = conflicts(state);
    expect(rest).toEqual([]);
    expect(conflict).toMatchObject({ kind: 'stock.count', itemId: ITEM_FLOUR, locationId: DRY });
    expect(conflict?.values.map((v) => v.value)).toEqual([5, 6]);
  });

  test('an undone value leaves the conflict, and an undone resolution does not reopen it', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const a = t.event('item.changed', { itemId: ITEM_FLOUR, changes: { par: 12 }, prev: [] });
    const b = t.event('item.changed', { itemId: ITEM_FLOUR, changes: { par: 15 }, prev: [] });
    const undoB = t.event('event.undone', { eventId: b.id });
    const undone = fold([...catalog, a, b, undoB]);
    expect(conflicts(undone)).toEqual([]);
    expect(undone.items.get(ITEM_FLOUR)?.par).toBe(12);

    const resolution = t.event('item.changed', {
      itemId: ITEM_FLOUR,
      changes: { par: 13 },
      prev: [a.id, b.id],
    });
    const undoResolution = t.event('event.undone', { eventId: resolution.id });
    const state = fold([...catalog, a, b, resolution, undoResolution]);
    expect(conflicts(state)).toEqual([]);
    expect(state.items.get(ITEM_FLOUR)?.par).toBe(15);
  });

  test('the heads do not depend on the order: an event named by an earlier-sorting one (skewed clock) is no head', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const laterId = t.event('item.changed', {
      itemId: ITEM_FLOUR,
      changes: { par: 1 },
      prev: [],
    }).id;
    const early = t.event('item.changed', {
      itemId: ITEM_FLOUR,
      changes: { par: 2 },
      prev: [laterId],
    });
    const later = t.event(
      'item.changed',
      { itemId: ITEM_FLOUR, changes: { par: 3 }, prev: [] },
      { id: laterId },
    );
    const state = fold([...catalog, early, later]);
    expect(conflicts(state)).toEqual([]);
    expect(state.registers.size).toBe(1);
  });

  test('a register remembers a named id only until its event arrives: a year of edits leaves nothing behind', () => {
    const t = new Timeline();
    const register = newRegister('item.field', { itemId: ITEM_FLOUR, field: 'par' });
    const change = (par: number, prev: string[], id?: string) =>
      t.event('item.changed', { itemId: ITEM_FLOUR, changes: { par }, prev }, id ? { id } : {});
    let last: LarderEvent = change(0, []);
    observe(register, last, []);
    for (let par = 1; par <= 100; par++) {
      const next = change(par, [last.id]);
      observe(register, next, [last.id]);
      last = next;
    }
    expect(register.heads).toEqual([last]);
    expect(register.named.size).toBe(0);
    // Named before it arrives (a skewed clock): kept until then, and it joins no heads.
    const laterId = change(0, []).id;
    const early = change(1, [last.id, laterId]);
    observe(register, early, [last.id, laterId]);
    expect([...register.named]).toEqual([laterId]);
    observe(register, change(2, [], laterId), []);
    expect(register.named.size).toBe(0);
    expect(register.heads).toEqual([early]);
  });
});
