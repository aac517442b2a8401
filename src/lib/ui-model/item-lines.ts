/**
 * Many items at once: lines pasted from a spreadsheet or a CSV file, one item per line as
 * `name, unit, category, par` (commas, semicolons or tabs; quotes allowed; a header line
 * naming the columns is recognised and may reorder them; a quoted cell may hold separators
 * and line breaks). Only name is required; unit defaults to "each" in the chosen language.
 * Names already in the catalog, or repeated, are reported, not added.
 *
 * Header names are recognised in every language of the catalog. Decimals follow the file:
 * a point where cells are separated by commas, a comma where by semicolons (as spreadsheets
 * in those locales save CSV), the chosen locale's separator in tab-separated lines.
 */
import Papa from 'papaparse';
import type { ItemFields } from '$lib/domain/events';
import { decimalSeparator, formatNumber, parseNumber } from '$lib/i18n/format';
import { m } from '$lib/paraglide/messages';
import { locales } from '$lib/paraglide/runtime';

export interface ParsedItems {
  items: ItemFields[];
  problems: string[];
}

const COLUMNS = ['name', 'unit', 'category', 'par'] as const;
type Column = (typeof COLUMNS)[number];
const ALIASES: Record<string, Column> = {
  name: 'name',
  item: 'name',
  'item name': 'name',
  unit: 'unit',
  units: 'unit',
  category: 'category',
  group: 'category',
  par: 'par',
  'par level': 'par',
};
for (const locale of locales) {
  ALIASES[m.field_name({}, { locale }).toLowerCase()] = 'name';
  ALIASES[m.label_item({}, { locale }).toLowerCase()] = 'name';
  ALIASES[m.field_unit({}, { locale }).toLowerCase()] = 'unit';
  ALIASES[m.field_category({}, { locale }).toLowerCase()] = 'category';
  ALIASES[m.field_par({}, { locale }).toLowerCase()] = 'par';
}

const DECIMALS: Record<string, string> = { ',': '.', ';': ',' };

export function parseItemLines(text: string, existingNames: Iterable<string> = []): ParsedItems {
  // Papa Parse finds the separator and reads quoted cells, quoted separators and line breaks;
  // a line break inside a quoted cell stays in its row, shown as a space.
  const parsed = Papa.parse<string[]>(text.trim(), {
    delimitersToGuess: [',', '\t', ';'],
    skipEmptyLines: 'greedy',
  });
  const rows = parsed.data.map((cells) => cells.map((cell) => cell.replace(/\s+/g, ' ').trim()));
  const separator = DECIMALS[parsed.meta.delimiter] ?? decimalSeparator();
  let columns: (Column | undefined)[] = [...COLUMNS];
  const head = (rows[0] ?? []).map((c) => ALIASES[c.toLowerCase()]);
  if (head[0] !== undefined && head.every((c) => c !== undefined)) {
    columns = head;
    rows.shift();
  }
  const seen = new Set([...existingNames].map((n) => n.toLocaleLowerCase()));
  const items: ItemFields[] = [];
  const problems: string[] = [];
  rows.forEach((cells, index) => {
    const n = formatNumber(index + 1);
    const value = (c: Column) => cells[columns.indexOf(c)] ?? '';
    const name = value('name');
    if (!name) return void problems.push(m.lines_no_name({ n }));
    if (seen.has(name.toLocaleLowerCase()))
      return void problems.push(m.lines_duplicate({ n, name }));
    const item: ItemFields = { name, unit: value('unit') || m.lines_default_unit() };
    if (value('category')) item.category = value('category');
    if (value('par')) {
      const par = parseNumber(value('par'), separator);
      if (par === undefined) return void problems.push(m.lines_bad_par({ n, value: value('par') }));
      item.par = par;
    }
    seen.add(name.toLocaleLowerCase());
    items.push(item);
  });
  return { items, problems };
}
