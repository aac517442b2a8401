/**
 * The district office's view of its kitchens (`GET /api/v1/district/summary`, admin token),
 * and the same as a table: the page downloads it, the server writes it as CSV.
 */
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
