/**
 * Wakes the open event streams of a kitchen when its log grows (with the events appended
 * here, for the streams to send without reading the log) or its devices change (a
 * revocation, a re-pairing: the streams check their token again then, not on every append),
 * and ends every stream when the server shuts down. In process; with several processes on
 * one database, `postgres-fan-out.ts` tells the others, which `deliver` or `wake`.
 */
import type { StoredEvent } from '../src/lib/domain/events';

export type Listener = () => void;

/** What the other server processes are told of: an append's events, or a change of devices. */
export type Relay = (kitchenId: string, change: readonly StoredEvent[] | 'devices') => void;

/** The most events of an append the streams are given as they are (`latest`). */
export const KEPT_EVENTS = 100;

export class Notifier {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly closers = new Set<Listener>();
  private closed = false;
  private relay: Relay | undefined;
  /** How many times each kitchen's streams were woken (one entry per kitchen ever woken). */
  private readonly versions = new Map<string, number>();
  /** How many times each kitchen's devices changed, as far as this process heard. */
  private readonly deviceVersions = new Map<string, number>();
  /** The events of each kitchen's last append through this process, at its wake. */
  private readonly appended = new Map<
    string,
    { version: number; appended: readonly StoredEvent[] }
  >();

  /** Passes every publish on (to the other server processes), as well as waking this one's. */
  relayTo(relay: Relay): void {
    this.relay = relay;
  }

  /** Calls `onAppend` after each append to the kitchen; returns the unsubscribe function. */
  subscribe(kitchenId: string, onAppend: Listener, onClose: Listener): () => void {
    if (this.closed) {
      queueMicrotask(onClose);
      return () => {};
    }
    let set = this.listeners.get(kitchenId);
    if (!set) this.listeners.set(kitchenId, (set = new Set()));
    set.add(onAppend);
    this.closers.add(onClose);
    return () => {
      set.delete(onAppend);
      if (set.size === 0) this.listeners.delete(kitchenId);
      this.closers.delete(onClose);
    };
  }

  /** The kitchen's log grew by `appended`, committed through this process. */
  publish(kitchenId: string, appended: readonly StoredEvent[]): void {
    this.deliver(kitchenId, appended);
    this.relay?.(kitchenId, appended);
  }

  /**
   * Wakes this process's streams of the kitchen for an append, with its events when known
   * (`latest`): made here, or told by another process (`postgres-fan-out.ts`).
   */
  deliver(kitchenId: string, appended?: readonly StoredEvent[]): void {
    this.wake(kitchenId);
    // Kept until the kitchen's next wake: a school day's pushes, not a tablet's backlog of
    // thousands (its streams read those), so that idle kitchens hold little memory.
    if (appended?.length && appended.length <= KEPT_EVENTS) {
      this.appended.set(kitchenId, { version: this.version(kitchenId), appended });
    }
  }

  /**
   * The events whose append made the kitchen's latest wake, if this process stored them and
   * nothing woke its streams since: what a stream standing just before them has to send.
   */
  latest(kitchenId: string): readonly StoredEvent[] | undefined {
    const last = this.appended.get(kitchenId);
    return last?.version === this.version(kitchenId) ? last.appended : undefined;
  }

  /** A device of the kitchen was revoked or paired again: its streams check their tokens. */
  publishDevices(kitchenId: string): void {
    this.wake(kitchenId, true);
    this.relay?.(kitchenId, 'devices');
  }

  /**
   * Wakes this process's streams of the kitchen only: for an append (or a change of devices)
   * another process made.
   */
  wake(kitchenId: string, devices = false): void {
    if (devices) this.deviceVersions.set(kitchenId, this.devicesVersion(kitchenId) + 1);
    this.appended.delete(kitchenId);
    this.versions.set(kitchenId, this.version(kitchenId) + 1);
    for (const listener of this.listeners.get(kitchenId) ?? []) listener();
  }

  /**
   * Moves on with every wake of the kitchen's streams: a read of its log begun at an earlier
   * version may have begun before the append that woke them.
   */
  version(kitchenId: string): number {
    return this.versions.get(kitchenId) ?? 0;
  }

  /** Moves on whenever the kitchen's devices change: a stream's token may be dead now. */
  devicesVersion(kitchenId: string): number {
    return this.deviceVersions.get(kitchenId) ?? 0;
  }

  /**
   * Wakes every stream of this process, to check their tokens too: after a gap in what other
   * processes told it.
   */
  wakeAll(): void {
    for (const kitchenId of [...this.listeners.keys()]) this.wake(kitchenId, true);
  }

  /** How many streams are open, over all kitchens (for tests and the log). */
  get size(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  /** Ends every stream, now and from now on. */
  close(): void {
    this.closed = true;
    for (const close of [...this.closers]) close();
  }
}
