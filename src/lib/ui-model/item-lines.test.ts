import { describe, expect, it } from 'vitest';
import { language } from '$lib/i18n/language.svelte';
import { parseItemLines } from './item-lines';

describe('pasting many items', () => {
  it('reads name, unit, category, par per line, unit defaulting to each', () => {
    const { items, problems } = parseItemLines('Rice, kg, Dry goods, 10\nApples\n\n Milk ,l');
    expect(problems).toEqual([]);
    expect(items).toEqual([
      { name: 'Rice', unit: 'kg', category: 'Dry goods', par: 10 },
      { name: 'Apples', unit: 'each' },
      { name: 'Milk', unit: 'l' },
    ]);
  });

  it('follows a CSV header, quotes and semicolons', () => {
    const csv = 'Par;Item name;Unit\n2,5;"Cheese; grated";kg';
    expect(parseItemLines(csv).items).toEqual([{ name: 'Cheese; grated', unit: 'kg', par: 2.5 }]);
  });

  it('reads decimals as the file writes them, never guessing', () => {
    expect(parseItemLines('Rice,kg,Dry,"2,5"').problems).toEqual([
      'Line 1: the par level “2,5” is not a number.',
    ]);
    expect(parseItemLines('Rice;kg;Dry;2.5').problems).toHaveLength(1);
    expect(parseItemLines('Rice\tkg\tDry\t2.5').items[0]?.par).toBe(2.5);
  });

  it('knows the headers in Spanish too, and says its problems in the chosen language', () => {
    language.choose('es');
    try {
      const { items, problems } = parseItemLines(
        'Nombre\tUnidad\tCategoría\tNivel mínimo\nArroz\tkg\tSecos\t2,5\nFrijoles\n\tkg',
      );
      expect(items).toEqual([
        { name: 'Arroz', unit: 'kg', category: 'Secos', par: 2.5 },
        { name: 'Frijoles', unit: 'unidad' },
      ]);
      expect(problems).toEqual(['Línea 3: falta el nombre del artículo.']);
    } finally {
      language.choose('en');
    }
  });

  it('keeps a line break inside quotes in its row, as spreadsheets export it', () => {
    const csv = 'Item,Unit,Category\n"Flour, all purpose\nbleached",kg,"Dry\r\ngoods"\nRice,kg,Dry';
    expect(parseItemLines(csv).items).toEqual([
      { name: 'Flour, all purpose bleached', unit: 'kg', category: 'Dry goods' },
      { name: 'Rice', unit: 'kg', category: 'Dry' },
    ]);
  });

  it('reads tab-separated lines pasted from a spreadsheet', () => {
    expect(parseItemLines('Beans\tcan\tTins\t24').items).toEqual([
      { name: 'Beans', unit: 'can', category: 'Tins', par: 24 },
    ]);
  });

  it('reports duplicates, known names and bad par levels in words', () => {
    const { items, problems } = parseItemLines('Rice,kg\nrice,kg\nPeas,kg,,lots\nOats', ['Oats']);
    expect(items.map((i) => i.name)).toEqual(['Rice']);
    expect(problems).toEqual([
      'Line 2: “rice” is already in the list.',
      'Line 3: the par level “lots” is not a number.',
      'Line 4: “Oats” is already in the list.',
    ]);
  });
});
