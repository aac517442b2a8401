import { describe, expect, it } from 'vitest';
import { rankItems, usedRecently } from './item-search';

const items = [
  { itemId: '1', name: 'Chicken thighs' },
  { itemId: '2', name: 'Milk, whole' },
  { itemId: '3', name: 'Chocolate milk' },
  { itemId: '4', name: 'Buttermilk' },
  { itemId: '5', name: 'Jalapeño peppers' },
];
const names = (list: { name: string }[]) => list.map((i) => i.name);

describe('finding an item by typing', () => {
  it('puts word starts first, then matches anywhere, and leaves out the rest', () => {
    expect(names(rankItems(items, 'milk'))).toEqual([
      'Chocolate milk',
      'Milk, whole',
      'Buttermilk',
    ]);
    expect(names(rankItems(items, 'ch th'))).toEqual(['Chicken thighs']);
    expect(names(rankItems(items, 'xyz'))).toEqual([]);
  });

  it('finds an item by its barcode, typed or scanned', () => {
    const coded = [...items, { itemId: '6', name: 'Peaches, diced', barcode: '0072745803403' }];
    expect(names(rankItems(coded, '0072745803403'))).toEqual(['Peaches, diced']);
    expect(names(rankItems(coded, '00727'))).toEqual([]);
  });

  it('reads accents and case as the cook types them', () => {
    expect(names(rankItems(items, 'JALAPENO'))).toEqual(['Jalapeño peppers']);
  });

  it('puts the recently used first, with or without a search', () => {
    const recent = ['2', '4'];
    expect(names(rankItems(items, '', recent)).slice(0, 3)).toEqual([
      'Milk, whole',
      'Buttermilk',
      'Chicken thighs',
    ]);
    expect(names(rankItems(items, 'milk', recent))).toEqual([
      'Milk, whole',
      'Chocolate milk',
      'Buttermilk',
    ]);
  });

  it('keeps a short list of the recently used, newest first', () => {
    expect(usedRecently(['a', 'b', 'c'], 'b')).toEqual(['b', 'a', 'c']);
    expect(usedRecently(['a', 'b'], 'z', 2)).toEqual(['z', 'a']);
  });

  it('narrows 500 items to the few a cook means', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ itemId: `${i}`, name: `Item ${i}` }));
    const found = names(rankItems(many, '49'));
    expect(found.slice(0, 11)).toEqual([
      'Item 49',
      ...Array.from({ length: 10 }, (_, i) => `Item 49${i}`),
    ]);
    expect(found.slice(11)).toEqual(['Item 149', 'Item 249', 'Item 349', 'Item 449']);
  });
});
