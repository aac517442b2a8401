/**
 * Month-end downloads from the reports screen: the cost of food by source, the waste entries
 * and every entry of the period, one row each, opening in a spreadsheet (see `csv.ts`).
 * Dates are local ISO (2027-02-12T13:05); numbers are numbers. Loaded when asked for.
 */
import { hlcWall } from '$lib/domain/hlc';
import type { KitchenState } from '$lib/domain/state';
import { sourceName, wasteReasonName } from '$lib/i18n/words';
import { m } from '$lib/paraglide/messages';
import { describeEvent, itemOf, tabletName } from '$lib/ui-model/describe-event';
import { localDateTime } from '$lib/ui-model/local-today';
import type { MonthReport } from '$lib/ui-model/month-report';
import { downloadCsv } from './download';

export interface Period {
  first: string;
  last: string;
}

export function downloadReport(report: MonthReport, period: Period): void {
  const rows = [
    ...report.bySource.map((row) => [
      sourceName(row.source),
      row.opening,
      row.purchases,
      row.closing,
      row.costOfFood,
    ]),
    [m.export_total(), report.opening, report.purchases, report.closing, report.costOfFood],
  ];
  const headers = [
    m.col_source(),
    m.export_opening(),
    m.export_purchases(),
    m.export_closing(),
    m.export_cost_of_food(),
  ];
  downloadCsv(m.export_report_file(period), headers, rows);
}

export function downloadWaste(
  report: MonthReport,
  period: Period,
  self: string | undefined,
  names: Record<string, string>,
): void {
  const rows = report.wasteEntries.map((entry) => [
    localDateTime(entry.at),
    entry.item,
    entry.place,
    entry.qty,
    entry.unit,
    wasteReasonName(entry.reason),
    entry.note,
    entry.value,
    entry.actor,
    tabletName(entry.device, self, names),
  ]);
  const headers = [
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
  ];
  downloadCsv(m.export_waste_file(period), headers, rows);
}

export function downloadEvents(
  state: KitchenState,
  report: MonthReport,
  period: Period,
  self: string | undefined,
  names: Record<string, string>,
): void {
  const rows = state.log
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
        tabletName(event.device, self, names),
        state.undone.has(event.id) ? m.export_yes() : '',
        event.id,
      ];
    });
  const headers = [
    m.export_when(),
    m.export_entry(),
    m.export_item(),
    m.export_who(),
    m.export_tablet(),
    m.export_undone(),
    m.export_entry_id(),
  ];
  downloadCsv(m.export_events_file(period), headers, rows);
}
