/**
 * A tablet for engine tests: its own IndexedDB (fake-indexeddb), identity and lock, and the
 * app's own `Projection`, through which it records commands as the app does.
 */
import { v4 as uuidv4 } from 'uuid';
import type { Command } from '$lib/domain/commands';
import { fold } from '$lib/domain/fold';
import { stockOnHand } from '$lib/domain/stock-on-hand';
import { getMeta, LarderDb } from '$lib/client/db';
import { ensureIdentity, pendingCount, readLog } from '$lib/client/log';
import { joinKitchen } from '$lib/client/pairing';
import { Projection } from '$lib/client/projection';
import { localLock, syncOnce, type SyncDeps } from '$lib/client/sync-engine';
import * as healing from '$lib/client/healing';
import * as signing from '$lib/client/signing';
import * as transfers from '$lib/client/transfers';
import { afterEach, beforeEach } from 'vitest';
import { SERVER_URL, TestServer } from './server';

let n = 0;

export class Tablet {
  readonly db: LarderDb;
  readonly lock = localLock();
  readonly projection: Projection;
  /** How far this tablet's clock is off (ms, + ahead): set it to make the clock wrong. */
  clockOffset = 0;
  readonly now = () => Date.now() + this.clockOffset;

  constructor(
    readonly server: TestServer,
    readonly name = `Tablet ${++n}`,
  ) {
    this.db = new LarderDb(`larder-test-${n}-${uuidv4()}`);
    this.projection = new Projection(this.db, { onView: () => {}, now: this.now });
  }

  async setUp(actor = 'MG'): Promise<this> {
    await ensureIdentity(this.db, () => uuidv4(), { name: this.name, actor });
    await this.projection.start();
    return this;
  }

  join(kitchenId: string, joinCode: string) {
    return joinKitchen(this.db, this.server.fetch, {
      server: SERVER_URL,
      kitchenId,
      joinCode,
      name: this.name,
    });
  }

  sync(options: Partial<SyncDeps> = {}) {
    return syncOnce({
      db: this.db,
      fetch: this.server.fetch,
      lock: this.lock,
      now: this.now,
      // As the app wires it: what a sync stores reaches the projection at once.
      onChunk: (chunk, more) => this.projection.applyChunk(chunk, more),
      transfers: () => Promise.resolve(transfers),
      healing: () => Promise.resolve(healing),
      signing: () => Promise.resolve(signing),
      ...options,
    });
  }

  record(command: Command) {
    return this.projection.record(command);
  }

  /** Adds a freezer and chicken, and receives `qty` of it: three events. */
  async stockUp(qty = 10): Promise<{ itemId: string; locationId: string }> {
    await this.record({ type: 'addLocation', name: 'Freezer', kind: 'freezer' });
    await this.record({ type: 'addItem', name: 'Chicken', unit: 'kg' });
    const state = await this.state();
    const itemId = [...state.items.keys()][0]!;
    const locationId = [...state.locations.keys()][0]!;
    await this.record({ type: 'receiveStock', itemId, locationId, qty });
    return { itemId, locationId };
  }

  /** The state folded afresh from what is stored, not the projection's. */
  async state() {
    return fold((await readLog(this.db)).events);
  }

  async stock() {
    return stockOnHand(await this.state()).map((r) => `${r.itemName}@${r.locationName}=${r.qty}`);
  }

  /** Every event id held, sorted; a duplicate in storage would show twice. */
  async ids(): Promise<string[]> {
    return (await readLog(this.db)).events.map((e) => e.id).sort();
  }

  pending() {
    return pendingCount(this.db);
  }

  cursor() {
    return getMeta(this.db, 'cursor');
  }

  token() {
    return getMeta(this.db, 'identity').then((i) => i?.server?.token ?? '');
  }

  /** Closes its database (once: a test may close a tablet it destroys, the set-up too). */
  close() {
    if (this.closed) return;
    this.closed = true;
    this.projection.stop();
    this.db.close();
  }
  private closed = false;
}

/**
 * Tablets of one kitchen on a test server, both new for each test: call at a test file's top
 * level. The tablets made through it, and whatever `afterTest` is given, are closed after
 * each test, then the server.
 */
export function kitchenWithTablets() {
  let server: TestServer | undefined;
  let kitchen: { kitchenId: string; joinCode: string } | undefined;
  const closers: (() => void)[] = [];
  beforeEach(async () => {
    server = new TestServer();
    kitchen = await server.createKitchen();
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) close();
    await server?.close();
  });
  const setup = {
    get server(): TestServer {
      if (!server) throw new Error('kitchenWithTablets: used outside a test');
      return server;
    },
    get kitchen(): { kitchenId: string; joinCode: string } {
      if (!kitchen) throw new Error('kitchenWithTablets: used outside a test');
      return kitchen;
    },
    afterTest: (close: () => void): void => {
      closers.push(close);
    },
    /** A tablet set up, not joined to the kitchen. */
    tablet: async (actor = 'MG'): Promise<Tablet> => {
      const t = await new Tablet(setup.server).setUp(actor);
      closers.push(() => t.close());
      return t;
    },
    /** A tablet joined to the kitchen. */
    joined: async (actor = 'MG'): Promise<Tablet> => {
      const t = await setup.tablet(actor);
      await t.join(setup.kitchen.kitchenId, setup.kitchen.joinCode);
      return t;
    },
  };
  return setup;
}
