import { describe, expect, test } from 'vitest';
import { fold } from './fold';
import { itemHistory } from './item-history';
import { canonicalState } from './test-support/canonical-state';
import { DRY, ITEM_FLOUR, Timeline } from './test-support/events';
import { undoneOf, type UndoEvent } from './undo';

const flourAtDry = (state: ReturnType<typeof fold>) =>
  state.stock.get(ITEM_FLOUR)?.get(DRY)?.qty ?? 0;

describe('undo and redo', () => {
  test('an undo removes its target, wherever the target sits in the order', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const received = t.event('stock.received', { itemId: ITEM_FLOUR, locationId: DRY, qty: 5 });
    const used = t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 2 });
    const undo = t.event('event.undone', { eventId: received.id });
    const state = fold([...catalog, received, used, undo]);
    expect(flourAtDry(state)).toBe(-2000);
    expect(state.undone.has(received.id)).toBe(true);
  });

  test('a redo puts it back; undo of the undo does the same', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const used = t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 2 });
    const undo = t.event('event.undone', { eventId: used.id });
    const redo = t.event('event.redone', { eventId: used.id });
    const undoUndo = t.event('event.undone', { eventId: undo.id });
    expect(flourAtDry(fold([...catalog, used, undo, redo]))).toBe(-2000);
    expect(flourAtDry(fold([...catalog, used, undo, undoUndo]))).toBe(-2000);
    expect(flourAtDry(fold([...catalog, used, undo]))).toBe(0);
  });

  test('the latest undo or redo in the order wins, whatever the arrival order', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const used = t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 2 });
    const redo = t.event('event.redone', { eventId: used.id });
    const undo = t.event('event.undone', { eventId: used.id });
    expect(flourAtDry(fold([undo, redo, ...catalog, used]))).toBe(0);
  });

  test('redoing an undone undo undoes again', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const used = t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 2 });
    const undo = t.event('event.undone', { eventId: used.id });
    const undoUndo = t.event('event.undone', { eventId: undo.id });
    const redoUndo = t.event('event.redone', { eventId: undo.id });
    expect(flourAtDry(fold([...catalog, used, undo, undoUndo, redoUndo]))).toBe(0);
  });

  test('an undo of an item.added removes the item; its stock is kept for when it is redone', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const added = catalog[2];
    if (!added) throw new Error('catalog changed');
    const received = t.event('stock.received', { itemId: ITEM_FLOUR, locationId: DRY, qty: 1 });
    const undo = t.event('event.undone', { eventId: added.id });
    const state = fold([...catalog, received, undo]);
    expect(state.items.has(ITEM_FLOUR)).toBe(false);
    expect(flourAtDry(state)).toBe(1000);
    const redone = fold([
      ...catalog,
      received,
      undo,
      t.event('event.redone', { eventId: added.id }),
    ]);
    expect(redone.items.get(ITEM_FLOUR)?.name).toBe('Flour');
  });

  test('an undo that arrives before its target waits for it', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const used = t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 2 });
    const undo = t.event('event.undone', { eventId: used.id });
    const withoutTarget = fold([...catalog, undo]);
    expect(withoutTarget.undone.has(used.id)).toBe(true);
    expect(flourAtDry(withoutTarget)).toBe(0);
    expect(flourAtDry(fold([...catalog, undo, used]))).toBe(0);
  });

  test('undo then redo leaves the state as with neither', () => {
    const t = new Timeline();
    const events = [
      ...t.catalog(),
      t.event('stock.received', { itemId: ITEM_FLOUR, locationId: DRY, qty: 5, unitCost: 2 }),
    ];
    const used = t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 2 });
    const undo = t.event('event.undone', { eventId: used.id });
    const redo = t.event('event.redone', { eventId: used.id });
    const neither = canonicalState(fold([...events, used]), false);
    expect(canonicalState(fold([...events, used, undo, redo]), false)).toEqual(neither);
  });

  test('history shows the undone entry, flagged, and the undo and redo events', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const used = t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 2 });
    const undo = t.event('event.undone', { eventId: used.id });
    const undoUndo = t.event('event.undone', { eventId: undo.id });
    const redoUndo = t.event('event.redone', { eventId: undo.id });
    const history = itemHistory(fold([...catalog, used, undo, undoUndo, redoUndo]), ITEM_FLOUR);
    expect(history.map((entry) => [entry.event.type, entry.undone])).toEqual([
      ['item.added', false],
      ['stock.used', true],
      ['event.undone', false], // in effect again: the redo of it is the latest word
      ['event.undone', false], // overridden by the later redo, but not itself undone
      ['event.redone', false],
    ]);
  });

  test('a forged cycle of undos has no effect, and working it out ends', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const used = t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 2 });
    const a = t.event('event.undone', { eventId: used.id });
    const bId = t.event('event.undone', { eventId: a.id }).id;
    const cycleA = t.event('event.undone', { eventId: bId });
    const cycleB = { ...t.event('event.undone', { eventId: cycleA.id }), id: bId };
    const state = fold([...catalog, used, a, cycleA, cycleB]);
    // b and cycleA undo each other: both inert, so `a` stands and the use is undone.
    expect(flourAtDry(state)).toBe(0);
    expect([...undoneOf([a, cycleA, cycleB, cycleB] as UndoEvent[])]).toEqual([used.id]);
  });
});

describe('undoneOf, the whole-log answer', () => {
  const sorted = (ids: Iterable<string>) => [...ids].sort();
  test('simple undos, repeats, chains, several on one target, in any order', () => {
    const t = new Timeline();
    const a = t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 1 });
    const b = t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 1 });
    const c = t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 1 });
    const undoA = t.event('event.undone', { eventId: a.id }) as UndoEvent;
    const redoB = t.event('event.redone', { eventId: b.id }) as UndoEvent;
    const undoC = t.event('event.undone', { eventId: c.id }) as UndoEvent;
    const undoUndoC = t.event('event.undone', { eventId: undoC.id }) as UndoEvent;
    const redoA = t.event('event.redone', { eventId: a.id }) as UndoEvent;
    const undoAAgain = t.event('event.undone', { eventId: a.id }) as UndoEvent;
    expect(sorted(undoneOf([]))).toEqual([]);
    expect(sorted(undoneOf([undoA, undoA, redoB, undoA]))).toEqual([a.id]);
    expect(sorted(undoneOf([undoUndoC, undoC]))).toEqual([undoC.id]);
    expect(sorted(undoneOf([undoA, redoA]))).toEqual([]);
    expect(sorted(undoneOf([undoA, undoAAgain]))).toEqual([a.id]);
    expect(sorted(undoneOf([undoAAgain, redoA, undoA, redoB]))).toEqual([a.id]);
    expect(sorted(undoneOf([undoA, redoB]))).toEqual([a.id]);
    expect(sorted(undoneOf([redoA, undoA]))).toEqual([]);
    expect(sorted(undoneOf([undoAAgain, redoA, undoA]))).toEqual([a.id]);
    expect(sorted(undoneOf([undoA, undoC, undoUndoC]))).toEqual(sorted([a.id, undoC.id]));
  });
});
