/**
 * The store in process memory: for tests and for trying the server out. Durable only for
 * the life of the process, which is all its contract can promise.
 */
import type { EventEnvelope, StoredEvent } from '../../src/lib/domain/events';
import { canonicalJson } from '../../src/lib/domain/validate';
import type {
  AppendConflict,
  AppendResult,
  Device,
  NewDevice,
  Kitchen,
  KitchenEvent,
  ReadResult,
  Store,
  DeviceSeen,
} from './store';
import { collectTransferEvents } from './transfer-events';

interface KitchenLog {
  events: StoredEvent[];
  /** Canonical JSON of each stored event by id, to tell resends from conflicts. */
  canonical: Map<string, string>;
}

export class MemoryStore implements Store {
  private readonly logs = new Map<string, KitchenLog>();
  private readonly kitchens = new Map<string, Kitchen>();
  private readonly devices = new Map<string, Device>();
  private readonly settings = new Map<string, string>();

  private log(kitchenId: string): KitchenLog {
    let log = this.logs.get(kitchenId);
    if (!log) {
      log = { events: [], canonical: new Map() };
      this.logs.set(kitchenId, log);
    }
    return log;
  }

  append(kitchenId: string, events: readonly EventEnvelope[]): Promise<AppendResult> {
    const log = this.log(kitchenId);
    const fresh = new Map<string, string>();
    const conflicts: AppendConflict[] = [];
    const toStore: EventEnvelope[] = [];
    let duplicates = 0;
    events.forEach((event, index) => {
      const canonical = canonicalJson(event);
      const known = log.canonical.get(event.id) ?? fresh.get(event.id);
      if (known === undefined) {
        fresh.set(event.id, canonical);
        toStore.push(event);
      } else if (known === canonical) duplicates++;
      else conflicts.push({ index, id: event.id });
    });
    if (conflicts.length > 0) return Promise.resolve({ ok: false, conflicts });
    const accepted = toStore.map((event, i) => ({
      ...structuredClone(event),
      seq: log.events.length + i + 1,
    }));
    for (const event of accepted) {
      log.events.push(event);
      log.canonical.set(event.id, fresh.get(event.id) ?? canonicalJson(event));
    }
    return Promise.resolve({ ok: true, accepted, duplicates, head: log.events.length });
  }

  read(kitchenId: string, after: number, limit: number): Promise<ReadResult> {
    const events = this.logs.get(kitchenId)?.events ?? [];
    // seq n sits at index n - 1: the log is gap-free.
    const start = Math.min(Math.max(after, 0), events.length);
    const page = events.slice(start, start + limit).map((e) => structuredClone(e));
    return Promise.resolve({
      events: page,
      head: events.length,
      more: start + page.length < events.length,
    });
  }

  head(kitchenId: string): Promise<number> {
    return Promise.resolve(this.logs.get(kitchenId)?.events.length ?? 0);
  }

  heads(): Promise<Map<string, number>> {
    return Promise.resolve(new Map([...this.logs].map(([id, log]) => [id, log.events.length])));
  }

  /** Every stored event `keep` takes, with its kitchen. */
  private where(keep: (event: StoredEvent, kitchenId: string) => boolean): KitchenEvent[] {
    return [...this.logs].flatMap(([kitchenId, log]) =>
      log.events
        .filter((event) => keep(event, kitchenId))
        .map((event) => ({ kitchenId, event: structuredClone(event) })),
    );
  }

  transferEvents(kitchenId?: string): Promise<KitchenEvent[]> {
    const data = (event: StoredEvent) => event.data as Record<string, unknown>;
    const answer = (e: StoredEvent) =>
      e.type === 'transfer.received' || e.type === 'transfer.refused';
    const undo = (e: StoredEvent) => e.type === 'event.undone' || e.type === 'event.redone';
    return Promise.resolve(
      collectTransferEvents(
        {
          sendsOf: (id) => this.where((e, owner) => owner === id && e.type === 'stock.sent'),
          sendsTo: (id) =>
            this.where((e) => e.type === 'stock.sent' && data(e)['toKitchen'] === id),
          allSends: () => this.where((e) => e.type === 'stock.sent'),
          answersTo: (ids) =>
            this.where((e) => answer(e) && ids.includes(data(e)['transferId'] as string)),
          undosOf: (events) =>
            this.where(
              (e, owner) =>
                undo(e) &&
                events.some((k) => k.kitchenId === owner && k.eventId === data(e)['eventId']),
            ),
        },
        kitchenId,
      ),
    );
  }

  sentEvents(transferId: string): Promise<KitchenEvent[]> {
    return Promise.resolve(
      this.where(
        (e) =>
          e.type === 'stock.sent' && (e.data as { transferId?: unknown }).transferId === transferId,
      ),
    );
  }

  createKitchen(kitchen: Kitchen): Promise<boolean> {
    if (this.kitchens.has(kitchen.id)) return Promise.resolve(false);
    this.kitchens.set(kitchen.id, { ...kitchen });
    return Promise.resolve(true);
  }

  getKitchen(id: string): Promise<Kitchen | undefined> {
    const kitchen = this.kitchens.get(id);
    return Promise.resolve(kitchen && { ...kitchen });
  }

  listKitchens(): Promise<Kitchen[]> {
    return Promise.resolve(
      [...this.kitchens.values()].map((k) => ({ ...k })).sort((a, b) => cmp(a.id, b.id)),
    );
  }

  setJoinCodeHash(kitchenId: string, joinCodeHash: string): Promise<boolean> {
    const kitchen = this.kitchens.get(kitchenId);
    if (!kitchen) return Promise.resolve(false);
    kitchen.joinCodeHash = joinCodeHash;
    return Promise.resolve(true);
  }

  putDevice(device: NewDevice): Promise<void> {
    const key = deviceKey(device.kitchenId, device.deviceId);
    const known = this.devices.get(key);
    this.devices.set(key, {
      ...device,
      revokedAt: null,
      lastSeenAt: known?.lastSeenAt ?? null,
      publicKey: known?.publicKey ?? device.publicKey ?? null,
    });
    return Promise.resolve();
  }

  registerDeviceKey(
    kitchenId: string,
    deviceId: string,
    publicKey: string,
  ): Promise<string | undefined> {
    const device = this.devices.get(deviceKey(kitchenId, deviceId));
    if (device) device.publicKey ??= publicKey;
    return Promise.resolve(device?.publicKey ?? undefined);
  }

  findDeviceByTokenHash(tokenHash: string): Promise<Device | undefined> {
    for (const device of this.devices.values()) {
      if (device.tokenHash === tokenHash) return Promise.resolve({ ...device });
    }
    return Promise.resolve(undefined);
  }

  listDevices(kitchenId?: string): Promise<Device[]> {
    return Promise.resolve(
      [...this.devices.values()]
        .filter((d) => kitchenId === undefined || d.kitchenId === kitchenId)
        .map((d) => ({ ...d }))
        .sort((a, b) => cmp(a.kitchenId, b.kitchenId) || cmp(a.deviceId, b.deviceId)),
    );
  }

  touchDevices(seen: readonly DeviceSeen[]): Promise<void> {
    for (const { kitchenId, deviceId, at } of seen) {
      const device = this.devices.get(deviceKey(kitchenId, deviceId));
      if (device && (device.lastSeenAt === null || device.lastSeenAt < at)) device.lastSeenAt = at;
    }
    return Promise.resolve();
  }

  revokeDevice(kitchenId: string, deviceId: string, at: string): Promise<boolean> {
    const device = this.devices.get(deviceKey(kitchenId, deviceId));
    if (!device) return Promise.resolve(false);
    device.revokedAt ??= at;
    return Promise.resolve(true);
  }

  getSetting(key: string): Promise<string | undefined> {
    return Promise.resolve(this.settings.get(key));
  }

  setSetting(key: string, value: string): Promise<void> {
    this.settings.set(key, value);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

const deviceKey = (kitchenId: string, deviceId: string) => `${kitchenId}\u0000${deviceId}`;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
