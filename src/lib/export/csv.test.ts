import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvField, csvTable } from './csv';

describe('CSV for spreadsheets', () => {
  it('quotes what needs it and neutralises formulas', () => {
    expect(csvField('Rice, long grain')).toBe('"Rice, long grain"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    for (const start of ['+', '-', '@']) expect(csvField(`${start}1`)).toBe(`'${start}1`);
    expect(csvField(-2.5)).toBe('-2.5');
    expect(csvField(undefined)).toBe('');
  });

  it('writes a semicolon table with decimal commas that reads back to the same numbers', () => {
    const format = { separator: ';', decimal: ',' };
    const text = csvTable(
      ['Artículo', 'Cantidad'],
      [
        ['Arroz; largo', 1.5],
        ['=1+1', -0.25],
      ],
      format,
    );
    expect(text).toBe('Artículo;Cantidad\r\n"Arroz; largo";1,5\r\n\'=1+1;-0,25\r\n');
    const rows = Papa.parse<string[]>(text.trim(), { delimiter: ';' }).data;
    expect(rows.slice(1).map(([, qty]) => Number(qty!.replace(',', '.')))).toEqual([1.5, -0.25]);
  });
});
