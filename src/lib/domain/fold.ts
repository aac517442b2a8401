/**
 * The state of a kitchen is a pure function of its set of events:
 *
 *     state = fold(sort(events, by (hlc, device, id)), initialState)
 *
 * `fold` sorts, drops repeated ids, upcasts old versions, works out which events are undone
 * (`undo.ts`), then applies every event in order (`folder.ts`). Any permutation and any
 * duplication of the same events gives the same state. For a log that grows one event at a
 * time, `KitchenLog` (`kitchen-log.ts`) gives the same state without refolding.
 */
import type { EventEnvelope, LarderEvent } from './events';
import { Folder } from './folder';
import { locate, locateIn } from './locate';
import { compareEvents } from './order';
import { keepShape } from './shapes';
import type { KitchenState } from './state';
import { isUndoEvent, undoneOf, type UndoEvent } from './undo';
import { upcast } from './upcast';

/** The state of a kitchen with no events. */
export function initialState(): KitchenState {
  return new Folder([], new Set());
}

/**
 * The log in two sorted lists, upcast: a long run of the events that arrived in order, and
 * the few that arrived late (sorted, without repeats; they may still repeat run events).
 *
 * Fast for the usual input, a log in nearly sorted order: events already in order stay in
 * one run, the few that arrived late are sorted on their own. Copies of one event sort side
 * by side and are dropped there, without a hash set of a million ids. (One id with two
 * different contents is refused at every edge, so it is not looked for here.)
 */
function partition(
  events: Iterable<EventEnvelope>,
  undos: UndoEvent[] | undefined,
): { run: LarderEvent[]; late: LarderEvent[] } {
  // An index loop: `for...of` allocates an iterator result per event (40 MB for a million)
  // where V8 cannot prove it does not escape.
  const input: readonly EventEnvelope[] = Array.isArray(events) ? events : [...events];
  // Sized up front: growing a million-slot array by doubling feeds the GC.
  let run = new Array<LarderEvent>(input.length);
  let size = 0;
  let late: LarderEvent[] = [];
  let last: LarderEvent | undefined;
  let lastHlc = '';
  for (let i = 0; i < input.length; i++) {
    const event = upcast(input[i] as EventEnvelope);
    // Collected here to save the fold a pass over a million events (repeats are harmless).
    if (undos && isUndoEvent(event)) undos.push(event);
    // The usual case first, with one string comparison: a later stamp than the run's last.
    // (`compareEvents` asks `!==` before `<`: two calls into V8's string code, not one.)
    const hlc = event.hlc;
    if (last === undefined || lastHlc < hlc) {
      run[size++] = event;
      last = event;
      lastHlc = hlc;
      continue;
    }
    const order = compareEvents(last, event);
    if (order < 0) {
      run[size++] = event;
      last = event;
      lastHlc = hlc;
    } else if (order > 0) late.push(event);
    // order === 0: the same event again, dropped.
  }
  run.length = size;
  if (late.length > run.length >>> 3) {
    // Far from sorted (or one event far in the future): a plain sort is as good.
    run = withoutRepeats(run.concat(late).sort(compareEvents));
    late = [];
  } else if (late.length > 0) late = withoutRepeats(late.sort(compareEvents));
  return { run, late };
}

/** Sorted by (hlc, device, id), one event per id, upcast. */
export function sortLog(events: Iterable<EventEnvelope>, undos?: UndoEvent[]): LarderEvent[] {
  const { run, late } = partition(events, undos);
  return late.length === 0 ? run : merge(run, late);
}

/** Drops repeats from a sorted list; they sit side by side. Compares ids only on a tie. */
function withoutRepeats(sorted: LarderEvent[]): LarderEvent[] {
  let kept = 0;
  for (let i = 0; i < sorted.length; i++) {
    const event = sorted[i] as LarderEvent;
    if (kept > 0 && compareEvents(sorted[kept - 1] as LarderEvent, event) === 0) continue;
    sorted[kept++] = event;
  }
  sorted.length = kept;
  return sorted;
}

/**
 * Merges the few sorted late events `b` into the long sorted run `a`, dropping copies. Each
 * late event finds its place by galloping then binary search from the previous one, and the
 * stretch of `a` before it is copied without being read: a linear merge would compare (so
 * fetch from memory) every one of a million events a second time.
 */
function merge(a: LarderEvent[], b: LarderEvent[]): LarderEvent[] {
  const out = new Array<LarderEvent>(a.length + b.length);
  let i = 0;
  let k = 0;
  for (let j = 0; j < b.length; j++) {
    const y = b[j] as LarderEvent;
    const at = firstNotBefore(a, i, y);
    while (i < at) out[k++] = a[i++] as LarderEvent;
    if (i < a.length && compareEvents(a[i] as LarderEvent, y) === 0) continue;
    out[k++] = y;
  }
  while (i < a.length) out[k++] = a[i++] as LarderEvent;
  out.length = k;
  return out;
}

/** The first index at or after `from` whose event does not sort before `event`. */
function firstNotBefore(sorted: readonly LarderEvent[], from: number, event: LarderEvent): number {
  let lo = from;
  let step = 1;
  let hi = from;
  // Gallop: the place is usually near, and never before `from`.
  while (hi < sorted.length && compareEvents(sorted[hi] as LarderEvent, event) < 0) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  if (hi > sorted.length) hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEvents(sorted[mid] as LarderEvent, event) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Folds a log that is already sorted and deduplicated (see `sortLog`), such as a prefix of
 * `KitchenLog`'s log.
 */
export function foldSorted(log: readonly LarderEvent[]): Folder {
  const undone = undoneOf(log.filter(isUndoEvent));
  const folder = new Folder(log, undone);
  // Undone events by position, so the loop compares integers instead of hashing every id.
  const skips = undone.size === 0 ? [] : locate(log, undone);
  // Written back to the same positions: the log is its own output.
  new RunWriter(folder, log, skips, log as LarderEvent[]).applyUpTo(log.length);
  return folder;
}

/**
 * The state of a kitchen holding `events`, in any order, repeats allowed.
 *
 * Merges and applies in one pass: each late event finds its place in the run (as in
 * `merge`) and the stretch of the run before it is applied, so a million events are read
 * once more in all, not once to merge and once to apply.
 */
export function fold(events: Iterable<EventEnvelope>): KitchenState {
  const undos: UndoEvent[] = [];
  const { run, late } = partition(events, undos);
  const undone = undoneOf(undos);
  // Undone events by position, so the loops compare integers instead of hashing every id.
  const [runSkips, lateSkips] =
    undone.size === 0 ? [[], []] : (locateIn([run, late], undone) as [number[], number[]]);
  const log = new Array<LarderEvent>(run.length + late.length);
  const folder = new Folder(log, undone);
  const writer = new RunWriter(folder, run, runSkips, log);
  let nextLateSkip = 0;
  for (let j = 0; j < late.length; j++) {
    const event = late[j] as LarderEvent;
    writer.applyUpTo(firstNotBefore(run, writer.next, event));
    const inEffect = lateSkips[nextLateSkip] !== j;
    if (!inEffect) nextLateSkip++;
    // A copy of a run event: the run's copy is applied in its turn.
    if (writer.next < run.length && compareEvents(run[writer.next] as LarderEvent, event) === 0)
      continue;
    writer.write(event, inEffect);
  }
  writer.applyUpTo(run.length);
  log.length = writer.written;
  return folder;
}

/** Applies the run in order, and the late events put between, writing each to the log. */
class RunWriter {
  /** The next event of the run to apply. */
  next = 0;
  /** Events written to the log so far. */
  written = 0;
  #skip = 0;
  #nextSkipped: number;

  constructor(
    private readonly folder: Folder,
    private readonly run: readonly LarderEvent[],
    /** Positions in the run of its undone events, ascending. */
    private readonly skips: readonly number[],
    private readonly log: LarderEvent[],
  ) {
    this.#nextSkipped = skips[0] ?? run.length;
  }

  /** Applies the run up to (not including) position `end`. */
  applyUpTo(end: number): void {
    const { folder, run, log, skips } = this;
    let k = this.written;
    let skip = this.#skip;
    let nextSkipped = this.#nextSkipped;
    for (let i = this.next; i < end; i++, k++) {
      const event = run[i] as LarderEvent;
      log[k] = event;
      if (i !== nextSkipped) folder.apply(event, k, true);
      else {
        folder.apply(event, k, false);
        nextSkipped = skips[++skip] ?? run.length;
      }
    }
    this.next = end;
    this.written = k;
    this.#skip = skip;
    this.#nextSkipped = nextSkipped;
  }

  write(event: LarderEvent, inEffect: boolean): void {
    this.log[this.written] = event;
    this.folder.apply(event, this.written++, inEffect);
  }
}

keepShape(new RunWriter(new Folder([], new Set()), [], [], []));

/**
 * The state once `event` is added too. Pure and simple, so O(log): for a log that grows,
 * use `KitchenLog`, which applies an event that sorts last in constant time.
 */
export function evolve(state: KitchenState, event: EventEnvelope): KitchenState {
  return fold([...state.log, event]);
}
