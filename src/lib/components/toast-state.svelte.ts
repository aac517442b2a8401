/** The one confirmation toast of the tab: a short message and, for a new entry, Undo. */
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
    this.show(error ? { text: `Could not undo: ${error}`, bad: true } : { text: 'Undone.' });
  }
}

export const toast = new ToastState();
