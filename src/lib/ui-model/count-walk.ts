/**
 * Counting an area on the tablet: its items in shelf order, each with what is on record and,
 * once counted in this session, the count and its variance. Counts are events (saved as they
 * are entered); which items were skipped and where the person is in the walk are kept on the
 * tablet until the count is finished (`client/count-walks.ts`).
 */
import { countSession, shelfWalk, type CountLine } from '$lib/domain/count-sessions';
import { fromMilli } from '$lib/domain/quantity';
import type { KitchenState } from '$lib/domain/state';

export type WalkStatus = 'todo' | 'counted' | 'skipped';

export interface WalkLine {
  itemId: string;
  name: string;
  unit: string;
  packs?: Readonly<Record<string, number>>;
  /** What is on record at this area now, or then for a dated walk (item's unit); may be < 0. */
  onRecord: number;
  status: WalkStatus;
  /** The count entered in this session, with its variance and value. */
  count?: CountLine;
}

/**
 * The walk's lines; `then` is the kitchen as of the moment a dated walk stands for, whose
 * stock is what was on record when the counts were taken.
 */
export function walkLines(
  state: KitchenState,
  locationId: string,
  session: string,
  skipped: readonly string[],
  then: KitchenState = state,
): WalkLine[] {
  const counted = new Map(
    (countSession(state, session)?.lines ?? []).map((line) => [line.itemId, line]),
  );
  const passed = new Set(skipped);
  return shelfWalk(state, locationId).map((item) => {
    const count = counted.get(item.itemId);
    const cell = then.stock.get(item.itemId)?.get(locationId);
    return {
      itemId: item.itemId,
      name: item.name,
      unit: item.unit,
      ...(item.packs && { packs: item.packs }),
      onRecord: cell ? fromMilli(cell.qty) : 0,
      status: count ? 'counted' : passed.has(item.itemId) ? 'skipped' : 'todo',
      ...(count && { count }),
    };
  });
}

/** Where the walk goes after line `from`: the next line not counted or skipped, else -1. */
export function nextTodo(lines: readonly WalkLine[], from: number): number {
  for (let i = from + 1; i < lines.length; i++) if (lines[i]?.status === 'todo') return i;
  for (let i = 0; i <= from && i < lines.length; i++) if (lines[i]?.status === 'todo') return i;
  return -1;
}

/** The items a finished walk passed over: every line that was not counted. */
export function notCounted(lines: readonly WalkLine[]): string[] {
  return lines.filter((line) => line.status !== 'counted').map((line) => line.itemId);
}

/** The shelf order with line `index` moved one place up (-1) or down (+1). */
export function moved(order: readonly string[], index: number, by: -1 | 1): string[] {
  const to = index + by;
  if (index < 0 || index >= order.length || to < 0 || to >= order.length) return [...order];
  const next = [...order];
  [next[index], next[to]] = [next[to] as string, next[index] as string];
  return next;
}
