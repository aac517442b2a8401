/**
 * Many items at once: lines pasted from a spreadsheet or a CSV file, one item per line as
 * `name, unit, category, par` (commas, semicolons or tabs; quotes allowed; a header line
 * naming the columns is recognised and may reorder them; a quoted cell may hold separators
 * and line breaks). Only name is required; unit
 * defaults to "each". Names already in the catalog, or repeated, are reported, not added.
 */
import Papa from 'papaparse';
import type { ItemFields } from '$lib/domain/events';
import { parseQuantity } from './quantity-keys';

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

export function parseItemLines(text: string, existingNames: Iterable<string> = []): ParsedItems {
  // Papa Parse finds the separator and reads quoted cells, quoted separators and line breaks;
  // a line break inside a quoted cell stays in its row, shown as a space.
  const rows = Papa.parse<string[]>(text.trim(), {
    delimitersToGuess: [',', '\t', ';'],
    skipEmptyLines: 'greedy',
  }).data.map((cells) => cells.map((cell) => cell.replace(/\s+/g, ' ').trim()));
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
    const n = index + 1;
    const value = (c: Column) => cells[columns.indexOf(c)] ?? '';
    const name = value('name');
    if (!name) return void problems.push(`Line ${n}: no item name.`);
    if (seen.has(name.toLocaleLowerCase()))
      return void problems.push(`Line ${n}: “${name}” is already in the list.`);
    const item: ItemFields = { name, unit: value('unit') || 'each' };
    if (value('category')) item.category = value('category');
    if (value('par')) {
      const par = parseQuantity(value('par'));
      if (par === undefined)
        return void problems.push(`Line ${n}: the par level “${value('par')}” is not a number.`);
      item.par = par;
    }
    seen.add(name.toLocaleLowerCase());
    items.push(item);
  });
  return { items, problems };
}
