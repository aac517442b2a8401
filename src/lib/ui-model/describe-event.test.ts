import { describe, expect, it } from 'vitest';
import { language } from '$lib/i18n/language.svelte';
import { describeEvent, tabletName } from './describe-event';
import { formatDateTime } from '$lib/i18n/format';
import { endOfDay, localToday, startOfDay } from './local-today';
import { id, testKitchen } from './test-kitchen';

describe('history in words', () => {
  it('describes stock entries with item unit and places, and undo naming its target', () => {
    const k = testKitchen();
    k.run({ type: 'addLocation', locationId: id(1), name: 'Freezer', kind: 'freezer' });
    k.run({ type: 'addLocation', locationId: id(2), name: 'Cooler', kind: 'cooler' });
    k.run({ type: 'addItem', itemId: id(3), name: 'Peas', unit: 'kg' });
    const [received] = k.run({
      type: 'receiveStock',
      itemId: id(3),
      locationId: id(1),
      qty: 2.5,
      unitCost: 1.2,
      bestBefore: '2027-02-01',
      supplier: 'Sysco',
    });
    const [wasted] = k.run({
      type: 'wasteStock',
      itemId: id(3),
      locationId: id(1),
      qty: 0.5,
      reason: 'spoiled',
      note: 'thawed',
    });
    const [moved] = k.run({ type: 'moveStock', itemId: id(3), from: id(1), to: id(2), qty: 1 });
    const [undo] = k.run({ type: 'undo', eventId: moved!.id });
    const say = (e: typeof received) => describeEvent(e!, k.state);
    expect(say(received)).toBe(
      'Received 2.5 kg into Freezer (best before Feb 1, 2027, $1.20 each, from Sysco)',
    );
    expect(say(wasted)).toBe('Wasted 0.5 kg from Freezer: spoiled (thawed)');
    expect(say(moved)).toBe('Moved 1 kg from Freezer to Cooler');
    expect(say(undo)).toBe('Undid: moved 1 kg from Freezer to Cooler');
    language.choose('es');
    try {
      expect(say(received)).toBe(
        'Recibido 2,5 kg en Freezer (consumo preferente 1 feb 2027, 1,20\u00a0US$ cada uno, de Sysco)',
      );
      expect(say(wasted)).toBe('Merma de 0,5 kg en Freezer: estropeado (thawed)');
      expect(say(undo)).toBe('Deshecho: movido 1 kg de Freezer a Cooler');
    } finally {
      language.choose('en');
    }
  });

  it('says what was entered in packs or other units, and a price per pack', () => {
    const k = testKitchen();
    k.run({ type: 'addLocation', locationId: id(1), name: 'Dry', kind: 'dry' });
    k.run({ type: 'addItem', itemId: id(2), name: 'Peaches', unit: 'can' });
    k.run({ type: 'setPack', itemId: id(2), pack: 'case', factor: 6 });
    k.run({ type: 'addItem', itemId: id(3), name: 'Chicken', unit: 'lb' });
    const [received] = k.run({
      type: 'receiveStock',
      itemId: id(2),
      locationId: id(1),
      qty: [{ qty: 2, unit: 'case' }],
      packCost: { pack: 'case', cost: 10 },
    });
    const [counted] = k.run({
      type: 'countStock',
      itemId: id(2),
      locationId: id(1),
      qty: [
        { qty: 1, unit: 'case' },
        { qty: 5, unit: 'can' },
      ],
    });
    const [used] = k.run({
      type: 'useStock',
      itemId: id(3),
      locationId: id(1),
      qty: [{ qty: 1, unit: 'kg' }],
    });
    const say = (e: typeof received) => describeEvent(e!, k.state);
    expect(say(received)).toBe('Received 2 case (12 can) into Dry ($10.00 per case of 6 can)');
    expect(say(counted)).toBe('Counted 1 case + 5 can (11 can) in Dry');
    expect(say(used)).toBe('Used 1 kg (2.205 lb) from Dry');
  });

  it('gives the local date as YYYY-MM-DD, and a day its first and last millisecond', () => {
    expect(localToday(new Date(2027, 0, 5, 23, 30))).toBe('2027-01-05');
    expect(startOfDay('2027-01-31')).toBe(new Date(2027, 0, 31).getTime());
    expect(endOfDay('2027-01-31')).toBe(new Date(2027, 1, 1).getTime() - 1);
  });

  it('says when a count dated back was entered', () => {
    const k = testKitchen();
    k.run({ type: 'addLocation', locationId: id(1), name: 'Dry', kind: 'dry' });
    k.run({ type: 'addItem', itemId: id(2), name: 'Rice', unit: 'kg' });
    const asOf = 1_767_000_000_000 - 86_400_000;
    const [count] = k.run({ type: 'countStock', itemId: id(2), locationId: id(1), qty: 4, asOf });
    const entered = count?.type === 'stock.counted' ? count.data.recordedAt : undefined;
    expect(entered).toBeGreaterThan(asOf);
    expect(describeEvent(count!, k.state)).toBe(
      `Counted 4 kg in Dry (entered ${formatDateTime(entered!)})`,
    );
  });
});

describe('which tablet', () => {
  const names = { 'aaaa-1111': 'Walk-in tablet', 'bbbb-2222': 'Line tablet' };
  it('says "this tablet" for itself, a known name, else a short id', () => {
    expect(tabletName('aaaa-1111', 'aaaa-1111', names)).toBe('this tablet');
    expect(tabletName('bbbb-2222', 'aaaa-1111', names)).toBe('Line tablet');
    expect(tabletName('cccc-3f3a', 'aaaa-1111', names)).toBe('tablet 3F3A');
    expect(tabletName('bbbb-2222', undefined, {})).toBe('tablet 2222');
  });
});
