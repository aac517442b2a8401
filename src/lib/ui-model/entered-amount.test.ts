import { describe, expect, it } from 'vitest';
import { language } from '$lib/i18n/language.svelte';
import { keypadTotal, keypadUnits, parseAmount, readAmount } from './entered-amount';
import { id, testKitchen } from './test-kitchen';

function kitchen() {
  const k = testKitchen();
  k.run({ type: 'addItem', itemId: id(1), name: 'Peaches', unit: 'can' });
  k.run({ type: 'setPack', itemId: id(1), pack: 'case', factor: 6 });
  k.run({ type: 'addItem', itemId: id(2), name: 'Chicken', unit: 'lb' });
  return { peaches: k.state.items.get(id(1)), chicken: k.state.items.get(id(2)) };
}

describe('a quantity as typed on the keypad', () => {
  it('offers the packs, largest first, then the other units of a weight or volume', () => {
    const { peaches, chicken } = kitchen();
    expect(keypadUnits(peaches)).toEqual(['case']);
    expect(keypadUnits(chicken)).toEqual(['kg', 'g', 'oz']);
    expect(keypadUnits(undefined)).toEqual([]);
  });

  it('reads a number, or parts with their units', () => {
    expect(parseAmount('12')).toBe(12);
    expect(parseAmount('4 case + 5')).toEqual([
      { qty: 4, unit: 'case' },
      { qty: 5, unit: '' },
    ]);
    expect(parseAmount('4 case + ')).toEqual([{ qty: 4, unit: 'case' }]);
    expect(parseAmount('2,5 kg', ',')).toEqual([{ qty: 2.5, unit: 'kg' }]);
    expect(parseAmount('')).toBeUndefined();
    expect(parseAmount('case')).toBeUndefined();
    expect(parseAmount('4 case + x')).toBeUndefined();
  });

  it('says what it comes to in the item unit, or why it cannot be recorded', () => {
    const { peaches, chicken } = kitchen();
    expect(readAmount('', peaches, false)).toEqual({});
    expect(readAmount('4 case + 5', peaches, false)).toEqual({
      amount: [
        { qty: 4, unit: 'case' },
        { qty: 5, unit: 'can' },
      ],
      qty: 29,
      text: '4 case + 5 can (29 can)',
    });
    expect(readAmount('12', peaches, false)).toMatchObject({ amount: 12, qty: 12, text: '12 can' });
    expect(readAmount('2 kg', chicken, false)).toMatchObject({ qty: 4.409 });
    expect(readAmount('1 box', peaches, false)).toEqual({
      problem: '“box” is not a unit of Peaches: use can or one of its packs.',
    });
    expect(readAmount('0 case', peaches, false).problem).toBe('Enter a quantity more than 0.');
    expect(readAmount('0 case', peaches, true)).toMatchObject({ qty: 0 });
    // Under the keypad: parts and what they come to, or why not; nothing for a plain number.
    expect(keypadTotal(readAmount('4 case + 5', peaches, false))).toBe('4 case + 5 can (29 can)');
    expect(keypadTotal(readAmount('1 box', peaches, false))).toMatch(/^“box” is not a unit/);
    expect(keypadTotal(readAmount('12', peaches, false))).toBe('');
    language.choose('es');
    try {
      expect(readAmount('1,5 case', peaches, false)).toMatchObject({
        qty: 9,
        text: '1,5 case (9 can)',
      });
    } finally {
      language.choose('en');
    }
  });
});
