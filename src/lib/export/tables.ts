/**
 * The exports, as tables: a file name, headers in the chosen language and one row per line.
 * The tablet downloads them (`download.ts`); the server writes the same tables for the
 * district office (`server/exports.ts`). Dates are local ISO (2027-02-12T13:05); numbers are
 * numbers; values are in currency units with cents.
 */
import type { CountSession } from '$lib/domain/count-sessions';
import { hlcWall } from '$lib/domain/hlc';
import type { KitchenState } from '$lib/domain/state';
import { stockOnHand } from '$lib/domain/stock-on-hand';
import { sourceName, wasteReasonName } from '$lib/i18n/words';
import { m } from '$lib/paraglide/messages';
import { describeEvent, itemOf, tabletName } from '$lib/ui-model/describe-event';
import { localDateTime } from '$lib/ui-model/local-today';
import type { MonthReport } from '$lib/ui-model/month-report';
import { orderValue, type OrderGroup, type OrderLine } from '$lib/ui-model/order-list';
import type { Cell } from './csv';

/** On the tablet: hands a table to the browser as a file download. */
export { downloadTable } from './download';

export interface Table {
  file: string;
  headers: string[];
  rows: Cell[][];
}

export interface Period {
  first: string;
  last: string;
}

/** Which tablet recorded what: this one, a named one, or a short id. */
export interface Tablets {
  self: string | undefined;
  names: Record<string, string>;
}

/** The stock of `state` with its value, one row per item and storage area; `when` names it. */
export function stockTable(state: KitchenState, when: string): Table {
  return {
    file: m.export_stock_file({ date: when.replace(':', '') }),
    headers: [
      m.export_item(),
      m.export_category(),
      m.export_location(),
      m.export_quantity(),
      m.export_unit(),
      m.export_value(),
    ],
    rows: stockOnHand(state).map((row) => [
      row.itemName,
      state.items.get(row.itemId)?.category ?? '',
      row.locationName,
      row.qty,
      row.unit,
      row.value,
    ]),
  };
}

/** The order list by supplier, each line at `qtyOf` (what the list suggests by default). */
export function orderTable(
  groups: readonly OrderGroup[],
  today: string,
  qtyOf: (line: OrderLine) => number | undefined = (line) => line.toOrderUnits,
): Table {
  return {
    file: m.order_file({ date: today }),
    headers: [
      m.export_supplier(),
      m.export_item(),
      m.export_on_hand(),
      m.export_par(),
      m.export_to_order(),
      m.export_unit(),
      m.export_unit_cost(),
      m.export_value(),
    ],
    rows: groups.flatMap((group) =>
      group.lines.map((line) => [
        group.supplier,
        line.name,
        line.onHand,
        line.par,
        qtyOf(line) ?? '',
        line.orderUnit,
        line.lastUnitCost,
        orderValue(line, qtyOf(line) ?? 0),
      ]),
    ),
  };
}

/** Cost of food by source and in total: opening + purchases - closing. */
export function costOfFoodTable(report: MonthReport, period: Period): Table {
  return {
    file: m.export_report_file(period),
    // The same columns for every kitchen, transfers or not: the district office adds them up.
    headers: [
      m.col_source(),
      m.export_opening(),
      m.export_purchases(),
      m.export_transfers_in(),
      m.export_transfers_out(),
      m.export_closing(),
      m.export_cost_of_food(),
    ],
    rows: [
      ...report.bySource.map((row) => [
        sourceName(row.source),
        row.opening,
        row.purchases,
        row.transfersIn,
        row.transfersOut,
        row.closing,
        row.costOfFood,
      ]),
      [
        m.export_total(),
        report.opening,
        report.purchases,
        report.transfersIn,
        report.transfersOut,
        report.closing,
        report.costOfFood,
      ],
    ],
  };
}

/** Every waste entry of the period, with its value, who and which tablet. */
export function wasteTable(report: MonthReport, period: Period, tablets: Tablets): Table {
  return {
    file: m.export_waste_file(period),
    headers: [
      m.export_when(),
      m.export_item(),
      m.export_location(),
      m.export_quantity(),
      m.export_unit(),
      m.col_reason(),
      m.export_note(),
      m.export_value(),
      m.export_who(),
      m.export_tablet(),
    ],
    rows: report.wasteEntries.map((entry) => [
      localDateTime(entry.at),
      entry.item,
      entry.place,
      entry.qty,
      entry.unit,
      wasteReasonName(entry.reason),
      entry.note,
      entry.value,
      entry.actor,
      tabletName(entry.device, tablets.self, tablets.names),
    ]),
  };
}

/** Every entry stamped in the period, in words, with who, which tablet and whether undone. */
export function entriesTable(
  state: KitchenState,
  report: MonthReport,
  period: Period,
  tablets: Tablets,
): Table {
  return {
    file: m.export_events_file(period),
    headers: [
      m.export_when(),
      m.export_entry(),
      m.export_item(),
      m.export_who(),
      m.export_tablet(),
      m.export_undone(),
      m.export_entry_id(),
    ],
    rows: state.log
      .filter((event) => {
        const wall = hlcWall(event.hlc);
        return wall >= report.from && wall < report.to;
      })
      .map((event) => {
        const itemId = itemOf(event);
        return [
          localDateTime(hlcWall(event.hlc)),
          describeEvent(event, state),
          itemId ? (state.items.get(itemId)?.name ?? '') : '',
          event.actor,
          tabletName(event.device, tablets.self, tablets.names),
          state.undone.has(event.id) ? m.export_yes() : '',
          event.id,
        ];
      }),
  };
}

/** A count of an area: each line on record, counted, the difference and its value. */
export function countTable(state: KitchenState, session: CountSession): Table {
  const item = (itemId: string) => state.items.get(itemId);
  const area = state.locations.get(session.locationId)?.name ?? '';
  return {
    file: m.export_count_file({ date: localDateTime(hlcWall(session.started)).replace(':', '') }),
    headers: [
      m.export_when(),
      m.export_location(),
      m.export_item(),
      m.export_unit(),
      m.count_col_record(),
      m.count_col_counted(),
      m.count_col_difference(),
      m.export_value(),
      m.export_who(),
    ],
    rows: session.lines.map((line) => [
      localDateTime(hlcWall(line.hlc)),
      area,
      item(line.itemId)?.name ?? '',
      item(line.itemId)?.unit ?? '',
      line.before,
      line.counted,
      line.variance,
      line.value,
      line.actor,
    ]),
  };
}
