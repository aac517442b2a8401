import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  encodeHlc,
  fold,
  hlcWall,
  sortLog,
  type EventEnvelope,
  type StoredEvent,
} from '../../src/lib/domain/index';
import { microToCurrency } from '../../src/lib/domain/money';
import { periodReport } from '../../src/lib/domain/period-report';
import { PostgresStore } from '../storage/postgres-store';
import { SqliteStore } from '../storage/sqlite-store';
import { generateEvents, uuid4 } from '../test-support/events';
import { freshDatabase } from '../test-support/postgres';
import { KitchenFold, type KitchenFoldOptions, type OrderedLog } from './kitchen-fold';
import { localMonth, rowsOf } from './rows';

const dir = mkdtempSync(join(tmpdir(), 'larder-fold-'));
const closing: { close(): unknown }[] = [];
afterAll(async () => {
  for (const store of closing) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

type Log = OrderedLog & {
  append(kitchenId: string, events: readonly EventEnvelope[]): Promise<unknown>;
  read(kitchenId: string, after: number, limit: number): Promise<{ events: StoredEvent[] }>;
};

let files = 0;
const stores: [string, () => Promise<Log>][] = [
  [
    'SQLite',
    () => {
      const store = new SqliteStore(join(dir, `larder-${files++}.db`));
      closing.push(store);
      return Promise.resolve(store);
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const store = await PostgresStore.open(await freshDatabase());
      closing.push(store);
      return store;
    },
  ],
];

/** The rows as the domain's plain fold and the month-end report give them. */
function expected(events: readonly EventEnvelope[], now: number) {
  const { month, start } = localMonth(now);
  const waste = periodReport(sortLog(events), start, now).waste.total;
  return rowsOf(fold(events), { month, waste: microToCurrency(waste) });
}

/** Three tablets of one kitchen over the last hours, two of them with the same stamps. */
function tablets(count: number, now: number): EventEnvelope[][] {
  const start = now - 4 * 3600_000;
  return [0, 1, 2].map((d) =>
    generateEvents(count, {
      device: uuid4(d + 1, 0xd0),
      salt: d + 1,
      seed: d + 11,
      items: 6,
      locations: 2,
      start: d === 2 ? start + 300 : start,
    }),
  );
}

/** Pushes the tablets' events in the given turns (tablet, how many), the rest at the end. */
async function pushInTurns(
  store: Log,
  kitchenId: string,
  logs: EventEnvelope[][],
  turns: [number, number][],
  afterEach: (stored: StoredEvent[]) => Promise<void>,
) {
  const next = logs.map(() => 0);
  const pushed = async (d: number, n: number) => {
    const batch = logs[d]!.slice(next[d], next[d]! + n);
    next[d]! += batch.length;
    if (batch.length === 0) return;
    const head = await store.head(kitchenId);
    await store.append(kitchenId, batch);
    await afterEach((await store.read(kitchenId, head, 1000)).events);
  };
  for (const [d, n] of turns) await pushed(d, n);
  for (const d of logs.keys()) await pushed(d, logs[d]!.length);
}

describe.each(stores)('a kitchen folded without its log, on %s', (_name, open) => {
  it('gives the rows of the plain fold and the month-end waste, for every order of pushes', async () => {
    const store = await open();
    const now = Date.now();
    const logs = tablets(60, now);
    const targets = logs.flat().filter((event) => event.type.startsWith('stock.'));
    let kitchens = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(3), fc.integer({ min: 1, max: 25 })), { maxLength: 14 }),
        // A manager's tablet undoing and redoing entries of the others, soon after each.
        fc.array(
          fc.tuple(fc.nat(targets.length - 1), fc.boolean(), fc.integer({ min: 1, max: 90_000 })),
          { maxLength: 8 },
        ),
        fc.constantFrom<KitchenFoldOptions>({ spacing: 4, page: 5 }, { spacing: 16, page: 64 }),
        async (turns, undos, options) => {
          const kitchenId = `k${kitchens++}`;
          const manager = sortLog(
            undos.map(([at, redo, later], n) => {
              const target = targets[at]!;
              return {
                id: uuid4(n, 0xe1),
                type: redo ? 'event.redone' : 'event.undone',
                v: 1,
                hlc: encodeHlc({ wall: hlcWall(target.hlc) + later, counter: 0 }),
                device: uuid4(9, 0xd0),
                actor: 'MG',
                data: { eventId: target.id },
              };
            }),
          );
          const all = [...logs, manager];
          const fold = new KitchenFold(store, kitchenId, options);
          const bases: Buffer[] = [];
          await pushInTurns(store, kitchenId, all, turns, async (stored) => {
            await fold.addAll(stored);
            const base = fold.takeBase();
            if (base) bases.push(base);
          });
          const events = all.flat();
          expect(fold.seq).toBe(events.length);
          expect(rowsOf(fold.state, fold.monthWaste(now))).toEqual(expected(events, now));
          // And folded afresh from the log, in pages.
          const head = await store.head(kitchenId);
          const again = new KitchenFold(store, kitchenId, options);
          await again.reload(head);
          expect(rowsOf(again.state, again.monthWaste(now))).toEqual(expected(events, now));
          // And from the bases stored on the way, whatever came after them (late events,
          // undos of events in them: the whole log is read again then).
          for (const base of bases.slice(-3)) {
            const restored = new KitchenFold(store, kitchenId, options);
            await restored.restore(base, head);
            expect(restored.seq).toBe(head);
            expect(rowsOf(restored.state, restored.monthWaste(now))).toEqual(expected(events, now));
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('folds from a stored base only the events after it, unless one stored since sorts into it', async () => {
    const store = await open();
    const now = Date.now();
    const [early, late] = tablets(80, now) as [EventEnvelope[], EventEnvelope[]];
    const reads: string[] = [];
    const log: OrderedLog = {
      head: (id) => store.head(id),
      undos: (id, upTo) => store.undos(id, upTo),
      inOrder: (id, upTo, after, limit, including) => {
        reads.push(after);
        return store.inOrder(id, upTo, after, limit, including);
      },
    };
    const options = { spacing: 8, page: 16 };
    const fold = new KitchenFold(log, 'k', options);
    await store.append('k', early);
    await fold.addAll((await store.read('k', 0, 1000)).events);
    const base = fold.takeBase() as Buffer;
    expect(base).toBeDefined();
    expect(fold.takeBase()).toBeUndefined(); // given once until it moves again
    // Later events of the same tablet: the base holds, the log before it is not read.
    const more = generateEvents(10, {
      device: uuid4(1, 0xd0),
      salt: 1,
      seed: 12,
      items: 6,
      locations: 2,
      start: now - 60_000,
    });
    await store.append('k', more);
    reads.length = 0;
    const restored = new KitchenFold(log, 'k', options);
    await restored.restore(base, 90);
    expect(reads).not.toContain('');
    expect(rowsOf(restored.state, restored.monthWaste(now))).toEqual(
      expected([...early, ...more], now),
    );
    // Another tablet's events, stamped from hours back: the log is folded again.
    await store.append('k', late);
    reads.length = 0;
    const again = new KitchenFold(log, 'k', options);
    await again.restore(base, 170);
    expect(reads).toContain('');
    expect(rowsOf(again.state, again.monthWaste(now))).toEqual(
      expected([...early, ...more, ...late], now),
    );
    expect(again.takeBase()).toBeDefined(); // and it is worth storing again
    // A base of another format, or unreadable, is not used.
    reads.length = 0;
    await new KitchenFold(log, 'k', options).restore(Buffer.from('not a base'), 170);
    expect(reads).toContain('');
  });

  it('measures the waste of this month only, and follows undos of earlier waste', async () => {
    const store = await open();
    const now = Date.now();
    const { start } = localMonth(now);
    const stamp = (wall: number, n: number) => ({
      hlc: encodeHlc({ wall, counter: n }),
      device: uuid4(1, 0xd0),
      actor: 'MG',
      v: 1,
    });
    const id = (n: number) => uuid4(n, 0xe0);
    const events: EventEnvelope[] = [
      {
        ...stamp(start - 7200_000, 0),
        id: id(1),
        type: 'location.added',
        data: { locationId: id(90), name: 'Cooler', kind: 'cooler' },
      },
      {
        ...stamp(start - 7200_000, 1),
        id: id(2),
        type: 'item.added',
        data: { itemId: id(91), name: 'Milk', unit: 'carton' },
      },
      {
        ...stamp(start - 7200_000, 2),
        id: id(3),
        type: 'stock.received',
        data: { itemId: id(91), locationId: id(90), qty: 10, unitCost: 2 },
      },
      // Last month's waste: not this month's figure.
      {
        ...stamp(start - 3600_000, 0),
        id: id(4),
        type: 'stock.wasted',
        v: 2,
        data: { itemId: id(91), locationId: id(90), qty: 1, reason: 'spoiled' },
      },
      {
        ...stamp(now - 1000, 0),
        id: id(5),
        type: 'stock.wasted',
        v: 2,
        data: { itemId: id(91), locationId: id(90), qty: 2, reason: 'spoiled' },
      },
    ];
    await store.append('k', events);
    const fold = new KitchenFold(store, 'k');
    await fold.addAll((await store.read('k', 0, 100)).events);
    expect(fold.monthWaste(now).waste).toBe(4);
    const undo: EventEnvelope = {
      ...stamp(now - 500, 0),
      id: id(6),
      type: 'event.undone',
      data: { eventId: id(5) },
    };
    await store.append('k', [undo]);
    await fold.addAll((await store.read('k', 5, 100)).events);
    expect(fold.monthWaste(now).waste).toBe(0);
    expect(rowsOf(fold.state, fold.monthWaste(now))).toEqual(expected([...events, undo], now));
  });
});
