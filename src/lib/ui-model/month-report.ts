/**
 * The reports screen's figures for a period the person picks: the domain's period report
 * (`period-report.ts`) with names for its ids and each value rounded to cents once. A period
 * is local calendar days, from the start of the first to the end of the last.
 */
import { FOOD_SOURCES, type FoodSource, type WasteReason } from '$lib/domain/events';
import { microToCurrency, type Micro } from '$lib/domain/money';
import {
  periodReport,
  turnoverOf,
  type ItemFigure,
  type TransferFigure,
  type Turnover,
} from '$lib/domain/period-report';
import type { TransferView } from '$lib/domain/transfer-views';
import { lotsReceived, transferValue } from '$lib/domain/transfers';
import { sentInUnit } from '$lib/domain/transfer-units';
import { fromMilli } from '$lib/domain/quantity';
import type { KitchenState } from '$lib/domain/state';
import { endOfDay, localToday, startOfDay } from './local-today';

export interface SourceRow {
  source: FoodSource;
  opening: number;
  purchases: number;
  transfersIn: number;
  transfersOut: number;
  closing: number;
  costOfFood: number;
}

/** A line of a transfer received here or sent from here in the period. */
export interface TransferRow {
  eventId: string;
  incoming: boolean;
  /** The other school. */
  kitchen: string;
  item: string;
  unit: string;
  /** Sent: what left; received: what arrived. */
  qty: number;
  value: number;
  /** What was sent and what arrived of it, when known here (the receiver's report, or
   * the server's word for a line sent from here). */
  sent?: number;
  arrived?: number;
  /** A line sent from here the tablet has no word of from the server (an older one). */
  unheard?: boolean;
  /** The value lost (+) or found (-) on the way: sent value - arrived value. */
  discrepancy?: number;
  at: number;
  /** Who recorded the line here. */
  actor: string;
  /** Who recorded the other end (received it there, or sent it here), when the server said. */
  otherActor?: string | undefined;
}

export interface NamedValue {
  key: string;
  name: string;
  value: number;
}

export interface ItemRow {
  itemId: string;
  name: string;
  unit: string;
  qty: number;
  value: number;
}

export interface CountRow {
  eventId: string;
  item: string;
  unit: string;
  place: string;
  actor: string;
  at: number;
  variance: number;
  valueChange: number;
}

export interface MonthReport {
  opening: number;
  purchases: number;
  transfersIn: number;
  transfersOut: number;
  closing: number;
  costOfFood: number;
  /** The lines of transfers in and out of the period, oldest first. */
  transfers: TransferRow[];
  /** One row per source that had any value or purchase in the period. */
  bySource: SourceRow[];
  bySupplier: NamedValue[];
  /** Value per storage area and per category, at the start and at the end. */
  byLocation: { key: string; name: string; opening: number; closing: number }[];
  byCategory: { key: string; name: string; opening: number; closing: number }[];
  waste: { total: number; byReason: { reason: WasteReason; value: number }[]; byItem: ItemRow[] };
  /** Items by value used, the most first; the value used per day or week of the period. */
  usage: {
    total: number;
    byItem: ItemRow[];
    over: { by: 'day' | 'week'; bars: { start: string; value: number }[] };
  };
  counts: CountRow[];
  /** How fast stock turns, per source shown and for all of it. */
  turnover: { source: FoodSource | 'total'; figures: Turnover }[];
  /** Every waste entry of the period, oldest first, for the waste export. */
  wasteEntries: {
    at: number;
    item: string;
    unit: string;
    place: string;
    qty: number;
    reason: WasteReason;
    note: string;
    value: number;
    actor: string;
    device: string;
  }[];
  /** Wall-clock bounds of the period: [from, to). */
  from: number;
  to: number;
}

/** The first and last day of the month of `iso` (YYYY-MM-DD or YYYY-MM). */
export function monthOf(iso: string): { first: string; last: string } {
  const [y, mo] = iso.split('-').map(Number) as [number, number];
  const days = new Date(y, mo, 0).getDate();
  const month = `${y}-${String(mo).padStart(2, '0')}`;
  return { first: `${month}-01`, last: `${month}-${String(days).padStart(2, '0')}` };
}

const money = (micro: Micro) => microToCurrency(micro);

/** Past this many days, usage is drawn per week (a bar a day would be too thin). */
export const DAYS_DRAWN_BY_DAY = 62;

/**
 * The value used on each local day from `first` to `last`, days with none included; or in
 * each week (from Monday) for a longer period, each bar named by its Monday.
 */
function usageOver(
  entries: readonly { at: number; value: Micro }[],
  first: string,
  last: string,
): MonthReport['usage']['over'] {
  const days = Math.round((startOfDay(last) - startOfDay(first)) / 86_400_000) + 1;
  const by = days > DAYS_DRAWN_BY_DAY ? 'week' : 'day';
  /** The local day of `date`, or the Monday of its week. */
  const barOf = (date: Date) => {
    if (by === 'week') date.setDate(date.getDate() - ((date.getDay() + 6) % 7));
    return localToday(date);
  };
  const sums = new Map<string, Micro>();
  for (const entry of entries) {
    const bar = barOf(new Date(entry.at));
    sums.set(bar, (sums.get(bar) ?? 0n) + entry.value);
  }
  const bars: { start: string; value: number }[] = [];
  const date = new Date(startOfDay(first));
  for (let start = barOf(date); start <= last; start = barOf(date)) {
    bars.push({ start, value: money(sums.get(start) ?? 0n) });
    date.setDate(date.getDate() + (by === 'week' ? 7 : 1));
  }
  return { by, bars };
}
const byValue = <T extends { value: number }>(a: T, b: T) => b.value - a.value;

/**
 * What arrived of a line sent from here, and what it was worth, from the server's view of
 * the transfers sent (`sent`): the receiving school's receipt is in its own log.
 */
function receiptOf(
  line: TransferFigure,
  sent: readonly TransferView[],
): Pick<TransferRow, 'sent' | 'arrived' | 'discrepancy' | 'unheard' | 'otherActor'> {
  for (const view of sent) {
    const found = view.lines.find((l) => l.eventId === line.eventId);
    if (!found) continue;
    const { received } = found;
    if (!received) return { sent: found.qty };
    // Received into an item of another unit (lb for kg): valued as that kitchen's receipt.
    const lots = received.unit ? sentInUnit(found, received.unit).lots : found.lots;
    const arrived = transferValue(lotsReceived(lots, received.qty));
    return {
      sent: found.qty,
      arrived: received.asSent?.qty ?? received.qty,
      discrepancy: money(transferValue(lots) - arrived),
      otherActor: received.actor,
    };
  }
  return { unheard: true };
}

/** Who sent a line received here, from the server's view of the transfers coming here. */
function senderOf(line: TransferFigure, arriving: readonly TransferView[]): string | undefined {
  const view = arriving.find(
    (v) => v.transferId === line.transferId && v.from.kitchenId === line.kitchen,
  );
  const sent = view?.lines.find((l) => l.received?.eventId === line.eventId) ?? view?.lines[0];
  return sent?.actor;
}

/**
 * The report of the local days `first` to `last`, both included. `sent` and `arriving`: the
 * server's views of the transfers sent from here (for what arrived of them) and coming here
 * (for who sent them).
 */
export function monthReport(
  state: KitchenState,
  first: string,
  last: string,
  sent: readonly TransferView[] = [],
  arriving: readonly TransferView[] = [],
): MonthReport {
  const report = periodReport(state.log, startOfDay(first), endOfDay(last) + 1);
  const itemName = (id: string) => state.items.get(id)?.name ?? '';
  const unitOf = (id: string) => state.items.get(id)?.unit ?? '';
  const place = (id: string) => state.locations.get(id)?.name ?? '';
  const items = (figures: Map<string, ItemFigure>): ItemRow[] =>
    [...figures.values()]
      .map((f) => ({
        itemId: f.itemId,
        name: itemName(f.itemId),
        unit: unitOf(f.itemId),
        qty: fromMilli(f.qty),
        value: money(f.value),
      }))
      .sort((a, b) => byValue(a, b) || a.name.localeCompare(b.name));
  const both = (
    opening: Map<string, Micro>,
    closing: Map<string, Micro>,
    name: (key: string) => string,
  ) =>
    [...new Set([...opening.keys(), ...closing.keys()])]
      .map((key) => ({
        key,
        name: name(key),
        opening: money(opening.get(key) ?? 0n),
        closing: money(closing.get(key) ?? 0n),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  const turns = turnoverOf(report);
  return {
    turnover: [
      ...FOOD_SOURCES.filter(
        (source) =>
          report.opening.bySource[source] ||
          report.closing.bySource[source] ||
          report.costOfFood.bySource[source],
      ).map((source) => ({ source, figures: turns[source] })),
      { source: 'total' as const, figures: turns.total },
    ],
    opening: money(report.opening.total),
    purchases: money(report.purchases.total),
    transfersIn: money(report.transfersIn.total),
    transfersOut: money(report.transfersOut.total),
    transfers: [
      ...report.transfersIn.lines.map((line) => ({ line, incoming: true })),
      ...report.transfersOut.lines.map((line) => ({ line, incoming: false })),
    ]
      .sort((a, b) => a.line.at - b.line.at)
      .map(({ line, incoming }) => ({
        eventId: line.eventId,
        incoming,
        kitchen: line.kitchenName ?? line.kitchen,
        item: itemName(line.itemId),
        unit: unitOf(line.itemId),
        qty: fromMilli(line.qty),
        value: money(line.value),
        ...(incoming
          ? {
              sent: fromMilli(line.sentQty ?? line.qty),
              arrived: fromMilli(line.qty),
              discrepancy: money(line.discrepancy ?? 0n),
            }
          : receiptOf(line, sent)),
        ...(incoming && { otherActor: senderOf(line, arriving) }),
        at: line.at,
        actor: line.actor,
      })),
    closing: money(report.closing.total),
    costOfFood: money(report.costOfFood.total),
    bySource: FOOD_SOURCES.map((source) => ({
      source,
      opening: money(report.opening.bySource[source]),
      purchases: money(report.purchases.bySource[source]),
      transfersIn: money(report.transfersIn.bySource[source]),
      transfersOut: money(report.transfersOut.bySource[source]),
      closing: money(report.closing.bySource[source]),
      costOfFood: money(report.costOfFood.bySource[source]),
    })).filter(
      (row) =>
        row.opening ||
        row.purchases ||
        row.transfersIn ||
        row.transfersOut ||
        row.closing ||
        row.source === 'purchased',
    ),
    bySupplier: [...report.purchases.bySupplier]
      .map(([key, value]) => ({ key, name: key, value: money(value) }))
      .sort(byValue),
    byLocation: both(report.opening.byLocation, report.closing.byLocation, place),
    byCategory: both(report.opening.byCategory, report.closing.byCategory, (key) => key),
    waste: {
      total: money(report.waste.total),
      byReason: [...report.waste.byReason]
        .map(([reason, value]) => ({ reason, value: money(value) }))
        .sort(byValue),
      byItem: items(report.waste.byItem),
    },
    usage: {
      total: money(report.usage.total),
      byItem: items(report.usage.byItem),
      over: usageOver(report.usage.entries, first, last),
    },
    wasteEntries: report.waste.entries.map((entry) => ({
      at: entry.at,
      item: itemName(entry.itemId),
      unit: unitOf(entry.itemId),
      place: place(entry.locationId),
      qty: fromMilli(entry.qty),
      reason: entry.reason,
      note: entry.note ?? '',
      value: money(entry.value),
      actor: entry.actor,
      device: entry.device,
    })),
    from: report.from,
    to: report.to,
    counts: report.counts.map((count) => ({
      eventId: count.eventId,
      item: itemName(count.itemId),
      unit: unitOf(count.itemId),
      place: place(count.locationId),
      actor: count.actor,
      at: count.at,
      variance: fromMilli(count.variance),
      valueChange: money(count.valueChange),
    })),
  };
}
