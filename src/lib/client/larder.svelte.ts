/**
 * The page's handle on the tablet: the kitchen view, the sync status and the commands.
 * One instance per tab (`useLarder()`). Rules stay in the domain; this only wires the
 * database, the projection, the sync runner and the service worker to Svelte state.
 */
import { liveQuery } from 'dexie';
import { v4 as uuidv4 } from 'uuid';
import type { Command } from '$lib/domain/commands';
import type { KitchenState } from '$lib/domain/state';
import { m } from '$lib/paraglide/messages';
import { requestBackgroundSync } from './background-sync';
import { getMeta, LarderDb, type DeviceIdentity, type MetaValues } from './db';
import { ensureIdentity, pendingCount, setAsideCount, setAsideEntries } from './log';
import type { JoinRequest } from './pairing';
import { EMPTY_VIEW, type KitchenView } from './kitchen-view';
import { Projection } from './projection';
import { requestPersistence, storageInfo, type StorageInfo } from './storage';
import { SyncRunner } from './sync-runner';
import type { DistrictTransfers } from './transfers';
import { loadValidationWith } from './validation';

loadValidationWith(() => import('$lib/domain/validate'));
import { webLock } from './sync-engine';
import { registerServiceWorker, type ServiceWorkerHandle } from './sw-register';

export class Larder {
  readonly db = new LarderDb();
  // Raw: replaced whole on each change; deep proxies over 1000 rows would cost a frame.
  view = $state.raw<KitchenView>(EMPTY_VIEW);
  /** False while the view comes from the persisted snapshot, before the log is loaded. */
  live = $state(false);
  identity = $state<DeviceIdentity | undefined>(undefined);
  pending = $state(0);
  /** Entries the server refused, kept aside on this tablet (`log.ts`). */
  setAside = $state(0);
  /** How far this tablet's clock is off the server's, when it is too far (ms, + ahead). */
  clockSkew = $state<number | undefined>(undefined);
  lastSynced = $state<number | undefined>(undefined);
  /** The district's kitchens and this kitchen's transfers, as last heard (`transfers.ts`). */
  transfers = $state.raw<DistrictTransfers | undefined>(undefined);
  syncError = $state<MetaValues['syncError'] | undefined>(undefined);
  online = $state(true);
  syncing = $state(false);
  /** Events downloaded in a catch-up still under way, not in `view` yet (0 otherwise). */
  downloading = $state(0);
  streaming = $state(false);
  storage = $state<StorageInfo>({});
  updateReady = $state(false);
  /** The failure of the last start-up step, shown instead of the app. */
  fatal = $state<unknown>(undefined);
  /** Keeps `error` as the fatal failure; a rejection with no reason still shows as one. */
  private fail = (error: unknown) => (this.fatal = error ?? new Error('unknown'));

  private projection = new Projection(this.db, {
    onView: (view, live) => {
      this.view = view;
      this.live = live;
    },
    onDownload: (events) => (this.downloading = events),
    onError: (error) => this.fail(error),
  });
  private runner: SyncRunner;
  private sw: ServiceWorkerHandle | undefined;
  private recording: Promise<unknown> = Promise.resolve();
  private cleanups: (() => void)[] = [];

  constructor() {
    const lock = webLock();
    const locks = globalThis.navigator?.locks;
    this.runner = new SyncRunner({
      db: this.db,
      fetch: (input, init) => fetch(input, init),
      lock,
      ...(locks
        ? { hold: (name, signal, fn) => locks.request(name, { signal }, fn).then(() => undefined) }
        : {}),
      onChunk: (chunk, more) => this.projection.applyChunk(chunk, more),
      // What other kitchens send arrives with no event here to say so: the rounds (every
      // 30 s) ask every few minutes, with the code loaded the first time.
      transfers: () => import('./transfers'),
      healing: () => import('./healing'),
      signing: () => import('./signing'),
      onChange: (state) => {
        this.online = state.online;
        this.syncing = state.syncing;
        this.streaming = state.streaming;
      },
    });
  }

  async start(): Promise<void> {
    try {
      this.identity = await ensureIdentity(this.db, () => uuidv4(), {
        name: m.default_tablet_name(),
        actor: m.default_actor(),
      });
    } catch (error) {
      this.fail(error);
      return;
    }
    this.watchStatus();
    void this.projection.start().catch(this.fail);
    this.online = navigator.onLine;
    this.runner.start(navigator.onLine);
    this.listen(window, 'online', () => this.runner.setOnline(true));
    this.listen(window, 'offline', () => this.runner.setOnline(false));
    this.listen(document, 'visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.runner.trigger();
    });
    this.sw = registerServiceWorker(() => (this.updateReady = true));

    void this.refreshStorage(true);
  }

  stop(): void {
    this.runner.stop();
    this.projection.stop();
    for (const fn of this.cleanups.splice(0)) fn();
  }

  /**
   * The folded kitchen state, for the domain's projections. A live view: read it inside a
   * `$derived` that also reads `view`, which changes whenever the state does.
   */
  get state(): KitchenState {
    return this.projection.state;
  }

  /** The entries the server refused, with why, oldest first. */
  setAsideEntries() {
    return setAsideEntries(this.db);
  }

  /**
   * Records a command (one at a time per tab, so entries keep their order). Resolves once
   * the events are durable and shown, with their ids (for an Undo button), or with the
   * refusal or failure itself (a `DomainError`, `StorageFullError`...) and nothing saved,
   * for the screen to say in the chosen language.
   */
  async record(command: Command): Promise<{ error?: unknown; eventIds: string[] }> {
    const run = this.recording.then(async () => {
      const entries = await this.projection.record(command);
      // Push after the entry is drawn: starting a round touches Svelte state and IndexedDB.
      setTimeout(() => {
        void this.runner.trigger();
        if (!navigator.onLine || this.runner.current.error) void requestBackgroundSync();
      }, 0);
      return entries.map((e) => e.id);
    });
    this.recording = run.catch(() => undefined);
    try {
      return { eventIds: await run };
    } catch (error) {
      return { error, eventIds: [] };
    }
  }

  /** Joins a kitchen; the failure, if any, comes back as the error itself. */
  async join(request: JoinRequest): Promise<unknown> {
    try {
      // Once in a tablet's life: loaded then (the app shell stays small).
      const { joinKitchen } = await import('./pairing');
      this.identity = await joinKitchen(this.db, (i, init) => fetch(i, init), request);
      this.runner.setOnline(navigator.onLine);
      await this.runner.trigger();
      return undefined;
    } catch (error) {
      return error ?? new Error('unknown');
    }
  }

  async leave(): Promise<void> {
    const { leaveKitchen } = await import('./pairing');
    await leaveKitchen(this.db);
  }

  async rename(patch: { name?: string; actor?: string }): Promise<void> {
    const { updateIdentity } = await import('./pairing');
    await updateIdentity(this.db, patch);
  }

  /**
   * Asks the server for the district's kitchens and transfers now; resolves with the failure
   * (offline, refused) for the screen to say, the last lists staying shown.
   */
  async refreshTransfers(): Promise<unknown> {
    // Asked as a screen opens, perhaps before the identity is read: read it here.
    const link = (this.identity ?? (await getMeta(this.db, 'identity')))?.server;
    if (!link) return undefined;
    try {
      const { refreshTransfers } = await import('./transfers');
      await refreshTransfers(this.db, (i, init) => fetch(i, init), link, Date.now());
      return undefined;
    } catch (error) {
      return error ?? new Error('unknown');
    }
  }

  syncNow(): Promise<void> {
    return this.runner.trigger();
  }

  /** Reloads into the new version, once any entry being saved is saved. */
  async applyUpdate(): Promise<void> {
    await this.recording;
    this.sw?.activateUpdate();
  }

  async refreshStorage(askToPersist = false): Promise<void> {
    if (askToPersist) await requestPersistence();
    this.storage = await storageInfo();
  }

  private watchStatus(): void {
    // One read transaction: this runs again after every entry recorded.
    const subscription = liveQuery(() =>
      this.db.transaction('r', this.db.outbox, this.db.meta, async () => {
        const [pending, setAside, identity, lastSynced, syncError, clockSkew, transfers] =
          await Promise.all([
            pendingCount(this.db),
            setAsideCount(this.db),
            getMeta(this.db, 'identity'),
            getMeta(this.db, 'lastSynced'),
            getMeta(this.db, 'syncError'),
            getMeta(this.db, 'clockSkew'),
            getMeta(this.db, 'transfers'),
          ]);
        return { pending, setAside, identity, lastSynced, syncError, clockSkew, transfers };
      }),
    ).subscribe({
      next: (status) => {
        this.pending = status.pending;
        this.setAside = status.setAside;
        this.clockSkew = status.clockSkew;
        this.identity = status.identity;
        this.lastSynced = status.lastSynced;
        this.syncError = status.syncError;
        // Lists of a kitchen this tablet left are not shown.
        const kitchenId = status.identity?.server?.kitchenId;
        this.transfers = status.transfers?.kitchenId === kitchenId ? status.transfers : undefined;
      },
      error: this.fail,
    });
    this.cleanups.push(() => subscription.unsubscribe());
  }

  private listen(target: EventTarget, type: string, fn: () => void): void {
    target.addEventListener(type, fn);
    this.cleanups.push(() => target.removeEventListener(type, fn));
  }
}

let instance: Larder | undefined;

/** The tab's one `Larder`, started on first use. */
export function useLarder(): Larder {
  if (!instance) {
    instance = new Larder();
    void instance.start();
  }
  return instance;
}
