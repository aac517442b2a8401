/** The one confirmation toast of the tab: a short message and, for a new entry, Undo. */
import { m } from '$lib/paraglide/messages';

export interface ToastMessage {
  text: string;
  bad?: boolean;
  undo?: () => Promise<string | undefined>;
}

class ToastState {
  current = $state<ToastMessage | undefined>(undefined);
  private timer: ReturnType<typeof setTimeout> | undefined;

  show(message: ToastMessage, ms = message.undo ? 10_000 : 5_000): void {
    clearTimeout(this.timer);
    this.current = message;
    this.timer = setTimeout(() => this.clear(), ms);
  }

  clear(): void {
    clearTimeout(this.timer);
    this.current = undefined;
  }

  async runUndo(): Promise<void> {
    const undo = this.current?.undo;
    if (!undo) return;
    this.clear();
    const error = await undo();
    this.show(
      error
        ? { text: m.toast_undo_failed({ reason: error }), bad: true }
        : { text: m.toast_undone() },
    );
  }
}

export const toast = new ToastState();
