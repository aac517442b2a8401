/**
 * The district office's view: every kitchen with its figures from the read tables, its
 * tablets and when each last synced, and its open or off transfers. Admin token only.
 */
import { encodeHlc } from '../src/lib/domain/hlc';
import type { DistrictKitchen } from '../src/lib/export/district';
import type { AppDeps } from './context';
import { localMonth } from './read-models/rows';
import { localToday, startOfDay } from '../src/lib/ui-model/local-today';
import type { Device } from './storage/store';
import { districtTransfers } from './transfers';

export async function districtSummary(
  deps: Pick<AppDeps, 'store' | 'readModels' | 'activity' | 'clock'>,
): Promise<DistrictKitchen[]> {
  const { store, readModels, activity } = deps;
  const now = deps.clock();
  // This process's marks first: a tablet that synced a moment ago shows so.
  await activity.flush();
  const dayStart = encodeHlc({ wall: startOfDay(localToday(now)), counter: 0 });
  const rows = (await readModels?.district(localMonth(now.getTime()).month, dayStart)) ?? [];
  const figures = new Map(rows.map((row) => [row.kitchenId, row]));
  const transfers = await districtTransfers(store, false);
  // A few queries for the district, not a few per kitchen (500 kitchens on PostgreSQL:
  // 420 ms with one per kitchen).
  const heads = await store.heads();
  const devices = new Map<string, Device[]>();
  for (const device of await store.listDevices()) {
    if (device.revokedAt !== null) continue;
    if (devices.has(device.kitchenId)) devices.get(device.kitchenId)!.push(device);
    else devices.set(device.kitchenId, [device]);
  }
  const kitchens: DistrictKitchen[] = [];
  for (const kitchen of await store.listKitchens()) {
    const row = figures.get(kitchen.id);
    const mine = transfers.filter(
      (t) => t.from.kitchenId === kitchen.id || t.to.kitchenId === kitchen.id,
    );
    kitchens.push({
      kitchenId: kitchen.id,
      name: kitchen.name,
      inventoryValue: row?.inventoryValue ?? 0,
      belowPar: row?.belowPar ?? 0,
      monthWaste: row?.monthWaste ?? 0,
      eventsToday: row?.eventsToday ?? 0,
      caughtUp: (row?.checkpoint ?? 0) >= (heads.get(kitchen.id) ?? 0),
      tablets: (devices.get(kitchen.id) ?? []).map(({ deviceId, name, lastSeenAt }) => ({
        deviceId,
        name,
        lastSeenAt,
      })),
      openTransfers: mine.filter((t) => t.status === 'open').length,
      transferIssues: mine.filter((t) =>
        t.lines.some((l) => l.conflict || (l.received && l.received.discrepancy !== 0)),
      ).length,
    });
  }
  return kitchens;
}
