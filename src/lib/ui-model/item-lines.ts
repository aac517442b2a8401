/**
 * Many items at once: lines pasted from a spreadsheet or a CSV file, one item per line as
 * `name, unit, category, par` (commas, semicolons or tabs; quotes allowed; a header line
 * naming the columns is recognised and may reorder them). Only name is required; unit
 * defaults to "each". Names already in the catalog, or repeated, are reported, not added.
 */
import type { ItemFields } from '$lib/domain/events';
import { parseQuantity } from './quantity-keys';

export interface ParsedItems {
  items: ItemFields[];
  problems: string[];
}

function splitLine(line: string, separator: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === separator) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
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
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const first = lines[0] ?? '';
  const separator = first.includes('\t')
    ? '\t'
    : first.includes(';') && !first.includes(',')
      ? ';'
      : ',';
  let columns: (Column | undefined)[] = [...COLUMNS];
  const head = splitLine(first, separator).map((c) => ALIASES[c.toLowerCase()]);
  if (head[0] !== undefined && head.every((c) => c !== undefined)) {
    columns = head;
    lines.shift();
  }
  const seen = new Set([...existingNames].map((n) => n.toLocaleLowerCase()));
  const items: ItemFields[] = [];
  const problems: string[] = [];
  lines.forEach((line, index) => {
    const n = index + 1;
    const cells = splitLine(line, separator);
    const value = (c: Column) => cells[columns.indexOf(c)]?.trim() ?? '';
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
