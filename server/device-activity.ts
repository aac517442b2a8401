/**
 * When each tablet last synced, for the district office: a push, a pull or an opened event
 * stream marks its device as seen, in memory; the marks are written in one go every
 * `everyMs` (and when asked, before the district's view is read, and at shutdown), not
 * one write per request.
 */
import type { Device, DeviceSeen, Store } from './storage/store';

export const ACTIVITY_EVERY_MS = 30_000;

export class DeviceActivity {
  private pending = new Map<string, DeviceSeen>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    private readonly log: (line: string) => void,
    private readonly everyMs = ACTIVITY_EVERY_MS,
  ) {}

  seen(device: Pick<Device, 'kitchenId' | 'deviceId'>): void {
    const { kitchenId, deviceId } = device;
    this.pending.set(`${kitchenId} ${deviceId}`, {
      kitchenId,
      deviceId,
      at: this.clock().toISOString(),
    });
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.everyMs);
      this.timer.unref();
    }
  }

  /** Writes the marks kept so far. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const seen = [...this.pending.values()];
    this.pending = new Map();
    if (seen.length === 0) return;
    try {
      await this.store.touchDevices(seen);
    } catch (error) {
      // A tablet's last sync shows older than it is; nothing else depends on it.
      this.log(`could not note when ${seen.length} devices last synced: ${String(error)}`);
    }
  }
}
