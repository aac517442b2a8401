/**
 * The contract of `store.ts`, as tests every implementation must pass. Run by
 * `memory-store.test.ts` and `sqlite-store.test.ts`; a new adapter adds one such file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../src/lib/domain/events';
import { generateEvents, uuidv7 } from '../test-support/events';
import type { KitchenEvent, Store } from './store';

export interface StoreFactory {
  /** A new, empty store. */
  open: () => Promise<Store> | Store;
  /** Opens the same storage again after `close`, when the store is persistent. */
  reopen?: () => Promise<Store> | Store;
}

const K = 'kitchen-a';

export function storeConformance(name: string, factory: StoreFactory): void {
  describe(`${name} store contract`, () => {
    let store: Store;
    const events = generateEvents(30);
    beforeEach(async () => {
      store = await factory.open();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('append', () => {
      it('gives each new event the next seq, from 1, in batch order', async () => {
        const result = await store.append(K, events.slice(0, 3));
        expect(result).toMatchObject({ ok: true, duplicates: 0, head: 3 });
        if (!result.ok) return;
        expect(result.accepted.map((e) => [e.id, e.seq])).toEqual(
          events.slice(0, 3).map((e, i) => [e.id, i + 1]),
        );
        const more = await store.append(K, events.slice(3, 5));
        expect(more).toMatchObject({ ok: true, head: 5 });
      });

      it('counts resends of stored events as duplicates and stores them once', async () => {
        await store.append(K, events.slice(0, 3));
        const again = await store.append(K, [...events.slice(1, 4), events[3]!]);
        expect(again).toMatchObject({ ok: true, duplicates: 3, head: 4 });
        if (again.ok) expect(again.accepted.map((e) => e.seq)).toEqual([4]);
        expect((await store.read(K, 0, 100)).events.map((e) => e.id)).toEqual(
          events.slice(0, 4).map((e) => e.id),
        );
      });

      it('treats the same event with its keys in another order as a duplicate', async () => {
        const event = events[0]!;
        await store.append(K, [event]);
        const reordered = Object.fromEntries(Object.entries(event).reverse()) as EventEnvelope;
        reordered.data = Object.fromEntries(
          Object.entries(event.data as Record<string, unknown>).reverse(),
        );
        expect(await store.append(K, [reordered])).toMatchObject({ ok: true, duplicates: 1 });
      });

      it('refuses the whole batch when an id is stored with other content', async () => {
        await store.append(K, events.slice(0, 2));
        const changed = { ...events[1]!, actor: 'Someone Else' };
        const result = await store.append(K, [events[2]!, changed, events[3]!]);
        expect(result).toEqual({ ok: false, conflicts: [{ index: 1, id: changed.id }] });
        expect(await store.head(K)).toBe(2);
        expect((await store.read(K, 0, 100)).events).toHaveLength(2);
      });

      it('refuses a batch carrying one id twice with different content', async () => {
        const changed = { ...events[0]!, data: { ...(events[0]!.data as object), name: 'X' } };
        const result = await store.append(K, [events[0]!, changed]);
        expect(result).toEqual({ ok: false, conflicts: [{ index: 1, id: changed.id }] });
        expect(await store.head(K)).toBe(0);
      });

      it('accepts an empty batch', async () => {
        expect(await store.append(K, [])).toEqual({
          ok: true,
          accepted: [],
          duplicates: 0,
          head: 0,
        });
      });

      it('keeps kitchens apart: same ids, separate seqs', async () => {
        await store.append(K, events.slice(0, 3));
        const other = await store.append('kitchen-b', events.slice(0, 2));
        expect(other).toMatchObject({ ok: true, duplicates: 0, head: 2 });
        expect(await store.head(K)).toBe(3);
        expect((await store.read('kitchen-b', 0, 10)).events).toHaveLength(2);
        expect((await store.read('kitchen-c', 0, 10)).events).toHaveLength(0);
      });

      it('serialises concurrent appends: every event once, seq gap-free', async () => {
        const many = generateEvents(400);
        const batches = Array.from({ length: 8 }, (_, i) =>
          // Overlapping batches: every event is pushed by two "tablets".
          many.slice(i * 50, i * 50 + 100),
        );
        await Promise.all(batches.map((batch) => store.append(K, batch)));
        const { events: stored, head } = await store.read(K, 0, 1000);
        expect(head).toBe(400);
        expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
        expect(new Set(stored.map((e) => e.id)).size).toBe(400);
      });
    });

    describe('read', () => {
      beforeEach(async () => {
        await store.append(K, events.slice(0, 10));
      });

      it('returns events after a seq in seq order, with head and more', async () => {
        const page = await store.read(K, 3, 4);
        expect(page.events.map((e) => e.seq)).toEqual([4, 5, 6, 7]);
        expect(page.head).toBe(10);
        expect(page.more).toBe(true);
        const last = await store.read(K, 7, 4);
        expect(last.events.map((e) => e.seq)).toEqual([8, 9, 10]);
        expect(last.more).toBe(false);
        expect(await store.read(K, 10, 4)).toEqual({ events: [], head: 10, more: false });
        expect(await store.read(K, 99, 4)).toEqual({ events: [], head: 10, more: false });
      });

      it('returns each event as it was appended, plus its seq', async () => {
        const { events: stored } = await store.read(K, 0, 10);
        expect(stored.map(({ seq: _seq, ...e }) => e)).toEqual(events.slice(0, 10));
      });

      it('reports head 0 for an empty kitchen', async () => {
        expect(await store.head('nobody')).toBe(0);
        expect(await store.read('nobody', 0, 10)).toEqual({ events: [], head: 0, more: false });
      });
    });

    describe('registry', () => {
      const kitchen = { id: K, name: 'Lincoln', joinCodeHash: 'h1', createdAt: '2026-01-01' };
      const device = {
        kitchenId: K,
        deviceId: 'd1',
        name: 'Wall tablet',
        tokenHash: 't1',
        pairedAt: '2026-01-02',
      };

      it('creates, finds and lists kitchens; refuses a second kitchen with the same id', async () => {
        expect(await store.createKitchen(kitchen)).toBe(true);
        expect(await store.createKitchen({ ...kitchen, name: 'Other' })).toBe(false);
        expect(await store.getKitchen(K)).toEqual(kitchen);
        expect(await store.getKitchen('nope')).toBeUndefined();
        await store.createKitchen({ ...kitchen, id: 'a-first' });
        expect((await store.listKitchens()).map((k) => k.id)).toEqual(['a-first', K]);
        expect(await store.setJoinCodeHash(K, 'h2')).toBe(true);
        expect(await store.setJoinCodeHash('nope', 'h2')).toBe(false);
        expect((await store.getKitchen(K))?.joinCodeHash).toBe('h2');
      });

      it('pairs, finds by token hash, re-pairs with a new token and revokes devices', async () => {
        await store.createKitchen(kitchen);
        await store.putDevice(device);
        expect(await store.findDeviceByTokenHash('t1')).toEqual({
          ...device,
          revokedAt: null,
          lastSeenAt: null,
          publicKey: null,
        });
        expect(await store.revokeDevice(K, 'd1', '2026-01-03')).toBe(true);
        expect(await store.revokeDevice(K, 'd1', '2026-01-04')).toBe(true);
        expect((await store.findDeviceByTokenHash('t1'))?.revokedAt).toBe('2026-01-03');
        expect(await store.revokeDevice(K, 'unknown', '2026-01-04')).toBe(false);
        await store.putDevice({ ...device, tokenHash: 't2', pairedAt: '2026-01-05' });
        expect(await store.findDeviceByTokenHash('t1')).toBeUndefined();
        expect(await store.findDeviceByTokenHash('t2')).toMatchObject({ revokedAt: null });
        expect(await store.listDevices(K)).toHaveLength(1);
        expect(await store.listDevices('other')).toEqual([]);
      });

      it('lists the district’s devices and every kitchen’s head at once', async () => {
        await store.createKitchen(kitchen);
        await store.createKitchen({ ...kitchen, id: 'a-first' });
        await store.putDevice(device);
        await store.putDevice({ ...device, kitchenId: 'a-first', deviceId: 'd9', tokenHash: 't9' });
        await store.putDevice({ ...device, deviceId: 'd0', tokenHash: 't0' });
        const all = await store.listDevices();
        expect(all.map((d) => `${d.kitchenId} ${d.deviceId}`)).toEqual([
          'a-first d9',
          `${K} d0`,
          `${K} d1`,
        ]);
        await store.append(K, events.slice(0, 3));
        const heads = await store.heads();
        expect(heads.get(K)).toBe(3);
        expect(heads.get('a-first') ?? 0).toBe(0);
      });

      it('registers a device’s public key once: pairing again or registering another keeps it', async () => {
        await store.createKitchen(kitchen);
        expect(await store.registerDeviceKey(K, 'd1', 'k1')).toBeUndefined();
        await store.putDevice(device);
        expect(await store.registerDeviceKey(K, 'd1', 'k1')).toBe('k1');
        expect(await store.registerDeviceKey(K, 'd1', 'k2')).toBe('k1');
        await store.putDevice({ ...device, tokenHash: 't2', publicKey: 'k3' });
        await store.putDevice({ ...device, deviceId: 'd2', tokenHash: 't3', publicKey: 'k4' });
        await store.putDevice({ ...device, deviceId: 'd2', tokenHash: 't4' });
        expect((await store.listDevices(K)).map((d) => [d.deviceId, d.publicKey])).toEqual([
          ['d1', 'k1'],
          ['d2', 'k4'],
        ]);
        expect((await store.findDeviceByTokenHash('t4'))?.publicKey).toBe('k4');
      });

      it('moves a device’s last-seen time on, never back, and ignores unknown devices', async () => {
        await store.createKitchen(kitchen);
        await store.putDevice(device);
        await store.putDevice({ ...device, deviceId: 'd2', tokenHash: 't2' });
        await store.touchDevices([
          { kitchenId: K, deviceId: 'd1', at: '2026-01-02T10:00:00.000Z' },
          { kitchenId: K, deviceId: 'd2', at: '2026-01-02T09:00:00.000Z' },
          { kitchenId: K, deviceId: 'nobody', at: '2026-01-02T10:00:00.000Z' },
        ]);
        await store.touchDevices([
          { kitchenId: K, deviceId: 'd1', at: '2026-01-02T08:00:00.000Z' },
        ]);
        await store.touchDevices([]);
        const seen = (await store.listDevices(K)).map((d) => [d.deviceId, d.lastSeenAt]);
        expect(seen).toEqual([
          ['d1', '2026-01-02T10:00:00.000Z'],
          ['d2', '2026-01-02T09:00:00.000Z'],
        ]);
      });

      it('keeps settings', async () => {
        expect(await store.getSetting('admin')).toBeUndefined();
        await store.setSetting('admin', 'a');
        await store.setSetting('admin', 'b');
        expect(await store.getSetting('admin')).toBe('b');
      });
    });

    describe('transfers', () => {
      // Base sends two transfers, one to K and one to elsewhere; K receives the first and
      // undoes and redoes the receipt; base undoes its other send; noise everywhere.
      const at = (n: number, type: string, data: unknown, device = 'd1'): EventEnvelope => ({
        id: uuidv7(Date.UTC(2026, 1, 1) + n, n),
        type,
        v: 1,
        hlc: `${String(Date.UTC(2026, 1, 1) + n).padStart(15, '0')}-00000`,
        device,
        actor: 'AB',
        data,
      });
      const T1 = '44444444-0000-4000-8000-000000000001';
      const T2 = '44444444-0000-4000-8000-000000000002';
      const send = (n: number, transferId: string, toKitchen: string) =>
        at(n, 'stock.sent', { transferId, toKitchen, itemId: `item-${n}`, qty: 1, lots: [] });
      const toK = send(1, T1, K);
      const elsewhere = send(2, T2, 'kitchen-c');
      const receipt = at(3, 'transfer.received', { transferId: T1, sentItemId: 'item-1' }, 'd2');
      const undo = at(4, 'event.undone', { eventId: receipt.id }, 'd2');
      const redo = at(5, 'event.redone', { eventId: undo.id }, 'd2');
      const undoElsewhere = at(6, 'event.undone', { eventId: elsewhere.id });
      const ids = (found: KitchenEvent[]) =>
        found.map(({ kitchenId, event }) => `${kitchenId} ${event.id}`).sort();

      it('finds a kitchen’s sends, those addressed to it, their answers and undos', async () => {
        await store.append('base', [toK, events[0]!, elsewhere, undoElsewhere]);
        await store.append(K, [events[1]!, receipt, undo, redo]);
        await store.append('kitchen-c', [events[2]!]);
        const expected = (entries: [string, EventEnvelope][]) =>
          entries.map(([kitchen, event]) => `${kitchen} ${event.id}`).sort();
        expect(ids(await store.transferEvents(K))).toEqual(
          expected([
            ['base', toK],
            [K, receipt],
            [K, undo],
            [K, redo],
          ]),
        );
        expect(ids(await store.transferEvents('base'))).toEqual(
          expected([
            ['base', toK],
            ['base', elsewhere],
            ['base', undoElsewhere],
            [K, receipt],
            [K, undo],
            [K, redo],
          ]),
        );
        expect(ids(await store.transferEvents('kitchen-c'))).toEqual(
          expected([
            ['base', elsewhere],
            ['base', undoElsewhere],
          ]),
        );
        expect(await store.transferEvents('nobody')).toEqual([]);
        // The district's: every send, its answers and the undos, each once (base sent both
        // transfers, so they are base's, checked above).
        expect(ids(await store.transferEvents())).toEqual(ids(await store.transferEvents('base')));
        const [found] = await store.sentEvents(T1);
        expect(found).toMatchObject({ kitchenId: 'base', event: { id: toK.id, seq: 1 } });
        expect(await store.sentEvents('44444444-0000-4000-8000-000000000009')).toEqual([]);
      });
    });

    if (factory.reopen) {
      const reopen = factory.reopen;
      it('keeps everything across close and reopen', async () => {
        await store.createKitchen({ id: K, name: 'L', joinCodeHash: 'h', createdAt: 'now' });
        await store.append(K, events.slice(0, 5));
        await store.close();
        store = await reopen();
        expect(await store.head(K)).toBe(5);
        expect((await store.read(K, 0, 10)).events.map((e) => e.id)).toEqual(
          events.slice(0, 5).map((e) => e.id),
        );
        expect(await store.getKitchen(K)).toMatchObject({ name: 'L' });
      });
    }
  });
}
