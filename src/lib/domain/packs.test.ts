import { describe, expect, test } from 'vitest';
import { conflicts } from './conflicts';
import { DEVICE_B } from './test-support/events';
import { refused, Tablet } from './test-support/tablet';
import { validateEvent } from './validate';

function kitchen() {
  const tablet = new Tablet();
  const peaches = tablet.added({ type: 'addItem', name: 'Peaches #10', unit: 'can' });
  const chicken = tablet.added({ type: 'addItem', name: 'Chicken', unit: 'lb' });
  return { tablet, peaches, chicken };
}

describe('packs of an item', () => {
  test('set, changed and removed; each pack is kept apart', () => {
    const { tablet, peaches, chicken } = kitchen();
    tablet.run({ type: 'setPack', itemId: peaches, pack: ' case ', factor: 6 });
    tablet.run({ type: 'setPack', itemId: peaches, pack: 'tray', factor: 3 });
    tablet.run({ type: 'setPack', itemId: chicken, pack: 'case', factor: 40 });
    tablet.run({ type: 'setPack', itemId: peaches, pack: 'case', factor: 12 });
    expect(tablet.state.items.get(peaches)?.packs).toEqual({ case: 12, tray: 3 });
    tablet.run({ type: 'setPack', itemId: peaches, pack: 'tray', factor: null });
    expect(tablet.state.items.get(peaches)?.packs).toEqual({ case: 12 });
    expect(tablet.state.items.get(chicken)?.packs).toEqual({ case: 40 });
  });

  test('bad packs are refused with the field named, and nothing is recorded', () => {
    const { tablet, peaches, chicken } = kitchen();
    const before = tablet.log.events.length;
    const set = (itemId: string, pack: string, factor: number | null) =>
      refused(() => tablet.run({ type: 'setPack', itemId, pack, factor }));
    expect(set(peaches, 'CAN', 6)).toMatchObject({ code: 'pack_is_unit', field: 'pack' });
    expect(set(peaches, 'case', 6.5)).toMatchObject({
      code: 'invalid_quantity',
      field: 'factor',
      detail: { rule: 'whole' },
    });
    expect(set(peaches, 'case', 0)).toMatchObject({ code: 'invalid_quantity', field: 'factor' });
    expect(set(peaches, 'case', -6)).toMatchObject({ code: 'invalid_quantity', field: 'factor' });
    expect(set(peaches, '  ', 6)).toMatchObject({ code: 'invalid_field', field: 'pack' });
    expect(set(peaches, 'case', null)).toMatchObject({ code: 'nothing_changed' });
    expect(tablet.log.events).toHaveLength(before);
    // A weight may come in a fractional pack: a 2.5 lb bag.
    tablet.run({ type: 'setPack', itemId: chicken, pack: 'bag', factor: 2.5 });
    expect(tablet.state.items.get(chicken)?.packs).toEqual({ bag: 2.5 });
  });

  test('the server refuses a pack event with a bad factor, naming the field', () => {
    const { tablet, peaches } = kitchen();
    const [event] = tablet.run({ type: 'setPack', itemId: peaches, pack: 'case', factor: 6 });
    const bad = { ...event!, data: { ...event!.data, factor: -6 } };
    expect(validateEvent(bad)).toMatchObject({ ok: false, issues: [{ path: 'data.factor' }] });
  });

  test('two tablets changing one pack conflict; different packs merge; one tap settles it', () => {
    const { tablet: a, peaches } = kitchen();
    const b = new Tablet(DEVICE_B, 'JO');
    b.log.addAll(a.state.log);
    b.clock = a.clock;
    b.now = a.now;
    a.run({ type: 'setPack', itemId: peaches, pack: 'case', factor: 6 });
    b.run({ type: 'setPack', itemId: peaches, pack: 'case', factor: 12 });
    b.run({ type: 'setPack', itemId: peaches, pack: 'sleeve', factor: 3 });
    a.log.addAll(b.state.log);
    b.log.addAll(a.state.log);
    for (const tablet of [a, b]) {
      expect(tablet.state.items.get(peaches)?.packs).toEqual({ case: 12, sleeve: 3 });
      expect(conflicts(tablet.state)).toMatchObject([
        {
          kind: 'item.field',
          itemId: peaches,
          field: 'pack:case',
          values: [{ value: 6 }, { value: 12 }],
        },
      ]);
    }
    a.run({ type: 'setPack', itemId: peaches, pack: 'case', factor: 6 });
    expect(conflicts(a.state)).toEqual([]);
    expect(a.state.items.get(peaches)?.packs).toEqual({ case: 6, sleeve: 3 });
  });
});
