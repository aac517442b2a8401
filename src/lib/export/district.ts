/**
 * The district office's tables: its kitchens (`GET /api/v1/district/summary`, admin token)
 * and the transfers between them. The page shows and downloads them; the server writes the
 * same as CSV (`larder transfers`, the district routes).
 */
import type { TransferView } from '$lib/domain/transfer-views';
import { m } from '$lib/paraglide/messages';
import { localDateTime } from '$lib/ui-model/local-today';
import type { Table } from './tables';

export interface DistrictTablet {
  deviceId: string;
  name: string;
  /** ISO time of its last push, pull or stream; null when it never synced. */
  lastSeenAt: string | null;
}

export interface DistrictKitchen {
  kitchenId: string;
  name: string;
  /** Currency units, as the kitchen's tablets show it. */
  inventoryValue: number;
  /** Items below their par level. */
  belowPar: number;
  /** Waste recorded this month, in currency units. */
  monthWaste: number;
  /** Entries stamped today. */
  eventsToday: number;
  /** False while the server's figures are still catching up with the kitchen's last push. */
  caughtUp: boolean;
  tablets: DistrictTablet[];
  openTransfers: number;
  /** Transfers with a discrepancy or a conflict to settle. */
  transferIssues: number;
}

/** The latest sync of any of the kitchen's tablets (ISO), if one ever synced. */
export function lastSync(kitchen: DistrictKitchen): string | undefined {
  let latest: string | undefined;
  for (const { lastSeenAt } of kitchen.tablets) {
    if (lastSeenAt !== null && (latest === undefined || lastSeenAt > latest)) latest = lastSeenAt;
  }
  return latest;
}

export function districtTable(kitchens: readonly DistrictKitchen[], today: string): Table {
  return {
    file: m.export_district_file({ date: today }),
    headers: [
      m.export_kitchen_id(),
      m.district_kitchen(),
      m.district_value(),
      m.district_below_par(),
      m.district_waste(),
      m.district_events_today(),
      m.district_tablets(),
      m.district_last_sync(),
      m.export_open_transfers(),
      m.export_transfers_to_check(),
    ],
    rows: kitchens.map((k) => {
      const last = lastSync(k);
      return [
        k.kitchenId,
        k.name,
        k.inventoryValue,
        k.belowPar,
        k.monthWaste,
        k.eventsToday,
        k.tablets.length,
        last === undefined ? '' : localDateTime(Date.parse(last)),
        k.openTransfers,
        k.transferIssues,
      ];
    }),
  };
}

/**
 * Transfers, one row per line: when, from which school to which, the item as sent, what
 * was sent and what arrived, the discrepancy, the transfer's status and what is left to
 * settle. For the district office (`larder transfers`).
 */
export function transfersTable(transfers: readonly TransferView[], when: string): Table {
  const status = {
    open: m.transfer_status_open,
    received: m.transfer_status_received,
    refused: m.transfer_status_refused,
    cancelled: m.transfer_status_cancelled,
  };
  return {
    file: m.export_transfers_file({ date: when }),
    headers: [
      m.export_when(),
      m.export_from_school(),
      m.export_to_school(),
      m.export_item(),
      m.export_unit(),
      m.export_sent_qty(),
      m.export_arrived_qty(),
      m.export_discrepancy_qty(),
      m.export_status(),
      m.export_conflict(),
    ],
    rows: transfers.flatMap((transfer) =>
      transfer.lines.map((line) => [
        localDateTime(line.at),
        transfer.from.name,
        transfer.to.name,
        line.itemName,
        line.unit,
        line.undone ? 0 : line.qty,
        // In the unit sent, also when received into an item kept in another unit.
        line.received?.asSent?.qty ?? line.received?.qty ?? '',
        line.received?.asSent?.discrepancy ?? line.received?.discrepancy ?? '',
        status[transfer.status](),
        line.conflict === 'send_undone'
          ? m.transfer_conflict_send_undone()
          : line.conflict === 'received_twice'
            ? m.transfer_conflict_twice()
            : '',
      ]),
    ),
  };
}
