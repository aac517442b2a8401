/**
 * The tablet's exports, written by the server for the district office: `larder report` and
 * `GET /api/v1/kitchens/:kitchen/exports/:name.csv` (device token). The kitchen's log is read
 * from the store, folded, and put through the tablet's own tables (`src/lib/export/tables`),
 * so a file from the server and one from a synced tablet hold the same figures. Days are the
 * server's local calendar days (its TZ); headers are in English.
 */
import type { Context } from 'hono';
import { countSession } from '../src/lib/domain/count-sessions';
import { fold } from '../src/lib/domain/fold';
import type { EventEnvelope } from '../src/lib/domain/events';
import { isRealCalendarDate } from '../src/lib/domain/iso-date';
import { stateAsOf } from '../src/lib/domain/period-report';
import { csvTable, UTF8_BOM } from '../src/lib/export/csv';
import {
  costOfFoodTable,
  countTable,
  entriesTable,
  orderTable,
  stockTable,
  wasteTable,
  type Table,
} from '../src/lib/export/tables';
import { localDateTime, localToday, startOfDay } from '../src/lib/ui-model/local-today';
import { monthOf, monthReport } from '../src/lib/ui-model/month-report';
import { orderList } from '../src/lib/ui-model/order-list';
import type { Store } from './storage/store';

export const EXPORT_NAMES = ['stock', 'order', 'cost-of-food', 'waste', 'entries', 'count'];

/** What an export is asked for with; each is optional, and checked. */
export interface ExportParams {
  /** Period of the month-end exports, local days YYYY-MM-DD; this month by default. */
  first?: string | undefined;
  last?: string | undefined;
  /** The stock as of this local moment (YYYY-MM-DDTHH:MM); now by default. */
  at?: string | undefined;
  /** The count session of the `count` export. */
  session?: string | undefined;
}

/** A request that cannot be answered as asked: which parameter, and why. */
export class ExportRequestError extends Error {
  constructor(
    readonly param: string,
    message: string,
    readonly status: 400 | 404 = 400,
  ) {
    super(message);
    this.name = 'ExportRequestError';
  }
}

/** The longest period a month-end export covers: a school year and then some. */
export const MAX_PERIOD_DAYS = 366;
const PAGE = 5000;

async function readLog(store: Store, kitchenId: string): Promise<EventEnvelope[]> {
  const events: EventEnvelope[] = [];
  for (let after = 0; ;) {
    const page = await store.read(kitchenId, after, PAGE);
    for (const { seq: _seq, ...event } of page.events) events.push(event);
    after = page.events.at(-1)?.seq ?? after;
    if (!page.more) return events;
  }
}

function period(params: ExportParams, now: number): { first: string; last: string } {
  const month = monthOf(localToday(new Date(now)));
  const first = params.first ?? month.first;
  const last = params.last ?? (params.first === undefined ? month.last : first);
  for (const [param, day] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !isRealCalendarDate(day)) {
      throw new ExportRequestError(param, `${param} must be a date as YYYY-MM-DD`);
    }
  }
  if (last < first) throw new ExportRequestError('last', 'last must not be before first');
  if ((startOfDay(last) - startOfDay(first)) / 86_400_000 >= MAX_PERIOD_DAYS) {
    throw new ExportRequestError('last', `a period is at most ${MAX_PERIOD_DAYS} days`);
  }
  return { first, last };
}

function moment(at: string): number {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(at);
  const wall = match ? new Date(at).getTime() : NaN;
  if (!match || !isRealCalendarDate(match[1] as string) || !Number.isFinite(wall)) {
    throw new ExportRequestError('at', 'at must be a local date and time as YYYY-MM-DDTHH:MM');
  }
  return wall;
}

/** The export `name` of a kitchen as a table; throws `ExportRequestError` for a bad ask. */
export async function kitchenExport(
  store: Store,
  kitchenId: string,
  name: string,
  params: ExportParams,
  now = Date.now(),
): Promise<Table> {
  if (!EXPORT_NAMES.includes(name)) {
    throw new ExportRequestError(
      'name',
      `no export ${JSON.stringify(name.slice(0, 40))}: one of ${EXPORT_NAMES.join(', ')}`,
      404,
    );
  }
  // Checked before the log is read: a bad ask costs nothing.
  const wall = params.at === undefined ? undefined : moment(params.at);
  const days = ['cost-of-food', 'waste', 'entries'].includes(name)
    ? period(params, now)
    : undefined;
  if (name === 'count' && !params.session) {
    throw new ExportRequestError('session', 'the count export needs a session');
  }

  const state = fold(await readLog(store, kitchenId));
  const devices = await store.listDevices(kitchenId);
  const tablets = {
    self: undefined,
    names: Object.fromEntries(devices.map((device) => [device.deviceId, device.name])),
  };
  if (name === 'stock') {
    return wall === undefined
      ? stockTable(state, localDateTime(now))
      : stockTable(stateAsOf(state.log, wall), params.at as string);
  }
  if (name === 'order') return orderTable(orderList(state), localToday(new Date(now)));
  if (name === 'count') {
    const session = countSession(state, params.session as string);
    if (!session) throw new ExportRequestError('session', 'no count with that session', 404);
    return countTable(state, session);
  }
  const range = days as { first: string; last: string };
  const report = monthReport(state, range.first, range.last);
  if (name === 'cost-of-food') return costOfFoodTable(report, range);
  if (name === 'waste') return wasteTable(report, range, tablets);
  return entriesTable(state, report, range, tablets);
}

/** The file: UTF-8 with its mark (the common spreadsheets detect it), `,` and `.`. */
export function tableCsv(table: Table): string {
  return UTF8_BOM + csvTable(table.headers, table.rows);
}

/** The answer that downloads `text` as the CSV file `file`. */
export function csvAnswer(c: Context, file: string, text: string): Response {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${file}"`);
  return c.body(text);
}
